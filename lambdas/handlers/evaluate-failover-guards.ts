/** Failover step 2: every guard judged from fresh evidence; the run's plan, or FailoverRefused listing each guard and its evidence (nothing changed). In: { input, execution }. */
import { stepHandler } from '../runtime/step-handler';
import { failoverGuards } from '../services/failover-instances';
import type { ExecutionRef } from '../services/failover-lock-service';

export const handler = stepHandler('evaluate-failover-guards', (e: { input: unknown; execution: ExecutionRef }) =>
  failoverGuards().evaluate(e.input, e.execution),
);
