import { stepHandler } from '../runtime/step-handler';
import { redisBackupService } from '../services/redis-instances';

/** Wait step: returns once the snapshot is complete; throws NotReady while it is being made. */
export const handler = stepHandler('check-redis-snapshot', (e: { region: string; backupName: string }) =>
  redisBackupService().waitForRedisSnapshot(e),
);
