/** Failover step 3: fence the old primary before promotion (security-group mode; stop mode fences after promotion). In: { plan }. */
import { stepHandler } from '../runtime/step-handler';
import type { FailoverPlan } from '../services/failover-guard-service';
import { failoverPromotion } from '../services/failover-instances';

export const handler = stepHandler('fence-old-primary', (e: { plan: FailoverPlan }) =>
  failoverPromotion().fence(e.plan, 'before-promotion'),
);
