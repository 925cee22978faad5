/**
 * DR drill, failover rehearsal: the throwaway read replica of the restored drill instance, in
 * another AZ, with the drill tags (refused unless the source is this drill's own instance).
 * In: { drill, execution }   Out: DrillReplicaRef
 */
import type { DrillPlan } from '../domain/drill/drill-plan';
import { stepHandler } from '../runtime/step-handler';
import { drDrill } from '../services/dr-drill-instances';
import type { ExecutionRef } from '../services/execution-ref';

export const handler = stepHandler('create-drill-replica', (e: { drill: DrillPlan; execution: ExecutionRef }) =>
  drDrill().createReplica(e.drill, e.execution),
);
