/**
 * BackupService: the database backup steps (create, wait, copy, verify, metrics).
 * Handlers are thin over it; SDK clients come from the injected factory.
 */
import {
  AddTagsToResourceCommand,
  CopyDBSnapshotCommand,
  CreateDBSnapshotCommand,
  type DBSnapshot,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { DescribeKeyCommand, type KeyMetadata, KMSClient } from '@aws-sdk/client-kms';
import type { ClientFactory } from '../runtime/clients';
import { InvalidInput, NotReady, PreconditionFailed, TerminalStatus, VerificationFailed } from '../errors';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { backupTime, snapshotName, validateProtectedDatabase, validateRdsIdentifier } from '../domain/backup/identifiers';
import { copyTags, isOwned, ownershipTags, TAG, tagsToRecord } from '../domain/backup/ownership-tags';
import { classifySnapshotStatus } from '../domain/backup/snapshot-status';
import { describeFailures, type SnapshotFacts, type VerificationResult, verifySnapshotPair } from '../domain/backup/verify-snapshots';
import { hasCode, rethrowTyped } from './aws-errors';
import type { BackupMetricsReport } from '../domain/metrics/backup-metrics-report';
import { RetentionService, type CleanupResult } from './retention-service';
import type { CreateRedisBackupRequest, RedisBackupRef, RedisBackupService } from './redis-backup-service';

/** What getBackupMetrics delegates to (MetricsService). */
export interface BackupMetricsSource {
  getBackupMetrics(days: unknown): Promise<BackupMetricsReport>;
}

/** The parts of `$$.Execution` the steps use. */
export interface ExecutionRef {
  Id: string;
  Name: string;
  StartTime: string;
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
}

export class BackupService {
  constructor(
    private readonly config: RuntimeConfig,
    private readonly clients: ClientFactory,
    private readonly now: () => Date = () => new Date(),
    /** getBackupMetrics' reader (MetricsService, lambdas/services/rpo-setup.ts metricsServiceFor): injected so step Lambdas do not bundle it. */
    private readonly metrics?: BackupMetricsSource,
  ) {}

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
  backupRedisData(
    request: CreateRedisBackupRequest,
    execution: ExecutionRef,
    redis: Pick<RedisBackupService, 'createRedisBackup'>,
  ): Promise<RedisBackupRef> {
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
    const rds = this.rds(region);

    await this.describeInstance(db);
    let snapshot: DBSnapshot | undefined;
    let reused = false;
    try {
      const out = await rds.send(
        new CreateDBSnapshotCommand({
          DBInstanceIdentifier: db,
          DBSnapshotIdentifier: snapshotId,
          Tags: ownershipTags({ deploymentId: this.config.deploymentId, resource: db, regionRole: 'primary', execution: execution.Name }),
        }),
      );
      snapshot = out.DBSnapshot;
    } catch (err) {
      if (!hasCode(err, 'DBSnapshotAlreadyExists')) rethrowTyped(err, `CreateDBSnapshot ${snapshotId}`);
      snapshot = await this.describeSnapshot(region, snapshotId);
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
    const region = this.validateRegion('region', req?.region);
    const snapshotId = validateRdsIdentifier('snapshotId', req?.snapshotId, 255);
    const s = await this.describeSnapshot(region, snapshotId);
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
    const source = await this.describeSnapshot(backup.region, backup.snapshotId);
    if (!source) throw new TerminalStatus(`source snapshot ${backup.snapshotId} no longer exists in ${backup.region}`);
    this.assertOwned(source, backup.dbInstanceIdentifier, 'primary');
    await this.assertCustomerManagedSourceKey(source);
    const key = await this.backupRegionKey();
    const region = this.config.backupRegion;
    const rds = this.rds(region);
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
      const existing = await this.describeSnapshot(region, backup.snapshotId);
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
      this.describeSnapshot(backup.region, backup.snapshotId),
      this.describeSnapshot(copy.region, copy.snapshotId),
      this.describeInstance(backup.dbInstanceIdentifier),
      this.backupRegionKey(),
    ]);
    const missing = (id: string, region: string): SnapshotFacts => ({ id, arn: '', region, status: 'missing', encrypted: false });
    const result = verifySnapshotPair({
      source: source ? facts(source, backup.region) : missing(backup.snapshotId, backup.region),
      copy: copied ? facts(copied, copy.region) : missing(copy.snapshotId, copy.region),
      expectedSourceKeyArn: instance.KmsKeyId ?? '(instance not encrypted)',
      expectedCopyKeyArn: key.Arn!,
    });
    const verifiedAt = this.now().toISOString();
    if (result.isValid) {
      await Promise.all([
        this.tagVerified(backup.region, source!.DBSnapshotArn!, verifiedAt),
        this.tagVerified(copy.region, copied!.DBSnapshotArn!, verifiedAt),
      ]);
    }
    return { ...result, snapshotId: backup.snapshotId, verifiedAt };
  }

  /** verifyBackup for the workflow: throws VerificationFailed naming every failed check. */
  async verifyBackupOrFail(backup: BackupRef, copy: CopyRef): Promise<BackupVerification> {
    const result = await this.verifyBackup(backup, copy);
    if (!result.isValid) throw new VerificationFailed(`backup ${backup.snapshotId} failed verification: ${describeFailures(result)}`);
    return result;
  }

  // ---- helpers -------------------------------------------------------------

  private rds(region: string): RDSClient {
    return this.clients(RDSClient, region);
  }

  private validateRegion(field: string, value: unknown): string {
    const allowed = [this.config.primaryRegion, this.config.backupRegion];
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw new InvalidInput(field, `${JSON.stringify(value)} is not one of this deployment's regions: ${allowed.join(', ')}`);
    }
    return value;
  }

  private snapshotArn(region: string, id: string): string {
    return `arn:aws:rds:${region}:unknown:snapshot:${id}`;
  }

  private async describeInstance(db: string) {
    const region = this.config.primaryRegion;
    try {
      const out = await this.rds(region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: db }));
      const instance = out.DBInstances?.[0];
      if (!instance) throw new PreconditionFailed(`no RDS instance named "${db}" in ${region}`);
      return instance;
    } catch (err) {
      if (hasCode(err, 'DBInstanceNotFound')) throw new PreconditionFailed(`no RDS instance named "${db}" in ${region}`);
      return rethrowTyped(err, `DescribeDBInstances ${db}`);
    }
  }

  private async describeSnapshot(region: string, id: string): Promise<DBSnapshot | undefined> {
    try {
      const out = await this.rds(region).send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id }));
      return out.DBSnapshots?.[0];
    } catch (err) {
      if (hasCode(err, 'DBSnapshotNotFound')) return undefined;
      return rethrowTyped(err, `DescribeDBSnapshots ${id} in ${region}`);
    }
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

  private async describeKey(region: string, keyId: string): Promise<KeyMetadata | undefined> {
    try {
      const out = await this.clients(KMSClient, region).send(new DescribeKeyCommand({ KeyId: keyId }));
      return out.KeyMetadata;
    } catch (err) {
      if (hasCode(err, 'NotFoundException')) return undefined;
      return rethrowTyped(err, `DescribeKey ${keyId} in ${region}`);
    }
  }

  /** The backup region's CMK; a clear error when the backup-region stack is missing. */
  private async backupRegionKey(): Promise<KeyMetadata & { Arn: string }> {
    const { backupRegion, backupKmsKeyAlias } = this.config;
    const key = await this.describeKey(backupRegion, backupKmsKeyAlias);
    if (!key?.Arn) {
      throw new PreconditionFailed(
        `KMS key ${backupKmsKeyAlias} not found in the backup region ${backupRegion}: deploy the backup-region stack first (npx cdk deploy --all)`,
      );
    }
    if (key.KeyState && key.KeyState !== 'Enabled') {
      throw new PreconditionFailed(`KMS key ${backupKmsKeyAlias} in ${backupRegion} is ${key.KeyState}; it must be Enabled`);
    }
    return key as KeyMetadata & { Arn: string };
  }

  private async assertCustomerManagedSourceKey(source: DBSnapshot): Promise<void> {
    const region = this.config.primaryRegion;
    if (!source.Encrypted || !source.KmsKeyId) {
      throw new PreconditionFailed(
        `snapshot ${source.DBSnapshotIdentifier} is not encrypted; the database must be encrypted at rest with a customer-managed KMS key`,
      );
    }
    const key = await this.describeKey(region, source.KmsKeyId);
    if (!key)
      throw new PreconditionFailed(`KMS key ${source.KmsKeyId} of snapshot ${source.DBSnapshotIdentifier} is not accessible in ${region}`);
    if (key.KeyManager === 'AWS') {
      throw new PreconditionFailed(
        `snapshot ${source.DBSnapshotIdentifier} is encrypted with the AWS-managed key aws/rds (${source.KmsKeyId}); ` +
          'its policy cannot be managed or shared, so this system only copies snapshots under a customer-managed key: ' +
          're-encrypt the database with a CMK (see docs/runbook.md#default-aws-rds-key)',
      );
    }
  }

  private async tagVerified(region: string, arn: string, at: string): Promise<void> {
    try {
      await this.rds(region).send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: TAG.verifiedAt, Value: at }] }));
    } catch (err) {
      rethrowTyped(err, `AddTagsToResource ${arn}`);
    }
  }
}

function facts(s: DBSnapshot, region: string): SnapshotFacts {
  return {
    id: s.DBSnapshotIdentifier ?? '',
    arn: s.DBSnapshotArn ?? '',
    region,
    status: s.Status ?? 'unknown',
    encrypted: Boolean(s.Encrypted),
    kmsKeyId: s.KmsKeyId,
    engine: s.Engine,
    engineVersion: s.EngineVersion,
    allocatedStorage: s.AllocatedStorage,
  };
}
