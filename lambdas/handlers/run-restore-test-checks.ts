/**
 * Restore test, SQL checks (this Lambda runs in the database's VPC): connects to the restored
 * instance (TLS, RDS CA bundle; credentials from Secrets Manager) and runs every check of
 * muejam.restoreTest (lambdas/services/sql-check-runner.ts). Never throws for a failed check:
 * the report says which failed and why.
 * In:  { plan: DbRestorePlan, restore: DbRestoreRef }   Out: ChecksOutcome { report, instance, credentialsFrom }
 */
import { stepHandler } from '../runtime/step-handler';
import { restoreTestChecks } from '../services/restore-test-instances';

export const handler = stepHandler(
  'run-restore-test-checks',
  (e: { plan: unknown; restore: { dbInstanceIdentifier?: string; region?: string } }) => restoreTestChecks().run(e),
);
