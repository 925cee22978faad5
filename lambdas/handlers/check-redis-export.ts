import { stepHandler } from '../runtime/step-handler';
import { redisBackupService } from '../services/redis-instances';
import type { RedisExportRef } from '../services/redis-backup-service';

/** Wait step: returns the exported objects once every shard's file is in the bucket; NotReady before. */
export const handler = stepHandler('check-redis-export', (e: RedisExportRef) => redisBackupService().waitForRedisExport(e));
