/**
 * DisasterRecoveryService: the recovery verbs of the seed's API
 * (restoreFromBackup, restorePointInTime, failoverToReplica, checkReplicaHealth,
 * createReadReplica, testDisasterRecovery, restoreRedis). The other verbs are added by their workflows.
 *
 * Services a verb needs are passed in, so each step Lambda bundles only the SDK
 * clients of its own step. The database verbs run the steps of state-machines/database-restore.asl.json
 * in-process (lambdas/services/restore-run.ts); the deployed system runs that state machine.
 */
import { InvalidInput, PreconditionFailed } from '../errors';
import type { RuntimeConfig } from '../runtime/runtime-config';
import type { RedisRestorePlan, RedisRestoreService } from './redis-restore-service';
import type { DbRestoreResult } from './restore-outcome-service';
import { type RestoreRunOptions, runDatabaseRestore } from './restore-run';

/** Options of the database restore verbs: where, for what, and the steps to run. */
export interface DbRestoreOptions extends RestoreRunOptions {
  /** The protected database; may be left out when the deployment protects exactly one. */
  dbInstanceIdentifier?: string;
  /** "primary" (default) or "backup". */
  region?: string;
  allowUnverified?: boolean;
  /** The muejam:purpose tag (default "restore"). */
  purpose?: string;
}

export class DisasterRecoveryService {
  constructor(private readonly config: RuntimeConfig) {}

  /** Restores `snapshotId` ("latest" = newest verified backup of the database in that region) into a NEW instance. */
  restoreFromBackup(snapshotId: string, targetInstanceId: string, options: DbRestoreOptions): Promise<DbRestoreResult> {
    return runDatabaseRestore(
      {
        dbInstanceIdentifier: this.database(options.dbInstanceIdentifier),
        targetDbInstanceIdentifier: targetInstanceId,
        region: options.region ?? 'primary',
        snapshotId,
        allowUnverified: options.allowUnverified,
        purpose: options.purpose,
      },
      options,
    );
  }

  /** Restores `sourceInstanceId` as it was at `restoreTime` ("latest" or an ISO time with a zone) into a NEW instance. */
  restorePointInTime(
    sourceInstanceId: string,
    targetInstanceId: string,
    restoreTime: string,
    options: DbRestoreOptions,
  ): Promise<DbRestoreResult> {
    return runDatabaseRestore(
      {
        dbInstanceIdentifier: sourceInstanceId,
        targetDbInstanceIdentifier: targetInstanceId,
        region: options.region ?? 'primary',
        restoreTime,
        purpose: options.purpose,
      },
      options,
    );
  }

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

  private database(db: string | undefined): string | undefined {
    if (db !== undefined) return db;
    if (this.config.databases.length === 1) return this.config.databases[0];
    throw new InvalidInput(
      'dbInstanceIdentifier',
      `is required when the deployment protects several databases: ${this.config.databases.join(', ')}`,
    );
  }
}
