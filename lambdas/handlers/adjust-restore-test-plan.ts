/**
 * Restore test, after the reused validate step: the plan's instance settings for a throwaway
 * (muejam.restoreTest.instanceClass, the restore-test subnet group and security group that admits
 * only the SQL checker, single-AZ, no deletion protection, no automated backups).
 * In:  { plan: DbRestorePlan, target: RestoreTestTarget }   Out: DbRestorePlan
 */
import { stepHandler } from '../runtime/step-handler';
import type { RestoreTestTarget } from '../services/restore-test-service';
import { restoreTestService } from '../services/restore-test-instances';

export const handler = stepHandler('adjust-restore-test-plan', (e: { plan: unknown; target: RestoreTestTarget }) =>
  restoreTestService().adjust(e?.plan, e?.target),
);
