/**
 * DR drill, step 1: validates the input, the goals and the drill DNS record (refused when it
 * is the production record); the drill's names and report keys. Creates nothing.
 * In: { input: $$.Execution.Input, execution: $$.Execution }   Out: DrillPlan
 */
import { stepHandler } from '../runtime/step-handler';
import { drDrill } from '../services/dr-drill-instances';
import type { ExecutionRef } from '../services/execution-ref';

export const handler = stepHandler('plan-dr-drill', (e: { input: unknown; execution: ExecutionRef }) =>
  drDrill().plan(e.input, e.execution),
);
