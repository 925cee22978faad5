import { redisBackupInput } from '../domain/inputs/redis-backup';
import { parseInput } from '../domain/inputs/strict';
import { stepHandler } from '../runtime/step-handler';
import { redisBackupService } from '../services/redis-instances';
import type { CreateRedisBackupRequest } from '../services/redis-backup-service';
import type { ExecutionRef } from '../services/backup-service';

/** Redis backup, step 1: create (or continue with) the day's snapshot of the replication group. The input is parsed strictly first. */
export const handler = stepHandler('create-redis-snapshot', (e: { request: CreateRedisBackupRequest; execution: ExecutionRef }) =>
  redisBackupService().createRedisBackup(parseInput(redisBackupInput, e.request), e.execution),
);
