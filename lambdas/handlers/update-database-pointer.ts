/** Failover step 7: the database's pointer (SSM) names the new primary, so backups follow it. In: { plan }. */
import { stepHandler } from '../runtime/step-handler';
import type { FailoverPlan } from '../services/failover-guard-service';
import { failoverFinish } from '../services/failover-instances';

export const handler = stepHandler('update-database-pointer', (e: { plan: FailoverPlan }) => failoverFinish().updatePointer(e.plan));
