/** Failover step 6: a connection check and a SQL write probe of the new primary, and its automated backups on. In: { plan, promoted }. */
import { stepHandler } from '../runtime/step-handler';
import type { FailoverPlan } from '../services/failover-guard-service';
import { failoverFinish } from '../services/failover-instances';
import type { PromotedInstance } from '../services/failover-promotion-service';

export const handler = stepHandler('run-failover-post-checks', (e: { plan: FailoverPlan; promoted: PromotedInstance }) =>
  failoverFinish().postChecks(e.plan, e.promoted),
);
