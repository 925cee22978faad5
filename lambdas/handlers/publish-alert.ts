import { recordFailedRun } from '../services/run-outcome';
import { stepHandler } from '../runtime/step-handler';
import type { PublishFailureRequest } from '../services/alert-publisher';
import { alertPublisher } from '../services/instances';

/** Failure path of every workflow: publish what failed, where and why to the alert topic; count the failed run. */
export const handler = stepHandler('publish-alert', async (e: PublishFailureRequest) => {
  const published = await alertPublisher().publishFailure(e);
  recordFailedRun(published.alert);
  return published;
});
