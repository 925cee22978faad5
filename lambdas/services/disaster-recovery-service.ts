/**
 * DisasterRecoveryService: the recovery verbs of the seed's API
 * (restoreFromBackup, restorePointInTime, failoverToReplica, checkReplicaHealth,
 * createReadReplica, testDisasterRecovery, restoreRedis). This file was created with
 * restoreRedis only; the other verbs are added by their workflows.
 *
 * Services a verb needs are passed in, so each step Lambda bundles only the SDK
 * clients of its own step.
 */
import { PreconditionFailed } from '../errors';
import type { RuntimeConfig } from '../runtime/runtime-config';
import type { RedisRestorePlan, RedisRestoreService } from './redis-restore-service';

export class DisasterRecoveryService {
  constructor(private readonly config: RuntimeConfig) {}

  /**
   * Redis/Valkey restore, step 1 of state-machines/redis-restore.asl.json: validates the operator's
   * request (every field named with what is allowed) and picks the backup that seeds a NEW
   * replication group in the primary or the backup region: the named one, or the newest verified
   * one in that region's bucket. Changes nothing; the workflow then stages, creates and waits.
   */
  restoreRedis(request: unknown, redis: Pick<RedisRestoreService, 'validateRedisRestore'>): Promise<RedisRestorePlan> {
    if (this.config.redisGroups.length === 0) {
      return Promise.reject(new PreconditionFailed('this deployment protects no Redis replication group (muejam.redisGroups is empty)'));
    }
    return redis.validateRedisRestore(request);
  }
}
