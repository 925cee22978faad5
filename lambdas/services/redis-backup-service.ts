/**
 * RedisBackupService: the steps of state-machines/redis-backup.asl.json. AWS Backup
 * does not cover ElastiCache, so this service makes, exports, copies and verifies:
 * the day's snapshot (replication-group level) -> export to the primary-region bucket
 * (one `<name>-NNNN.rdb` per shard) -> copy to the backup-region bucket -> verify (equal
 * byte for byte, valid RDB) -> verified markers in both buckets -> prune old snapshots.
 * ElastiCache calls: elasticache-snapshots.ts; which snapshots are ours: redis-snapshot-ownership.ts;
 * bucket objects: redis-bucket-objects.ts;
 * the sliced copy/compare: redis-export-transfer.ts.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { InvalidInput, NotReady, PreconditionFailed, TerminalStatus, VerificationFailed } from '../errors';
import type { ClientFactory } from '../runtime/clients';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { backupTime } from '../domain/backup/identifiers';
import { ownershipTags, type Tag } from '../domain/backup/ownership-tags';
import { validateRegion } from '../domain/deployment-regions';
import { buildRedisBackupManifest } from '../domain/redis/manifest';
import { redisBackupName, validateProtectedRedisGroup, validateRedisBackupName, verifiedMarkerKey } from '../domain/redis/names';
import { manualBackupHeadroom } from '../domain/redis/quota';
import { judgeRedisBackup } from '../domain/redis/verify-copies';
import { ElastiCacheSnapshots, groupFacts, shardCount, snapshotCreatedAt, snapshotRecord } from './elasticache-snapshots';
import type { ExecutionRef } from './execution-ref';
import type {
  CopyProgressInput,
  CopyResult,
  CreateRedisBackupRequest,
  ExportedObjects,
  RedisBackupOptions,
  RedisBackupRef,
  RedisBackupVerification,
  RedisExportRef,
  VerifyProgressInput,
} from './redis-backup-types';
import { listExportedObjects, markVerified } from './redis-bucket-objects';
import { assertOwnedSnapshot, deleteExpiredOwnedSnapshots } from './redis-snapshot-ownership';
import { compareExportSlice, copyExportSlice } from './redis-export-transfer';
import { MiB, sliceDeadline } from './s3-resumable';

export type * from './redis-backup-types';

const READY_SNAPSHOT = new Set(['available', 'copying', 'exporting', 'restoring']);
const WAITING_SNAPSHOT = new Set(['creating']);
const TERMINAL_SNAPSHOT = new Set(['failed', 'deleting', 'deleted']);

export class RedisBackupService {
  private readonly sliceMs: number;
  private readonly singleCopyMaxBytes: number;
  private readonly partBytes: number;
  private readonly chunkBytes: number;
  private readonly snapshots: ElastiCacheSnapshots;

  constructor(
    private readonly config: RuntimeConfig,
    private readonly options: RedisBackupOptions,
    private readonly clients: ClientFactory,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.sliceMs = options.sliceMs ?? 90_000;
    this.singleCopyMaxBytes = options.singleCopyMaxBytes ?? 1024 * MiB;
    this.partBytes = options.partBytes ?? 256 * MiB;
    this.chunkBytes = options.chunkBytes ?? 8 * MiB;
    this.snapshots = new ElastiCacheSnapshots(clients);
  }

  get buckets(): RedisBackupOptions['buckets'] {
    return this.options.buckets;
  }

  // ---- step 1: the day's snapshot -------------------------------------------

  /** Creates the day's snapshot of the group, or continues with it when a run of the same day made it. */
  async createRedisBackup(req: CreateRedisBackupRequest, execution: ExecutionRef): Promise<RedisBackupRef> {
    const group = validateProtectedRedisGroup('replicationGroupId', req?.replicationGroupId, this.config.redisGroups);
    const at = backupTime(req.scheduledTime, execution?.StartTime);
    const backupName = redisBackupName(this.config.snapshotPrefix, group, at);
    const region = this.config.primaryRegion;

    const rg = await this.snapshots.describeGroup(region, group);
    if (!rg) throw new PreconditionFailed(`no ElastiCache replication group named "${group}" in ${region}`);
    const base = { replicationGroupId: group, backupName, region, backupTime: at.toISOString(), ...groupFacts(rg) };

    const existing = await this.snapshots.describeSnapshot(region, backupName);
    if (existing) {
      await assertOwnedSnapshot(this.snapshots, region, existing, { deploymentId: this.config.deploymentId, group });
      return { ...base, reused: true };
    }
    if (rg.Status !== 'available') {
      throw new NotReady(`replication group ${group} is "${rg.Status}"; a backup can start once it is "available"`);
    }

    const quota = manualBackupHeadroom(
      (await this.snapshots.groupSnapshots(region, group)).map((s) => ({
        name: s.SnapshotName ?? '',
        source: s.SnapshotSource ?? '',
        createdAt: snapshotCreatedAt(s),
      })),
      this.now(),
    );
    if (quota.remaining === 0) {
      throw new PreconditionFailed(
        `replication group ${group} already has ${quota.used} manual backups in the last 24 hours (ElastiCache allows ${quota.limit} per node); ` +
          `the next one is possible after ${quota.nextSlotAt}`,
      );
    }

    const tags = ownershipTags({
      deploymentId: this.config.deploymentId,
      resource: group,
      regionRole: 'primary',
      execution: execution.Name,
    });
    if ((await this.snapshots.createSnapshot(region, group, backupName, tags)) === 'exists') {
      const raced = await this.snapshots.describeSnapshot(region, backupName);
      if (!raced) throw new TerminalStatus(`snapshot ${backupName} exists but cannot be described in ${region}`);
      await assertOwnedSnapshot(this.snapshots, region, raced, { deploymentId: this.config.deploymentId, group });
      return { ...base, reused: true, quota };
    }
    return { ...base, reused: false, quota: { ...quota, used: quota.used + 1, remaining: quota.remaining - 1 } };
  }

  /** Wait step: returns when the snapshot is complete; NotReady while it is being made. */
  async waitForRedisSnapshot(req: {
    region?: unknown;
    backupName?: unknown;
  }): Promise<{ region: string; backupName: string; status: string }> {
    const region = validateRegion('region', req?.region, this.config);
    const backupName = validateRedisBackupName('backupName', req?.backupName, this.config.snapshotPrefix);
    const s = await this.snapshots.describeSnapshot(region, backupName);
    if (!s) throw new TerminalStatus(`snapshot ${backupName} no longer exists in ${region}`);
    const status = s.SnapshotStatus ?? 'unknown';
    if (TERMINAL_SNAPSHOT.has(status)) throw new TerminalStatus(`snapshot ${backupName} in ${region} is "${status}"`);
    if (WAITING_SNAPSHOT.has(status) || !READY_SNAPSHOT.has(status)) {
      throw new NotReady(`snapshot ${backupName} in ${region} is "${status}"`);
    }
    return { region, backupName, status };
  }

  // ---- step 2: export to S3 --------------------------------------------------

  /** Exports the snapshot to the primary-region bucket (ElastiCache CopySnapshot with TargetBucket). */
  async exportRedisBackup(backup: RedisBackupRef): Promise<RedisExportRef> {
    const { region, backupName } = backup;
    const bucket = this.options.buckets.primary;
    const snapshot = await this.snapshots.describeSnapshot(region, backupName);
    if (!snapshot) throw new TerminalStatus(`snapshot ${backupName} no longer exists in ${region}`);
    const expectedObjects = shardCount(snapshot, backup.numNodeGroups);
    const requestedAt = this.now().toISOString();
    const ref = { bucket, region, backupName, expectedObjects, requestedAt };

    const present = await listExportedObjects(this.s3(region), bucket, backupName);
    if (present.length >= expectedObjects) return { ...ref, reused: true };
    const outcome = await this.snapshots.exportToBucket(region, backupName, bucket);
    return { ...ref, reused: outcome === 'exists' };
  }

  /** Wait step: returns the exported objects once every shard's file is in the bucket and the export is over. */
  async waitForRedisExport(exp: RedisExportRef): Promise<ExportedObjects> {
    const region = validateRegion('region', exp?.region, this.config);
    const backupName = validateRedisBackupName('backupName', exp?.backupName, this.config.snapshotPrefix);
    if (exp.bucket !== this.options.buckets.primary) {
      throw new InvalidInput('bucket', `"${exp.bucket}" is not this deployment's primary export bucket (${this.options.buckets.primary})`);
    }
    const snapshot = await this.snapshots.describeSnapshot(region, backupName);
    if (snapshot?.SnapshotStatus === 'exporting' || snapshot?.SnapshotStatus === 'copying') {
      throw new NotReady(`snapshot ${backupName} is still "${snapshot.SnapshotStatus}" to s3://${exp.bucket}`);
    }
    const objects = await listExportedObjects(this.s3(region), exp.bucket, backupName);
    if (objects.length < exp.expectedObjects) {
      throw new NotReady(`${objects.length} of ${exp.expectedObjects} exported object(s) of ${backupName} present in s3://${exp.bucket}`);
    }
    const empty = objects.find((o) => o.bytes === 0);
    if (empty) throw new VerificationFailed(`exported object s3://${exp.bucket}/${empty.key} is empty`);
    return { bucket: exp.bucket, region, objects, totalBytes: objects.reduce((n, o) => n + o.bytes, 0) };
  }

  // ---- step 3: copy to the backup region ---------------------------------------

  /**
   * Copies the exported objects to the backup-region bucket (same keys, encrypted there with
   * that bucket's CMK). Works for at most one slice; returns `done: false` with the progress
   * to hand back. A re-run finds finished copies (same size and source ETag) and skips them.
   */
  async copyRedisExport(input: CopyProgressInput, execution: ExecutionRef): Promise<CopyResult> {
    const { backup, exported } = input;
    const region = this.config.backupRegion;
    const bucket = this.options.buckets.backup;
    const outcome = await copyExportSlice({
      target: this.s3(region),
      exported,
      bucket,
      startIndex: input.progress?.index ?? 0,
      metadata: { 'muejam-execution': execution.Name.slice(0, 256) },
      tags: this.objectTags(backup.replicationGroupId, 'backup', execution),
      singleCopyMaxBytes: this.singleCopyMaxBytes,
      partBytes: this.partBytes,
      outOfTime: sliceDeadline(this.now, this.sliceMs),
    });
    if (!outcome.done) return { done: false, progress: outcome.progress, bucket, region, keys: [] };
    const keys = exported.objects.map((o) => o.key);
    return { done: true, bucket, region, keys, copiedAt: this.now().toISOString(), reused: outcome.reused };
  }

  // ---- step 4: verify ----------------------------------------------------------------

  /**
   * Verifies for real, one slice at a time: each object exists in both regions with the same
   * size, the two copies are equal byte for byte, and the bytes are a valid RDB file (magic and
   * version, EOF opcode, CRC-64 over the whole file). When every object passed, writes the
   * verified marker in both buckets and tags every copy; a failure throws VerificationFailed.
   */
  async verifyRedisBackup(input: VerifyProgressInput, execution: ExecutionRef): Promise<RedisBackupVerification> {
    const { backup, exported, copy } = input;
    const primary = this.s3(this.config.primaryRegion);
    const backupS3 = this.s3(this.config.backupRegion);
    const compared = await compareExportSlice({
      primary,
      backup: backupS3,
      exported,
      copyBucket: copy.bucket,
      progress: input.progress,
      chunkBytes: this.chunkBytes,
      outOfTime: sliceDeadline(this.now, this.sliceMs),
    });
    if (!compared.done) return { done: false, isValid: false, checks: [], failures: [], progress: compared.progress };
    const checks = compared.checks;

    const verdict = judgeRedisBackup(exported.objects.length, checks);
    if (!verdict.isValid) {
      throw new VerificationFailed(`Redis backup ${backup.backupName} failed verification: ${verdict.failures.join('; ')}`);
    }
    const verifiedAt = this.now().toISOString();
    // The snapshot records what a restore needs (engine version, node type), also where the group is gone.
    const snapshot = await this.snapshots.describeSnapshot(this.config.primaryRegion, backup.backupName);
    const manifest = buildRedisBackupManifest({
      deploymentId: this.config.deploymentId,
      backup,
      snapshot: snapshot && snapshotRecord(snapshot),
      verifiedAt,
      checks,
      execution: execution.Id,
    });
    const group = backup.replicationGroupId;
    const markerKey = verifiedMarkerKey(group, backup.backupName);
    const sides = [
      { s3: primary, bucket: exported.bucket, tags: this.objectTags(group, 'primary', execution) },
      { s3: backupS3, bucket: copy.bucket, tags: this.objectTags(group, 'backup', execution) },
    ];
    await markVerified(sides, { markerKey, manifest, keys: checks.map((c) => c.key), at: verifiedAt });
    return {
      done: true,
      ...verdict,
      backupName: backup.backupName,
      verifiedAt,
      objects: manifest.objects,
      markers: [`s3://${exported.bucket}/${markerKey}`, `s3://${copy.bucket}/${markerKey}`],
    };
  }

  // ---- step 5: ElastiCache snapshots past the retention --------------------------------

  /**
   * Deletes the group's ElastiCache snapshots that this deployment made and that are older
   * than the Redis retention, never the current backup (redis-snapshot-ownership.ts).
   * The exported objects expire by the buckets' lifecycle rule with the same retention.
   */
  async pruneRedisSnapshots(backup: RedisBackupRef): Promise<{ deleted: string[]; kept: number; retentionDays: number }> {
    const group = validateProtectedRedisGroup('backup.replicationGroupId', backup?.replicationGroupId, this.config.redisGroups);
    const retentionDays = this.options.retentionDays ?? 30;
    const { deleted, kept } = await deleteExpiredOwnedSnapshots(this.snapshots, {
      deploymentId: this.config.deploymentId,
      group,
      region: this.config.primaryRegion,
      prefix: this.config.snapshotPrefix,
      retentionDays,
      now: this.now(),
      current: backup.backupName,
    });
    return { deleted, kept, retentionDays };
  }

  // ---- helpers -------------------------------------------------------------------------

  private s3(region: string): S3Client {
    return this.clients(S3Client, region);
  }

  private objectTags(group: string, regionRole: 'primary' | 'backup', execution: ExecutionRef): Tag[] {
    return ownershipTags({ deploymentId: this.config.deploymentId, resource: group, regionRole, execution: execution.Name });
  }
}
