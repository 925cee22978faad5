import { stepHandler } from '../runtime/step-handler';
import { redisBackupService } from '../services/redis-instances';
import type { RedisBackupRef } from '../services/redis-backup-service';

/** Redis backup, step 2: export the snapshot to the primary-region bucket (CopySnapshot with TargetBucket). */
export const handler = stepHandler('export-redis-snapshot', (e: { backup: RedisBackupRef }) =>
  redisBackupService().exportRedisBackup(e.backup),
);
