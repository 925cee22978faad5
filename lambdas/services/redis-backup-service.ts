/**
 * RedisBackupService: the steps of the Redis/Valkey backup workflow
 * (state-machines/redis-backup.asl.json). AWS Backup does not cover ElastiCache,
 * so this service makes, exports, copies and verifies the backups itself:
 *
 *   create the day's snapshot (replication-group level, works in cluster mode)
 *   -> wait -> export to the primary-region bucket (ElastiCache CopySnapshot with
 *   TargetBucket; one `<name>-NNNN.rdb` per shard) -> wait for the objects
 *   -> copy each object to the backup-region bucket (explicit, resumable copy)
 *   -> verify: both copies equal byte for byte and a valid RDB (header, EOF, CRC-64)
 *   -> verified markers in both buckets -> metrics.
 *
 * Long work (copy, verify) runs in slices against a deadline and hands back a
 * small state; the ASL loops until `done`. SDK clients come from the injected factory.
 */
import {
  CopySnapshotCommand,
  CreateSnapshotCommand,
  DeleteSnapshotCommand,
  DescribeReplicationGroupsCommand,
  DescribeSnapshotsCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
  type ReplicationGroup,
  type Snapshot,
} from '@aws-sdk/client-elasticache';
import { GetObjectTaggingCommand, ListObjectsV2Command, PutObjectCommand, PutObjectTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import type { ClientFactory } from '../runtime/clients';
import { InvalidInput, NotReady, PreconditionFailed, TerminalStatus, VerificationFailed } from '../errors';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { backupTime } from '../domain/backup/identifiers';
import { isOwned, ownershipTags, type Tag, TAG, tagsToRecord } from '../domain/backup/ownership-tags';
import type { ExportedObject, RedisBackupManifest } from '../domain/redis/manifest';
import { exportShardOf, redisBackupName, validateRedisGroupId, verifiedMarkerKey } from '../domain/redis/names';
import { manualBackupHeadroom, type QuotaHeadroom } from '../domain/redis/quota';
import { expiredRedisSnapshots } from '../domain/redis/snapshot-expiry';
import { judgeRedisBackup, type ObjectCheck, type RedisVerification } from '../domain/redis/verify-copies';
import { hasCode, rethrowTyped } from './aws-errors';
import type { RedisBuckets } from './redis-config';
import { type CompareState, compareAndVerifyResumable, copyObjectResumable, headObject, MiB } from './s3-resumable';
import type { ExecutionRef } from './backup-service';

export interface RedisBackupOptions {
  buckets: RedisBuckets;
  /** Working time of one copy/verify invocation before it hands over (ms). Default 90 s of the 2-minute Lambda. */
  sliceMs?: number;
  /** Objects up to this size are copied with one CopyObject (default 1 GiB). */
  singleCopyMaxBytes?: number;
  /** Part size of multipart copies (default 256 MiB; S3 allows 5 MiB..5 GiB). */
  partBytes?: number;
  /** Range size of the byte-for-byte comparison (default 8 MiB; two are held at once). */
  chunkBytes?: number;
  /** Days the group's ElastiCache snapshots are kept (default 30; the buckets' lifecycle keeps the exports as long). */
  retentionDays?: number;
}

export interface CreateRedisBackupRequest {
  replicationGroupId?: unknown;
  scheduledTime?: unknown;
}

/** Step 1's result: the day's snapshot of one group. */
export interface RedisBackupRef {
  replicationGroupId: string;
  backupName: string;
  region: string;
  backupTime: string;
  /** True when a re-run found the day's snapshot already made (no second manual backup). */
  reused: boolean;
  engine?: string;
  cacheNodeType?: string;
  clusterModeEnabled: boolean;
  numNodeGroups: number;
  quota?: QuotaHeadroom;
}

export interface RedisExportRef {
  bucket: string;
  region: string;
  backupName: string;
  expectedObjects: number;
  requestedAt: string;
  reused: boolean;
}

export interface ExportedObjectRef {
  key: string;
  bytes: number;
  etag: string;
}

export interface ExportedObjects {
  bucket: string;
  region: string;
  objects: ExportedObjectRef[];
  totalBytes: number;
}

export interface CopyProgressInput {
  backup: RedisBackupRef;
  exported: ExportedObjects;
  /** From the previous slice; absent on the first call. */
  progress?: { index: number } | null;
}

export interface CopyResult {
  done: boolean;
  progress?: { index: number; partsDone?: number; parts?: number };
  bucket: string;
  region: string;
  keys: string[];
  copiedAt?: string;
  reused?: boolean;
}

export interface VerifyProgressInput {
  backup: RedisBackupRef;
  exported: ExportedObjects;
  copy: CopyResult;
  progress?: { index: number; checks: ObjectCheck[]; compare?: CompareState } | null;
}

export interface RedisBackupVerification extends RedisVerification {
  done: boolean;
  progress?: { index: number; checks: ObjectCheck[]; compare?: CompareState };
  backupName?: string;
  verifiedAt?: string;
  objects?: ExportedObject[];
  markers?: string[];
}

const READY_SNAPSHOT = new Set(['available', 'copying', 'exporting', 'restoring']);
const WAITING_SNAPSHOT = new Set(['creating']);
const TERMINAL_SNAPSHOT = new Set(['failed', 'deleting', 'deleted']);

export class RedisBackupService {
  private readonly sliceMs: number;
  private readonly singleCopyMaxBytes: number;
  private readonly partBytes: number;
  private readonly chunkBytes: number;

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
  }

  get buckets(): RedisBuckets {
    return this.options.buckets;
  }

  /** A replication group id this deployment protects, or InvalidInput naming the field. */
  validateGroup(field: string, value: unknown): string {
    const group = validateRedisGroupId(field, value);
    if (!this.config.redisGroups.includes(group)) {
      const allowed = this.config.redisGroups.length ? this.config.redisGroups.join(', ') : '(none configured)';
      throw new InvalidInput(field, `unknown replication group "${group}"; this deployment protects: ${allowed}`);
    }
    return group;
  }

  // ---- step 1: the day's snapshot -------------------------------------------

  /** Creates the day's snapshot of the group, or continues with it when a run of the same day made it. */
  async createRedisBackup(req: CreateRedisBackupRequest, execution: ExecutionRef): Promise<RedisBackupRef> {
    const group = this.validateGroup('replicationGroupId', req?.replicationGroupId);
    const at = backupTime(req.scheduledTime, execution?.StartTime);
    const backupName = redisBackupName(this.config.snapshotPrefix, group, at);
    const region = this.config.primaryRegion;
    const elasticache = this.ec(region);

    const rg = await this.describeGroup(region, group);
    if (!rg) throw new PreconditionFailed(`no ElastiCache replication group named "${group}" in ${region}`);
    const base = {
      replicationGroupId: group,
      backupName,
      region,
      backupTime: at.toISOString(),
      ...groupFacts(rg),
    };

    const existing = await this.describeSnapshot(region, backupName);
    if (existing) {
      await this.assertOwnedSnapshot(region, existing, group);
      return { ...base, reused: true };
    }
    if (rg.Status !== 'available') {
      throw new NotReady(`replication group ${group} is "${rg.Status}"; a backup can start once it is "available"`);
    }

    const quota = manualBackupHeadroom(
      (await this.groupSnapshots(region, group)).map((s) => ({
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

    try {
      await elasticache.send(
        new CreateSnapshotCommand({
          ReplicationGroupId: group,
          SnapshotName: backupName,
          Tags: ownershipTags({
            deploymentId: this.config.deploymentId,
            resource: group,
            regionRole: 'primary',
            execution: execution.Name,
          }),
        }),
      );
    } catch (err) {
      if (!hasCode(err, 'SnapshotAlreadyExists', 'SnapshotAlreadyExistsFault')) rethrowTyped(err, `CreateSnapshot ${backupName}`);
      const raced = await this.describeSnapshot(region, backupName);
      if (!raced) throw new TerminalStatus(`snapshot ${backupName} exists but cannot be described in ${region}`);
      await this.assertOwnedSnapshot(region, raced, group);
      return { ...base, reused: true, quota };
    }
    return { ...base, reused: false, quota: { ...quota, used: quota.used + 1, remaining: quota.remaining - 1 } };
  }

  /** Wait step: returns when the snapshot is complete; NotReady while it is being made. */
  async waitForRedisSnapshot(req: {
    region?: unknown;
    backupName?: unknown;
  }): Promise<{ region: string; backupName: string; status: string }> {
    const region = this.validateRegion('region', req?.region);
    const backupName = this.validateBackupName('backupName', req?.backupName);
    const s = await this.describeSnapshot(region, backupName);
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
    const snapshot = await this.describeSnapshot(region, backupName);
    if (!snapshot) throw new TerminalStatus(`snapshot ${backupName} no longer exists in ${region}`);
    const expectedObjects = shardCount(snapshot, backup.numNodeGroups);
    const requestedAt = this.now().toISOString();

    const present = await this.exportedObjects(region, bucket, backupName);
    if (present.length >= expectedObjects) {
      return { bucket, region, backupName, expectedObjects, requestedAt, reused: true };
    }
    try {
      await this.ec(region).send(
        new CopySnapshotCommand({ SourceSnapshotName: backupName, TargetSnapshotName: backupName, TargetBucket: bucket }),
      );
    } catch (err) {
      const message = (err as Error).message ?? '';
      if (/already contains an object/i.test(message) || hasCode(err, 'SnapshotAlreadyExists', 'SnapshotAlreadyExistsFault')) {
        return { bucket, region, backupName, expectedObjects, requestedAt, reused: true };
      }
      if (/has not been granted|permission/i.test(message)) {
        throw new PreconditionFailed(
          `ElastiCache cannot write to s3://${bucket}: ${message}. The bucket policy must grant ${region}.elasticache-snapshot.amazonaws.com ` +
            'the export permissions (deployed by the primary stack; see docs/runbook.md#redis-backups)',
        );
      }
      rethrowTyped(err, `CopySnapshot ${backupName} to s3://${bucket}`);
    }
    return { bucket, region, backupName, expectedObjects, requestedAt, reused: false };
  }

  /** Wait step: returns the exported objects once every shard's file is in the bucket and the export is over. */
  async waitForRedisExport(exp: RedisExportRef): Promise<ExportedObjects> {
    const region = this.validateRegion('region', exp?.region);
    const backupName = this.validateBackupName('backupName', exp?.backupName);
    if (exp.bucket !== this.options.buckets.primary) {
      throw new InvalidInput('bucket', `"${exp.bucket}" is not this deployment's primary export bucket (${this.options.buckets.primary})`);
    }
    const snapshot = await this.describeSnapshot(region, backupName);
    if (snapshot?.SnapshotStatus === 'exporting' || snapshot?.SnapshotStatus === 'copying') {
      throw new NotReady(`snapshot ${backupName} is still "${snapshot.SnapshotStatus}" to s3://${exp.bucket}`);
    }
    const objects = await this.exportedObjects(region, exp.bucket, backupName);
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
    const outOfTime = this.deadline();
    const target = this.s3(this.config.backupRegion);
    const bucket = this.options.buckets.backup;
    let reusedAll = true;
    for (let i = input.progress?.index ?? 0; i < exported.objects.length; i++) {
      const obj = exported.objects[i];
      const outcome = await copyObjectResumable({
        target,
        source: { bucket: exported.bucket, key: obj.key, bytes: obj.bytes, etag: obj.etag },
        to: { bucket, key: obj.key },
        metadata: { 'muejam-execution': execution.Name.slice(0, 256) },
        tags: this.objectTags(backup.replicationGroupId, 'backup', execution),
        singleCopyMaxBytes: this.singleCopyMaxBytes,
        partBytes: this.partBytes,
        outOfTime,
      });
      if (outcome.state === 'in-progress') {
        return {
          done: false,
          progress: { index: i, partsDone: outcome.partsDone, parts: outcome.parts },
          bucket,
          region: this.config.backupRegion,
          keys: [],
        };
      }
      reusedAll &&= outcome.reused;
      if (i + 1 < exported.objects.length && outOfTime()) {
        return { done: false, progress: { index: i + 1 }, bucket, region: this.config.backupRegion, keys: [] };
      }
    }
    return {
      done: true,
      bucket,
      region: this.config.backupRegion,
      keys: exported.objects.map((o) => o.key),
      copiedAt: this.now().toISOString(),
      reused: reusedAll,
    };
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
    const outOfTime = this.deadline();
    const primary = this.s3(this.config.primaryRegion);
    const backupS3 = this.s3(this.config.backupRegion);
    const checks: ObjectCheck[] = [...(input.progress?.checks ?? [])];
    let compare = input.progress?.compare;

    for (let i = input.progress?.index ?? 0; i < exported.objects.length; i++) {
      const key = exported.objects[i].key;
      const [p, b] = await Promise.all([
        headObject(primary, { bucket: exported.bucket, key }),
        headObject(backupS3, { bucket: copy.bucket, key }),
      ]);
      const check: ObjectCheck = { key, primaryBytes: p?.ContentLength, backupBytes: b?.ContentLength, comparedBytes: 0 };
      if (p && b && p.ContentLength === b.ContentLength && p.ETag && b.ETag) {
        const outcome = await compareAndVerifyResumable({
          primary: { s3: primary, object: { bucket: exported.bucket, key }, etag: p.ETag },
          backup: { s3: backupS3, object: { bucket: copy.bucket, key }, etag: b.ETag },
          bytes: p.ContentLength!,
          chunkBytes: this.chunkBytes,
          state: compare,
          outOfTime,
        });
        if (outcome.state === 'in-progress') {
          return { done: false, isValid: false, checks: [], failures: [], progress: { index: i, checks, compare: outcome.resume } };
        }
        check.comparedBytes = outcome.comparedBytes;
        if (outcome.firstDifferenceAt !== undefined) check.firstDifferenceAt = outcome.firstDifferenceAt;
        else check.rdb = outcome.verifier.finish({ expectedBytes: p.ContentLength });
      }
      compare = undefined;
      checks.push(check);
      if (i + 1 < exported.objects.length && outOfTime()) {
        return { done: false, isValid: false, checks: [], failures: [], progress: { index: i + 1, checks } };
      }
    }

    const verdict = judgeRedisBackup(exported.objects.length, checks);
    if (!verdict.isValid) {
      throw new VerificationFailed(`Redis backup ${backup.backupName} failed verification: ${verdict.failures.join('; ')}`);
    }
    const verifiedAt = this.now().toISOString();
    // The snapshot records what a restore needs (engine version, node type), also where the group is gone.
    const snapshot = await this.describeSnapshot(this.config.primaryRegion, backup.backupName);
    const objects: ExportedObject[] = checks.map((c) => ({
      key: c.key,
      bytes: c.primaryBytes!,
      rdb: `${c.rdb!.magic} ${c.rdb!.version}`,
      crc64: c.rdb!.storedCrc!,
    }));
    const manifest: RedisBackupManifest = {
      kind: 'muejam-backup-dr/redis-backup',
      version: 1,
      deploymentId: this.config.deploymentId,
      replicationGroupId: backup.replicationGroupId,
      backupName: backup.backupName,
      backupDay: backup.backupTime.slice(0, 10),
      snapshotCreatedAt: snapshot ? snapshotCreatedAt(snapshot)?.toISOString() : undefined,
      verifiedAt,
      engine: snapshot?.Engine ?? backup.engine,
      engineVersion: snapshot?.EngineVersion,
      cacheNodeType: snapshot?.CacheNodeType ?? backup.cacheNodeType,
      numNodeGroups: backup.numNodeGroups,
      clusterModeEnabled: backup.clusterModeEnabled,
      objects,
      execution: execution.Id,
    };
    const markerKey = verifiedMarkerKey(backup.replicationGroupId, backup.backupName);
    await Promise.all([
      this.writeMarker(primary, exported.bucket, markerKey, manifest, backup.replicationGroupId, 'primary', execution),
      this.writeMarker(backupS3, copy.bucket, markerKey, manifest, backup.replicationGroupId, 'backup', execution),
      ...checks.map((c) => this.tagVerified(primary, exported.bucket, c.key, backup.replicationGroupId, 'primary', execution, verifiedAt)),
      ...checks.map((c) => this.tagVerified(backupS3, copy.bucket, c.key, backup.replicationGroupId, 'backup', execution, verifiedAt)),
    ]);
    return {
      done: true,
      ...verdict,
      backupName: backup.backupName,
      verifiedAt,
      objects,
      markers: [`s3://${exported.bucket}/${markerKey}`, `s3://${copy.bucket}/${markerKey}`],
    };
  }

  // ---- step 5: ElastiCache snapshots past the retention --------------------------------

  /**
   * Deletes the group's ElastiCache snapshots that this deployment made and that are older
   * than the Redis retention (by ElastiCache's creation time), never the current backup.
   * The exported objects expire by the buckets' lifecycle rule with the same retention.
   * Tags are read for the expired candidates only (about one per day), not for every snapshot.
   */
  async pruneRedisSnapshots(backup: RedisBackupRef): Promise<{ deleted: string[]; kept: number; retentionDays: number }> {
    const group = this.validateGroup('backup.replicationGroupId', backup?.replicationGroupId);
    const region = this.config.primaryRegion;
    const retentionDays = this.options.retentionDays ?? 30;
    const snapshots = await this.groupSnapshots(region, group);
    const candidates = expiredRedisSnapshots({
      snapshots: snapshots.map((s) => ({ name: s.SnapshotName ?? '', createdAt: snapshotCreatedAt(s) })),
      prefix: this.config.snapshotPrefix,
      group,
      retentionDays,
      now: this.now(),
      current: backup.backupName,
    });
    const deleted: string[] = [];
    for (const name of candidates) {
      const s = snapshots.find((x) => x.SnapshotName === name)!;
      const tags = s.ARN ? await this.snapshotTags(region, s.ARN) : {};
      if (!isOwned(tags, { deploymentId: this.config.deploymentId, resource: group, regionRole: 'primary' })) continue;
      try {
        await this.ec(region).send(new DeleteSnapshotCommand({ SnapshotName: name }));
        deleted.push(name);
      } catch (err) {
        if (hasCode(err, 'SnapshotNotFoundFault', 'SnapshotNotFound')) continue;
        rethrowTyped(err, `DeleteSnapshot ${name}`);
      }
    }
    return { deleted, kept: snapshots.length - deleted.length, retentionDays };
  }

  // ---- helpers -------------------------------------------------------------------------

  private ec(region: string): ElastiCacheClient {
    return this.clients(ElastiCacheClient, region);
  }

  private s3(region: string): S3Client {
    return this.clients(S3Client, region);
  }

  private deadline(): () => boolean {
    const until = this.now().getTime() + this.sliceMs;
    return () => this.now().getTime() >= until;
  }

  private validateRegion(field: string, value: unknown): string {
    const allowed = [this.config.primaryRegion, this.config.backupRegion];
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw new InvalidInput(field, `${JSON.stringify(value)} is not one of this deployment's regions: ${allowed.join(', ')}`);
    }
    return value;
  }

  private validateBackupName(field: string, value: unknown): string {
    if (typeof value !== 'string' || !value.startsWith(`${this.config.snapshotPrefix}-`) || !/^[a-z][a-z0-9-]*-\d{8}$/.test(value)) {
      throw new InvalidInput(
        field,
        `${JSON.stringify(value)} is not a Redis backup name of this system (${this.config.snapshotPrefix}-<group>-YYYYMMDD)`,
      );
    }
    return value;
  }

  private objectTags(group: string, regionRole: 'primary' | 'backup', execution: ExecutionRef): Tag[] {
    return ownershipTags({ deploymentId: this.config.deploymentId, resource: group, regionRole, execution: execution.Name });
  }

  async describeGroup(region: string, group: string): Promise<ReplicationGroup | undefined> {
    try {
      const out = await this.ec(region).send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: group }));
      return out.ReplicationGroups?.[0];
    } catch (err) {
      if (hasCode(err, 'ReplicationGroupNotFoundFault', 'ReplicationGroupNotFound')) return undefined;
      return rethrowTyped(err, `DescribeReplicationGroups ${group} in ${region}`);
    }
  }

  private async describeSnapshot(region: string, name: string): Promise<Snapshot | undefined> {
    try {
      const out = await this.ec(region).send(new DescribeSnapshotsCommand({ SnapshotName: name }));
      return out.Snapshots?.find((s) => s.SnapshotName === name);
    } catch (err) {
      if (hasCode(err, 'SnapshotNotFoundFault', 'SnapshotNotFound')) return undefined;
      return rethrowTyped(err, `DescribeSnapshots ${name} in ${region}`);
    }
  }

  /** Every manual snapshot of the group (paginated with Marker). */
  private async groupSnapshots(region: string, group: string): Promise<Snapshot[]> {
    const all: Snapshot[] = [];
    let marker: string | undefined;
    do {
      try {
        const out = await this.ec(region).send(
          new DescribeSnapshotsCommand({ ReplicationGroupId: group, SnapshotSource: 'user', Marker: marker, MaxRecords: 50 }),
        );
        all.push(...(out.Snapshots ?? []));
        marker = out.Marker && out.Marker !== marker ? out.Marker : undefined;
      } catch (err) {
        return rethrowTyped(err, `DescribeSnapshots of ${group} in ${region}`);
      }
    } while (marker);
    return all;
  }

  private async snapshotTags(region: string, arn: string): Promise<Record<string, string>> {
    try {
      const out = await this.ec(region).send(new ListTagsForResourceCommand({ ResourceName: arn }));
      return tagsToRecord(out.TagList);
    } catch (err) {
      return rethrowTyped(err, `ListTagsForResource ${arn}`);
    }
  }

  private async assertOwnedSnapshot(region: string, s: Snapshot, group: string): Promise<void> {
    const tags = s.ARN ? await this.snapshotTags(region, s.ARN) : {};
    if (!isOwned(tags, { deploymentId: this.config.deploymentId, resource: group, regionRole: 'primary' })) {
      throw new PreconditionFailed(
        `snapshot ${s.SnapshotName} exists but is not owned by deployment "${this.config.deploymentId}" for ${group}; refusing to reuse it`,
      );
    }
  }

  /** The objects of export `name` in `bucket`, sorted by shard (paginated). */
  private async exportedObjects(region: string, bucket: string, name: string): Promise<ExportedObjectRef[]> {
    const s3 = this.s3(region);
    const found: ExportedObjectRef[] = [];
    let token: string | undefined;
    do {
      try {
        const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${name}-`, ContinuationToken: token }));
        for (const o of out.Contents ?? []) {
          if (o.Key && exportShardOf(name, o.Key) !== undefined) found.push({ key: o.Key, bytes: o.Size ?? 0, etag: o.ETag ?? '' });
        }
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } catch (err) {
        return rethrowTyped(err, `ListObjectsV2 s3://${bucket}/${name}-*`);
      }
    } while (token);
    return found.sort((a, b) => a.key.localeCompare(b.key));
  }

  private async writeMarker(
    s3: S3Client,
    bucket: string,
    key: string,
    manifest: RedisBackupManifest,
    group: string,
    regionRole: 'primary' | 'backup',
    execution: ExecutionRef,
  ): Promise<void> {
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: JSON.stringify(manifest, null, 2),
          ContentType: 'application/json',
          Tagging: this.objectTags(group, regionRole, execution)
            .map((t) => `${encodeURIComponent(t.Key)}=${encodeURIComponent(t.Value)}`)
            .join('&'),
        }),
      );
    } catch (err) {
      rethrowTyped(err, `PutObject s3://${bucket}/${key}`);
    }
  }

  /** Adds ownership tags and muejam:verified-at to an object, keeping its other tags (S3 allows 10). */
  private async tagVerified(
    s3: S3Client,
    bucket: string,
    key: string,
    group: string,
    regionRole: 'primary' | 'backup',
    execution: ExecutionRef,
    at: string,
  ): Promise<void> {
    try {
      const current = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
      const merged = {
        ...tagsToRecord(current.TagSet),
        ...tagsToRecord(this.objectTags(group, regionRole, execution)),
        [TAG.verifiedAt]: at,
      };
      const TagSet = Object.entries(merged)
        .slice(0, 10)
        .map(([Key, Value]) => ({ Key, Value }));
      await s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: key, Tagging: { TagSet } }));
    } catch (err) {
      rethrowTyped(err, `tag s3://${bucket}/${key} verified`);
    }
  }
}

function groupFacts(rg: ReplicationGroup): Pick<RedisBackupRef, 'engine' | 'cacheNodeType' | 'clusterModeEnabled' | 'numNodeGroups'> {
  return {
    engine: rg.Engine,
    cacheNodeType: rg.CacheNodeType,
    clusterModeEnabled: Boolean(rg.ClusterEnabled),
    numNodeGroups: Math.max(1, rg.NodeGroups?.length ?? 1),
  };
}

/** Number of shards (= exported objects) of a snapshot. */
function shardCount(s: Snapshot, fallback: number): number {
  if (s.NumNodeGroups && s.NumNodeGroups > 0) return s.NumNodeGroups;
  const groups = new Set((s.NodeSnapshots ?? []).map((n) => n.NodeGroupId ?? n.CacheClusterId).filter(Boolean));
  return groups.size > 0 ? groups.size : Math.max(1, fallback);
}

function snapshotCreatedAt(s: Snapshot): Date | undefined {
  const times = (s.NodeSnapshots ?? []).map((n) => n.SnapshotCreateTime?.getTime()).filter((t): t is number => typeof t === 'number');
  return times.length ? new Date(Math.min(...times)) : undefined;
}
