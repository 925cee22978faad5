/**
 * Restore test, teardown (every path, success or failure): deletes the instance THIS run
 * planned, only when its name and its tags (deployment, purpose restore-test, execution) say so;
 * a no-op when it is absent or already deleting. On a failure path (`failed: true`) it also
 * counts the failed run (RestoreTestFailed).
 * In:  { target: RestoreTestTarget, failed?: boolean }   Out: TeardownResult
 */
import { stepHandler } from '../runtime/step-handler';
import type { RestoreTestTarget } from '../services/restore-test-service';
import { restoreTestRecorder, restoreTestService } from '../services/restore-test-instances';

export const handler = stepHandler('teardown-restore-test', async (e: { target: RestoreTestTarget; failed?: boolean }) => {
  const result = await restoreTestService().teardown(e?.target);
  if (e?.failed === true) restoreTestRecorder().recordFailedRun(e.target);
  return result;
});
