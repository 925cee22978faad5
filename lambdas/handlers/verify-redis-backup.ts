import { stepHandler } from '../runtime/step-handler';
import { redisBackupService } from '../services/redis-instances';
import type { VerifyProgressInput } from '../services/redis-backup-service';
import type { ExecutionRef } from '../services/backup-service';

/** Redis backup, step 4: both copies equal byte for byte and a valid RDB file, one slice per call. */
export const handler = stepHandler('verify-redis-backup', (e: VerifyProgressInput & { execution: ExecutionRef }) =>
  redisBackupService().verifyRedisBackup(e, e.execution),
);
