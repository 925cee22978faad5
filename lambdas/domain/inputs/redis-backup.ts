/** Console input of the Redis/Valkey backup (state-machines/redis-backup.asl.json). */
import type { z } from 'zod';
import { isoDateTime, redisGroupId, strictInput } from './strict';

export const redisBackupInput = strictInput({
  /** The replication group to back up (one of muejam.redisGroups). */
  replicationGroupId: redisGroupId(),
  /** The schedule tick (names the snapshot); absent: the execution's start time. */
  scheduledTime: isoDateTime().optional(),
});

export type RedisBackupInput = z.output<typeof redisBackupInput>;

/** The README's console input (the schedule adds `scheduledTime`). */
export const redisBackupExample: RedisBackupInput = { replicationGroupId: 'muejam-redis-prod' };
