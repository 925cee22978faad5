import { stepHandler } from '../runtime/step-handler';
import { redisRestoreService } from '../services/redis-instances';
import type { RedisRestorePlan, StageResult } from '../services/redis-restore-service';
import type { ExecutionRef } from '../services/backup-service';

/** Redis restore, step 3: create the new replication group seeded from the staged objects. */
export const handler = stepHandler('create-redis-restore', (e: { plan: RedisRestorePlan; staged: StageResult; execution: ExecutionRef }) =>
  redisRestoreService().createRedisRestore(e, e.execution),
);
