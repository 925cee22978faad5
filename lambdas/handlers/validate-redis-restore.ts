import { stepHandler } from '../runtime/step-handler';
import { readRuntimeConfig } from '../runtime/runtime-config';
import { DisasterRecoveryService } from '../services/disaster-recovery-service';
import { redisRestoreService } from '../services/redis-instances';

/** Redis restore, step 1: validate the request and pick the backup (named, or the newest verified). Changes nothing. */
export const handler = stepHandler('validate-redis-restore', (e: { request: unknown }) =>
  new DisasterRecoveryService(readRuntimeConfig()).restoreRedis(e.request, redisRestoreService()),
);
