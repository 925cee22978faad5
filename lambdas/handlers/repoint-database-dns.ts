/** Failover step 5: UPSERT the configured private-zone CNAME to the new primary. In: { plan, promoted }. */
import { stepHandler } from '../runtime/step-handler';
import type { FailoverPlan } from '../services/failover-guard-service';
import { failoverDns } from '../services/failover-instances';
import type { PromotedInstance } from '../services/failover-promotion-service';

export const handler = stepHandler('repoint-database-dns', (e: { plan: FailoverPlan; promoted: PromotedInstance }) =>
  failoverDns().repoint(e.plan, e.promoted),
);
