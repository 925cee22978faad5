/**
 * Database restore, verify step (reusable). NotReady while settings are being applied; then
 * VerificationFailed unless available, encrypted with the expected key, the source's engine and
 * version, and storage >= the source's.
 * In:  { plan: DbRestorePlan, restore: DbRestoreRef }
 * Out: { isValid: true, checks[], endpoint, port, verifiedAt }
 */
import { stepHandler } from '../runtime/step-handler';
import { databaseRestoreService } from '../services/restore-instances';

export const handler = stepHandler('verify-db-restore', (e: { plan: unknown; restore: unknown }) =>
  databaseRestoreService().verifyRestore(e),
);
