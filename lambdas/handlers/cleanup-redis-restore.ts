import { redisRestoreService } from '../services/redis-instances';
import type { RedisRestorePlan } from '../services/redis-restore-service';

/** Redis restore, last step and failure path: delete every version of the staged objects. */
export const handler = (e: { plan?: RedisRestorePlan }) => redisRestoreService().cleanupRedisRestore(e);
