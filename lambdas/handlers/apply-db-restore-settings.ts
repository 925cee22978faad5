/**
 * Database restore, post-restore settings (reusable). Brings the new instance to the plan's settings
 * where the restore call did not (ModifyDBInstance, ApplyImmediately), only on an instance tagged
 * as this deployment's restore.
 * In:  { plan: DbRestorePlan, restore: DbRestoreRef }
 * Out: { modified: string[] } (the ModifyDBInstance fields sent; [] when it already matched)
 */
import { stepHandler } from '../runtime/step-handler';
import { databaseRestoreService } from '../services/restore-instances';

export const handler = stepHandler('apply-db-restore-settings', (e: { plan: unknown; restore: unknown }) =>
  databaseRestoreService().applySettings(e),
);
