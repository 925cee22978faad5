import { stepHandler } from '../runtime/step-handler';
import { redisRestoreService } from '../services/redis-instances';
import type { RedisRestorePlan } from '../services/redis-restore-service';
import type { ExecutionRef } from '../services/backup-service';

/** Redis restore, step 2: copy the .rdb objects under restore-staging/ with SSE-S3 (what ElastiCache can seed from). */
export const handler = stepHandler(
  'stage-redis-restore',
  (e: { plan: RedisRestorePlan; progress?: { index: number } | null; execution: ExecutionRef }) =>
    redisRestoreService().stageRedisRestore(e, e.execution),
);
