import { stepHandler } from '../aws/step-handler';
import { alertPublisher } from '../services/instances';
import type { PublishFailureRequest } from '../services/alert-publisher';

/** Failure path of every workflow: publish what failed, where and why to the alert topic. */
export const handler = stepHandler('publish-alert', (e: PublishFailureRequest) => alertPublisher().publishFailure(e));
