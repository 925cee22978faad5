/** Failover step 4: tag, then PromoteReadReplica with the configured backup retention; a no-op when already promoted by this deployment. In: { plan, execution }. */
import { stepHandler } from '../runtime/step-handler';
import type { FailoverPlan } from '../services/failover-guard-service';
import { failoverPromotion } from '../services/failover-instances';
import type { ExecutionRef } from '../services/failover-lock-service';

export const handler = stepHandler('promote-replica', (e: { plan: FailoverPlan; execution: ExecutionRef }) =>
  failoverPromotion().promote(e.plan, e.execution),
);
