import { stepHandler } from '../runtime/step-handler';
import { redisRestoreService } from '../services/redis-instances';

/** Wait step: returns once the new group is available; throws NotReady while it is being created. */
export const handler = stepHandler('check-redis-restore', (e: { region: string; replicationGroupId: string }) =>
  redisRestoreService().waitForRedisRestore(e),
);
