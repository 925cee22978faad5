/**
 * Database restore, step 2 (reusable). Creates the NEW instance, tagged with the plan's tags
 * (muejam:purpose = the caller's purpose); never touches an existing one. A retry continues with
 * the instance the same execution already made.
 * In:  { plan: DbRestorePlan, execution: $$.Execution }
 * Out: DbRestoreRef { dbInstanceIdentifier, region, dbInstanceArn, startedAt, resumed }
 */
import { stepHandler } from '../runtime/step-handler';
import type { ExecutionRef } from '../services/backup-service';
import { databaseRestoreService } from '../services/restore-instances';

export const handler = stepHandler('restore-db-instance', (e: { plan: unknown; execution: ExecutionRef }) =>
  databaseRestoreService().startRestore(e?.plan, e?.execution),
);
