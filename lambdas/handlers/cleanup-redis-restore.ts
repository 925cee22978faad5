import { stepHandler } from '../runtime/step-handler';
import { redisRestoreService } from '../services/redis-instances';
import type { RedisRestorePlan } from '../services/redis-restore-service';

/** Redis restore, last step and failure path: delete every version of the staged objects. */
export const handler = stepHandler('cleanup-redis-restore', (e: { plan?: RedisRestorePlan }) =>
  redisRestoreService().cleanupRedisRestore(e),
);
