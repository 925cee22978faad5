import { redisBackupService } from '../services/redis-instances';

/** Wait step: returns once the snapshot is complete; throws NotReady while it is being made. */
export const handler = (e: { region: string; backupName: string }) => redisBackupService().waitForRedisSnapshot(e);
