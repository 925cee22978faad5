/**
 * BackupService: the database backup steps (create, wait, copy, verify, metrics).
 * Handlers are thin over it; SDK clients come from the injected factory.
 */
import { CopyDBSnapshotCommand, CreateDBSnapshotCommand, type DBSnapshot } from '@aws-sdk/client-rds';
import { PreconditionFailed, TerminalStatus, VerificationFailed, NotReady } from '../errors';
import type { ClientFactory } from '../runtime/clients';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { backupTime, snapshotName, validateProtectedDatabase, validateRdsIdentifier } from '../domain/backup/identifiers';
import { copyTags, isOwned, ownershipTags, TAG, tagsToRecord } from '../domain/backup/ownership-tags';
import { classifySnapshotStatus } from '../domain/backup/snapshot-status';
import { describeFailures, type SnapshotFacts, type VerificationResult, verifySnapshotPair } from '../domain/backup/verify-snapshots';
import { validateRegion } from '../domain/deployment-regions';
import type { BackupMetricsReport } from '../domain/metrics/backup-metrics-report';
import { hasCode, rethrowTyped } from './aws-errors';
import type { ExecutionRef } from './execution-ref';
import { KmsKeys } from './kms-keys';
import { RdsSnapshots, snapshotFacts } from './rds-snapshots';
import type { CreateRedisBackupRequest, RedisBackupRef, RedisSnapshotMaker } from './redis-backup-types';
import { type CleanupResult, RetentionService } from './retention-service';
import { resolveDatabaseInstance } from './database-pointer';

export type { ExecutionRef } from './execution-ref';

/** What getBackupMetrics delegates to (MetricsService). */
export interface BackupMetricsSource {
  getBackupMetrics(days: unknown): Promise<BackupMetricsReport>;
}

export interface CreateBackupRequest {
  dbInstanceIdentifier?: unknown;
  scheduledTime?: unknown;
}

/** The primary-region snapshot of one backup run. */
export interface BackupRef {
  dbInstanceIdentifier: string;
  snapshotId: string;
  snapshotArn: string;
  region: string;
  backupTime: string;
  /** True when a re-run found the snapshot of this schedule tick already made. */
  reused: boolean;
}

/** The backup-region copy. */
export interface CopyRef {
  snapshotId: string;
  snapshotArn: string;
  region: string;
  kmsKeyArn: string;
  requestedAt: string;
  reused: boolean;
}

export interface SnapshotStatus {
  region: string;
  snapshotId: string;
  status: string;
}

export interface BackupVerification extends VerificationResult {
  snapshotId: string;
  verifiedAt: string;
  /** The source snapshot's allocated storage (GiB), from the describe call above: the SnapshotSize metric. */
  allocatedStorageGiB?: number;
}

export class BackupService {
  private readonly rdsSnapshots: RdsSnapshots;
  private readonly kms: KmsKeys;

  constructor(
    private readonly config: RuntimeConfig,
    private readonly clients: ClientFactory,
    private readonly now: () => Date = () => new Date(),
    /** getBackupMetrics' reader (MetricsService, lambdas/services/rpo-setup.ts metricsServiceFor): injected so step Lambdas do not bundle it. */
    private readonly metrics?: BackupMetricsSource,
  ) {
    this.rdsSnapshots = new RdsSnapshots(clients);
    this.kms = new KmsKeys(clients);
  }

  /** The backup record of the last `days` days (success rate, counts, durations, newest verified backup per region, RPO compliance). */
  getBackupMetrics(days: unknown): Promise<BackupMetricsReport> {
    if (!this.metrics) {
      return Promise.reject(
        new PreconditionFailed('getBackupMetrics needs a metrics reader: construct BackupService with metricsServiceFor(config, clients)'),
      );
    }
    return this.metrics.getBackupMetrics(days);
  }

  /** Retention of one database in both regions (plan, deletes, report): see RetentionService. */
  cleanupOldBackups(dbInstanceId: string, o: { dryRun?: boolean } = {}): Promise<CleanupResult> {
    return new RetentionService(this.config, this.clients, this.now).cleanupOldBackups(dbInstanceId, o);
  }

  /**
   * Redis/Valkey backup of one replication group: the day's snapshot, reused by a re-run the same day
   * (step 1 of state-machines/redis-backup.asl.json; the workflow then exports, copies and verifies it).
   * The Redis service is passed in (lambdas/services/redis-instances.ts) so the database step Lambdas
   * do not bundle the ElastiCache and S3 clients.
   */
  backupRedisData(request: CreateRedisBackupRequest, execution: ExecutionRef, redis: RedisSnapshotMaker): Promise<RedisBackupRef> {
    return redis.createRedisBackup(request, execution);
  }

  /** Validates a database id: a valid identifier that this deployment protects. */
  validateDatabase(field: string, value: unknown): string {
    return validateProtectedDatabase(field, value, this.config.databases);
  }

  /** Step 1: creates the snapshot of this schedule tick (or continues with it when it already exists). */
  async createDatabaseBackup(req: CreateBackupRequest, execution: ExecutionRef): Promise<BackupRef> {
    const db = this.validateDatabase('dbInstanceIdentifier', req?.dbInstanceIdentifier);
    const at = backupTime(req.scheduledTime, execution?.StartTime);
    const snapshotId = snapshotName(this.config.snapshotPrefix, db, at);
    const region = this.config.primaryRegion;
    const rds = this.rdsSnapshots.rds(region);

    // After a failover the database is served by another instance (its pointer): back that one up, under the database's name.
    const instanceId = await resolveDatabaseInstance(this.clients, this.config, db);
    await this.rdsSnapshots.describeInstance(region, instanceId);
    // What the copy needs, checked before anything is created (issue 8): the backup region answers and holds this deployment's key.
    await this.kms.backupRegionKey(this.config.backupRegion, this.config.backupKmsKeyAlias);
    let snapshot: DBSnapshot | undefined;
    let reused = false;
    try {
      const out = await rds.send(
        new CreateDBSnapshotCommand({
          DBInstanceIdentifier: instanceId,
          DBSnapshotIdentifier: snapshotId,
          Tags: ownershipTags({ deploymentId: this.config.deploymentId, resource: db, regionRole: 'primary', execution: execution.Name }),
        }),
      );
      snapshot = out.DBSnapshot;
    } catch (err) {
      if (!hasCode(err, 'DBSnapshotAlreadyExists')) rethrowTyped(err, `CreateDBSnapshot ${snapshotId}`);
      snapshot = await this.rdsSnapshots.describeSnapshot(region, snapshotId);
      if (!snapshot) throw new TerminalStatus(`snapshot ${snapshotId} exists but cannot be described in ${region}`);
      this.assertOwned(snapshot, db, 'primary');
      reused = true;
    }
    return {
      dbInstanceIdentifier: db,
      snapshotId,
      snapshotArn: snapshot?.DBSnapshotArn ?? this.snapshotArn(region, snapshotId),
      region,
      backupTime: at.toISOString(),
      reused,
    };
  }

  /** Wait step: returns when the snapshot is available; throws NotReady (retried) or TerminalStatus. */
  async waitForSnapshot(req: { region?: unknown; snapshotId?: unknown }): Promise<SnapshotStatus> {
    const region = validateRegion('region', req?.region, this.config);
    const snapshotId = validateRdsIdentifier('snapshotId', req?.snapshotId, 255);
    const s = await this.rdsSnapshots.describeSnapshot(region, snapshotId);
    if (!s) throw new TerminalStatus(`snapshot ${snapshotId} no longer exists in ${region}`);
    const status = s.Status ?? 'unknown';
    const cls = classifySnapshotStatus(status);
    if (cls === 'terminal') throw new TerminalStatus(`snapshot ${snapshotId} in ${region} is "${status}"`);
    if (cls === 'waiting') {
      throw new NotReady(`snapshot ${snapshotId} in ${region} is "${status}" (${s.PercentProgress ?? 0}% done)`);
    }
    return { region, snapshotId, status };
  }

  /** Step 2: copies the snapshot to the backup region, re-encrypted with the backup region's CMK.
   *  The SDK signs the cross-region PreSignedUrl itself because the source is an ARN in another region. */
  async copyToBackupRegion(backup: BackupRef, execution: ExecutionRef): Promise<CopyRef> {
    const source = await this.rdsSnapshots.describeSnapshot(backup.region, backup.snapshotId);
    if (!source) throw new TerminalStatus(`source snapshot ${backup.snapshotId} no longer exists in ${backup.region}`);
    this.assertOwned(source, backup.dbInstanceIdentifier, 'primary');
    await this.kms.assertCustomerManagedSourceKey(this.config.primaryRegion, source);
    const key = await this.kms.backupRegionKey(this.config.backupRegion, this.config.backupKmsKeyAlias);
    const region = this.config.backupRegion;
    const rds = this.rdsSnapshots.rds(region);
    const requestedAt = this.now().toISOString();
    const sourceArn = source.DBSnapshotArn ?? backup.snapshotArn;
    try {
      const out = await rds.send(
        new CopyDBSnapshotCommand({
          SourceDBSnapshotIdentifier: sourceArn,
          TargetDBSnapshotIdentifier: backup.snapshotId,
          KmsKeyId: key.Arn,
          CopyTags: false,
          Tags: copyTags(tagsToRecord(source.TagList), sourceArn, execution.Name),
        }),
      );
      return {
        snapshotId: backup.snapshotId,
        snapshotArn: out.DBSnapshot?.DBSnapshotArn ?? this.snapshotArn(region, backup.snapshotId),
        region,
        kmsKeyArn: key.Arn!,
        requestedAt,
        reused: false,
      };
    } catch (err) {
      if (!hasCode(err, 'DBSnapshotAlreadyExists')) rethrowTyped(err, `CopyDBSnapshot ${backup.snapshotId} to ${region}`);
      const existing = await this.rdsSnapshots.describeSnapshot(region, backup.snapshotId);
      if (!existing) throw new TerminalStatus(`copy ${backup.snapshotId} exists but cannot be described in ${region}`);
      this.assertOwned(existing, backup.dbInstanceIdentifier, 'backup');
      const copyOf = tagsToRecord(existing.TagList)[TAG.copyOf];
      if (copyOf && copyOf !== sourceArn) {
        throw new PreconditionFailed(
          `copy ${backup.snapshotId} in ${region} is a copy of ${copyOf}, not of ${sourceArn}; refusing to reuse it`,
        );
      }
      return {
        snapshotId: backup.snapshotId,
        snapshotArn: existing.DBSnapshotArn ?? this.snapshotArn(region, backup.snapshotId),
        region,
        kmsKeyArn: key.Arn!,
        requestedAt,
        reused: true,
      };
    }
  }

  /** Step 3: checks both snapshots; tags both verified when every check passes. */
  async verifyBackup(backup: BackupRef, copy: CopyRef): Promise<BackupVerification> {
    const [source, copied, instance, key] = await Promise.all([
      this.rdsSnapshots.describeSnapshot(backup.region, backup.snapshotId),
      this.rdsSnapshots.describeSnapshot(copy.region, copy.snapshotId),
      resolveDatabaseInstance(this.clients, this.config, backup.dbInstanceIdentifier).then((id) =>
        this.rdsSnapshots.describeInstance(this.config.primaryRegion, id),
      ),
      this.kms.backupRegionKey(this.config.backupRegion, this.config.backupKmsKeyAlias),
    ]);
    const missing = (id: string, region: string): SnapshotFacts => ({ id, arn: '', region, status: 'missing', encrypted: false });
    const result = verifySnapshotPair({
      source: source ? snapshotFacts(source, backup.region) : missing(backup.snapshotId, backup.region),
      copy: copied ? snapshotFacts(copied, copy.region) : missing(copy.snapshotId, copy.region),
      expectedSourceKeyArn: instance.KmsKeyId ?? '(instance not encrypted)',
      expectedCopyKeyArn: key.Arn!,
    });
    const verifiedAt = this.now().toISOString();
    if (result.isValid) {
      await Promise.all([
        this.rdsSnapshots.tagVerified(backup.region, source!.DBSnapshotArn!, verifiedAt),
        this.rdsSnapshots.tagVerified(copy.region, copied!.DBSnapshotArn!, verifiedAt),
      ]);
    }
    return { ...result, snapshotId: backup.snapshotId, verifiedAt, allocatedStorageGiB: source?.AllocatedStorage };
  }

  /** verifyBackup for the workflow: throws VerificationFailed naming every failed check. */
  async verifyBackupOrFail(backup: BackupRef, copy: CopyRef): Promise<BackupVerification> {
    const result = await this.verifyBackup(backup, copy);
    if (!result.isValid) throw new VerificationFailed(`backup ${backup.snapshotId} failed verification: ${describeFailures(result)}`);
    return result;
  }

  // ---- helpers -------------------------------------------------------------

  private snapshotArn(region: string, id: string): string {
    return `arn:aws:rds:${region}:unknown:snapshot:${id}`;
  }

  private assertOwned(s: DBSnapshot, db: string, regionRole: 'primary' | 'backup'): void {
    const tags = tagsToRecord(s.TagList);
    if (!isOwned(tags, { deploymentId: this.config.deploymentId, resource: db, regionRole })) {
      throw new PreconditionFailed(
        `snapshot ${s.DBSnapshotIdentifier} exists but is not owned by deployment "${this.config.deploymentId}" ` +
          `for ${db} (${regionRole}); refusing to reuse or modify it`,
      );
    }
  }
}
