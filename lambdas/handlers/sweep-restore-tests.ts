/**
 * Restore test, step 1 (janitor): deletes restore-test instances of this deployment older than
 * muejam.restoreTest.maxAgeHours (name and tags checked), both regions; when it finds one it
 * publishes a warning alert naming them (a teardown did not run).
 * In:  { execution: $$.Execution }   Out: SweepResult { found, kept, summary }
 */
import { stepHandler } from '../runtime/step-handler';
import type { ExecutionRef } from '../services/execution-ref';
import { alertPublisher } from '../services/instances';
import { RESTORE_TEST_WORKFLOW } from '../services/restore-test-record';
import { restoreTestService } from '../services/restore-test-instances';

export const handler = stepHandler('sweep-restore-tests', async (e: { execution: ExecutionRef & { Input?: unknown } }) => {
  const result = await restoreTestService().sweep();
  if (result.found.length > 0) {
    await alertPublisher().publishFailure({
      workflow: RESTORE_TEST_WORKFLOW,
      severity: 'warning',
      failedStep: 'janitor (leftover restore-test instances)',
      error: { Error: 'LeftoverRestoreTest', Cause: JSON.stringify({ errorMessage: result.summary }) },
      execution: e?.execution,
    });
  }
  return result;
});
