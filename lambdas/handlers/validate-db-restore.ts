/**
 * Database restore, step 1 (reusable: restore, restore test, DR drill).
 * In:  { request: { dbInstanceIdentifier, targetDbInstanceIdentifier, region: "primary"|"backup",
 *                   snapshotId: "latest"|<id> | restoreTime: "latest"|<ISO with zone>, allowUnverified?, purpose? },
 *        execution: $$.Execution }
 * Out: DbRestorePlan (lambdas/domain/restore/restore-plan.ts): source, target, region, window, settings, tags, warnings.
 * Changes nothing; InvalidInput names the field and what is allowed.
 */
import { stepHandler } from '../runtime/step-handler';
import type { ExecutionRef } from '../services/backup-service';
import { databaseRestoreService } from '../services/restore-instances';

export const handler = stepHandler('validate-db-restore', (e: { request: unknown; execution: ExecutionRef }) =>
  databaseRestoreService().validateRestore(e?.request, e?.execution),
);
