import { stepHandler } from '../runtime/step-handler';
import { redisBackupService } from '../services/redis-instances';
import type { RedisBackupRef } from '../services/redis-backup-service';

/** Redis backup, after verification: delete this deployment's ElastiCache snapshots of the group older than the retention. */
export const handler = stepHandler('prune-redis-snapshots', (e: { backup: RedisBackupRef }) =>
  redisBackupService().pruneRedisSnapshots(e.backup),
);
