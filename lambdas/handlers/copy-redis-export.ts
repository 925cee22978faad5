import { stepHandler } from '../runtime/step-handler';
import { redisBackupService } from '../services/redis-instances';
import type { CopyProgressInput } from '../services/redis-backup-service';
import type { ExecutionRef } from '../services/backup-service';

/** Redis backup, step 3: copy the exported objects to the backup-region bucket, one slice per call. */
export const handler = stepHandler('copy-redis-export', (e: CopyProgressInput & { execution: ExecutionRef }) =>
  redisBackupService().copyRedisExport(e, e.execution),
);
