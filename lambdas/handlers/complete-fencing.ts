/** Failover step after promotion: stop fencing stops the old primary now that promotion detached its replica; a no-op for the other modes. In: { plan }. */
import { stepHandler } from '../runtime/step-handler';
import type { FailoverPlan } from '../services/failover-guard-service';
import { failoverPromotion } from '../services/failover-instances';

export const handler = stepHandler('complete-fencing', (e: { plan: FailoverPlan }) => failoverPromotion().fence(e.plan, 'after-promotion'));
