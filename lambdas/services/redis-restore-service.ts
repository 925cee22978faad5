/**
 * RedisRestoreService: the steps of state-machines/redis-restore.asl.json, which
 * seeds a NEW replication group, in either region, from a verified Redis backup:
 *
 *   validate the request and pick the backup (named, or the newest verified one in
 *   that region's bucket) -> stage the .rdb objects for ElastiCache -> create the
 *   group with SnapshotArns -> wait until available -> delete the staged copies.
 *
 * Staging: ElastiCache seeds a group only from .rdb objects encrypted with SSE-S3
 * (not SSE-KMS), so the step copies the backup's objects under `restore-staging/`
 * with SSE-S3, the only prefix the bucket policy lets ElastiCache read, and deletes
 * them (every version) once the group exists; a lifecycle rule expires leftovers
 * after a day. The backups themselves stay SSE-KMS under the customer-managed key.
 */
import {
  CreateReplicationGroupCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import type { ClientFactory } from '../runtime/clients';
import { InvalidInput, NotReady, PreconditionFailed, TerminalStatus, VerificationFailed } from '../errors';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { isOwned, ownershipTags, tagsToRecord } from '../domain/backup/ownership-tags';
import { parseManifest, type RedisBackupManifest } from '../domain/redis/manifest';
import {
  backupNameOfMarker,
  evenSlotRanges,
  requestableEngineVersion,
  s3ObjectArn,
  STAGING_PREFIX,
  stagingKey,
  validateRedisGroupId,
  VERIFIED_PREFIX,
  verifiedMarkerKey,
} from '../domain/redis/names';
import { type RedisRestoreRequest, validateRestoreRequest } from '../domain/redis/restore-request';
import { hasCode, rethrowTyped } from './aws-errors';
import type { ExecutionRef } from './backup-service';
import type { RedisBuckets } from './redis-config';
import { copyObjectResumable, headObject, MiB } from './s3-resumable';

/** Tag on a restored group: the backup it was seeded from. */
export const RESTORED_FROM_TAG = 'muejam:restored-from';

export interface RedisRestoreOptions {
  buckets: RedisBuckets;
  sliceMs?: number;
  singleCopyMaxBytes?: number;
  partBytes?: number;
}

/** Everything the later steps need, decided once by the validate step. */
export interface RedisRestorePlan {
  replicationGroupId: string;
  sourceReplicationGroupId: string;
  region: string;
  regionRole: 'primary' | 'backup';
  bucket: string;
  backupName: string;
  backupDay: string;
  verifiedAt: string;
  objects: { key: string; bytes: number; etag: string; stagingKey: string }[];
  engine: string;
  engineVersion?: string;
  cacheNodeType: string;
  clusterModeEnabled: boolean;
  numNodeGroups: number;
  replicasPerNodeGroup: number;
  cacheSubnetGroupName?: string;
  securityGroupIds?: string[];
  cacheParameterGroupName?: string;
  /** True when the group already exists as a restore of this very backup (a re-run). */
  alreadyRestored: boolean;
}

export interface StageResult {
  done: boolean;
  progress?: { index: number };
  snapshotArns: string[];
}

const WAITING_GROUP = new Set(['creating', 'modifying', 'snapshotting']);
const TERMINAL_GROUP = new Set(['create-failed', 'deleting', 'deleted']);

export class RedisRestoreService {
  private readonly sliceMs: number;

  constructor(
    private readonly config: RuntimeConfig,
    private readonly options: RedisRestoreOptions,
    private readonly clients: ClientFactory,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.sliceMs = options.sliceMs ?? 90_000;
  }

  /** Step 1: validates the operator's request and decides which backup seeds which group, where. Changes nothing. */
  async validateRedisRestore(input: unknown): Promise<RedisRestorePlan> {
    const req = validateRestoreRequest(input, this.config);
    const bucket = req.regionRole === 'primary' ? this.options.buckets.primary : this.options.buckets.backup;
    const s3 = this.s3(req.region);
    const manifest = req.backupName ? await this.namedBackup(s3, bucket, req) : await this.newestVerifiedBackup(s3, bucket, req);

    const objects: RedisRestorePlan['objects'] = [];
    for (const o of manifest.objects) {
      const head = await headObject(s3, { bucket, key: o.key });
      if (!head) throw new PreconditionFailed(`backup ${manifest.backupName}: object s3://${bucket}/${o.key} is missing in ${req.region}`);
      if (head.ContentLength !== o.bytes) {
        throw new VerificationFailed(
          `backup ${manifest.backupName}: s3://${bucket}/${o.key} is ${head.ContentLength} bytes, but ${o.bytes} were verified; refusing to restore it`,
        );
      }
      objects.push({ key: o.key, bytes: o.bytes, etag: head.ETag ?? '', stagingKey: stagingKey(req.replicationGroupId, o.key) });
    }

    const engine = req.engine ?? (manifest.engine === 'valkey' ? 'valkey' : 'redis');
    const cacheNodeType = req.cacheNodeType ?? manifest.cacheNodeType;
    if (!cacheNodeType) {
      throw new InvalidInput(
        'cacheNodeType',
        `is required: backup ${manifest.backupName} does not record the node type (e.g. "cache.r7g.large")`,
      );
    }
    const numNodeGroups = req.numNodeGroups ?? manifest.numNodeGroups ?? objects.length;
    const clusterModeEnabled = manifest.clusterModeEnabled || numNodeGroups > 1;
    if (!clusterModeEnabled && objects.length > 1) {
      throw new InvalidInput(
        'numNodeGroups',
        `backup ${manifest.backupName} has ${objects.length} shards; a restore of it needs cluster mode (numNodeGroups >= 1 with a cluster-mode parameter group)`,
      );
    }

    const existing = await this.describeGroup(req.region, req.replicationGroupId);
    let alreadyRestored = false;
    if (existing) {
      const tags = await this.groupTags(req.region, existing);
      alreadyRestored =
        isOwned(tags, { deploymentId: this.config.deploymentId, resource: req.replicationGroupId }) &&
        tags[RESTORED_FROM_TAG] === manifest.backupName;
      if (!alreadyRestored) {
        throw new InvalidInput(
          'replicationGroupId',
          `a replication group named "${req.replicationGroupId}" already exists in ${req.region}; choose a new name`,
        );
      }
    }

    return {
      replicationGroupId: req.replicationGroupId,
      sourceReplicationGroupId: req.sourceReplicationGroupId,
      region: req.region,
      regionRole: req.regionRole,
      bucket,
      backupName: manifest.backupName,
      backupDay: manifest.backupDay,
      verifiedAt: manifest.verifiedAt,
      objects,
      engine,
      engineVersion: req.engineVersion ?? requestableEngineVersion(manifest.engineVersion),
      cacheNodeType,
      clusterModeEnabled,
      numNodeGroups,
      replicasPerNodeGroup: req.replicasPerNodeGroup,
      cacheSubnetGroupName: req.cacheSubnetGroupName,
      securityGroupIds: req.securityGroupIds,
      cacheParameterGroupName: req.cacheParameterGroupName,
      alreadyRestored,
    };
  }

  /** Step 2: copies the backup's objects under restore-staging/ with SSE-S3, one slice per call. */
  async stageRedisRestore(
    input: { plan: RedisRestorePlan; progress?: { index: number } | null },
    execution: ExecutionRef,
  ): Promise<StageResult> {
    const plan = this.checkPlan(input?.plan);
    const arns = plan.objects.map((o) => s3ObjectArn(plan.region, plan.bucket, o.stagingKey));
    if (plan.alreadyRestored) return { done: true, snapshotArns: arns };
    const until = this.now().getTime() + this.sliceMs;
    const outOfTime = () => this.now().getTime() >= until;
    const s3 = this.s3(plan.region);
    for (let i = input.progress?.index ?? 0; i < plan.objects.length; i++) {
      const o = plan.objects[i];
      const outcome = await copyObjectResumable({
        target: s3,
        source: { bucket: plan.bucket, key: o.key, bytes: o.bytes, etag: o.etag },
        to: { bucket: plan.bucket, key: o.stagingKey },
        metadata: { 'muejam-execution': execution.Name.slice(0, 256) },
        tags: ownershipTags({
          deploymentId: this.config.deploymentId,
          resource: plan.replicationGroupId,
          regionRole: plan.regionRole,
          execution: execution.Name,
        }),
        serverSideEncryption: 'AES256',
        singleCopyMaxBytes: this.options.singleCopyMaxBytes ?? 1024 * MiB,
        partBytes: this.options.partBytes ?? 256 * MiB,
        outOfTime,
      });
      if (outcome.state === 'in-progress') return { done: false, progress: { index: i }, snapshotArns: [] };
      if (i + 1 < plan.objects.length && outOfTime()) return { done: false, progress: { index: i + 1 }, snapshotArns: [] };
    }
    return { done: true, snapshotArns: arns };
  }

  /** Step 3: creates the new group seeded from the staged objects (or continues with it on a re-run). */
  async createRedisRestore(
    input: { plan: RedisRestorePlan; staged: StageResult },
    execution: ExecutionRef,
  ): Promise<{ replicationGroupId: string; region: string; reused: boolean }> {
    const plan = this.checkPlan(input?.plan);
    const snapshotArns = input.staged?.snapshotArns ?? [];
    if (snapshotArns.length !== plan.objects.length) {
      throw new InvalidInput('staged.snapshotArns', `must list ${plan.objects.length} staged object ARN(s), got ${snapshotArns.length}`);
    }
    const base = { replicationGroupId: plan.replicationGroupId, region: plan.region };
    if (plan.alreadyRestored) return { ...base, reused: true };
    const replicas = plan.replicasPerNodeGroup;
    // Seeding a cluster-mode group needs each shard configured (AWS: NodeGroupConfiguration); slots are split evenly.
    const topology = plan.clusterModeEnabled
      ? {
          NumNodeGroups: plan.numNodeGroups,
          ReplicasPerNodeGroup: replicas,
          ClusterMode: 'enabled' as const,
          NodeGroupConfiguration: evenSlotRanges(plan.numNodeGroups).map((Slots, i) => ({
            NodeGroupId: String(i + 1).padStart(4, '0'),
            Slots,
            ReplicaCount: replicas,
          })),
        }
      : { NumCacheClusters: 1 + replicas };
    try {
      await this.ec(plan.region).send(
        new CreateReplicationGroupCommand({
          ReplicationGroupId: plan.replicationGroupId,
          ReplicationGroupDescription: `Restored by muejam-backup-dr from ${plan.backupName} (${plan.sourceReplicationGroupId})`.slice(
            0,
            255,
          ),
          Engine: plan.engine,
          EngineVersion: plan.engineVersion,
          CacheNodeType: plan.cacheNodeType,
          SnapshotArns: snapshotArns,
          ...topology,
          AutomaticFailoverEnabled: replicas > 0,
          MultiAZEnabled: replicas > 0,
          AtRestEncryptionEnabled: true,
          TransitEncryptionEnabled: true,
          CacheSubnetGroupName: plan.cacheSubnetGroupName,
          SecurityGroupIds: plan.securityGroupIds,
          CacheParameterGroupName: plan.cacheParameterGroupName,
          Tags: [
            ...ownershipTags({
              deploymentId: this.config.deploymentId,
              resource: plan.replicationGroupId,
              regionRole: plan.regionRole,
              execution: execution.Name,
            }),
            { Key: RESTORED_FROM_TAG, Value: plan.backupName },
          ],
        }),
      );
    } catch (err) {
      if (!hasCode(err, 'ReplicationGroupAlreadyExists', 'ReplicationGroupAlreadyExistsFault')) {
        rethrowTyped(err, `CreateReplicationGroup ${plan.replicationGroupId} in ${plan.region}`);
      }
      const rg = await this.describeGroup(plan.region, plan.replicationGroupId);
      const tags = rg ? await this.groupTags(plan.region, rg) : {};
      if (tags[RESTORED_FROM_TAG] !== plan.backupName) {
        throw new PreconditionFailed(
          `replication group ${plan.replicationGroupId} appeared in ${plan.region} but is not a restore of ${plan.backupName}; refusing to touch it`,
        );
      }
      return { ...base, reused: true };
    }
    return { ...base, reused: false };
  }

  /** Step 4 (wait): returns once the new group is available; NotReady while it is being created. */
  async waitForRedisRestore(req: {
    region?: unknown;
    replicationGroupId?: unknown;
  }): Promise<{ replicationGroupId: string; region: string; status: string; endpoint?: string }> {
    const region = this.validateRegion('region', req?.region);
    const group = validateRedisGroupId('replicationGroupId', req?.replicationGroupId);
    const rg = await this.describeGroup(region, group);
    if (!rg) throw new TerminalStatus(`replication group ${group} does not exist in ${region}`);
    const status = rg.Status ?? 'unknown';
    if (TERMINAL_GROUP.has(status))
      throw new TerminalStatus(
        `replication group ${group} in ${region} is "${status}": the seed .rdb was not accepted or the group is being deleted`,
      );
    if (WAITING_GROUP.has(status) || status !== 'available') throw new NotReady(`replication group ${group} in ${region} is "${status}"`);
    const ep = rg.ConfigurationEndpoint ?? rg.NodeGroups?.[0]?.PrimaryEndpoint;
    return { replicationGroupId: group, region, status, endpoint: ep?.Address ? `${ep.Address}:${ep.Port ?? 6379}` : undefined };
  }

  /** Last step (and the failure path): deletes every version of the staged objects of this restore. */
  async cleanupRedisRestore(input: { plan?: RedisRestorePlan }): Promise<{ deleted: number }> {
    const plan = input?.plan;
    if (!plan) return { deleted: 0 };
    this.checkPlan(plan);
    const s3 = this.s3(plan.region);
    const prefix = `${STAGING_PREFIX}${plan.replicationGroupId}/`;
    let deleted = 0;
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    do {
      let out;
      try {
        out = await s3.send(
          new ListObjectVersionsCommand({ Bucket: plan.bucket, Prefix: prefix, KeyMarker: keyMarker, VersionIdMarker: versionMarker }),
        );
      } catch (err) {
        return rethrowTyped(err, `ListObjectVersions s3://${plan.bucket}/${prefix}`);
      }
      const victims = [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])]
        .filter((v) => v.Key)
        .map((v) => ({ Key: v.Key!, VersionId: v.VersionId }));
      if (victims.length) {
        try {
          await s3.send(new DeleteObjectsCommand({ Bucket: plan.bucket, Delete: { Objects: victims, Quiet: true } }));
        } catch (err) {
          rethrowTyped(err, `DeleteObjects s3://${plan.bucket}/${prefix}`);
        }
        deleted += victims.length;
      }
      keyMarker = out.IsTruncated ? out.NextKeyMarker : undefined;
      versionMarker = out.IsTruncated ? out.NextVersionIdMarker : undefined;
    } while (keyMarker);
    return { deleted };
  }

  // ---- helpers ------------------------------------------------------------------

  private ec(region: string): ElastiCacheClient {
    return this.clients(ElastiCacheClient, region);
  }

  private s3(region: string): S3Client {
    return this.clients(S3Client, region);
  }

  private validateRegion(field: string, value: unknown): string {
    const allowed = [this.config.primaryRegion, this.config.backupRegion];
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw new InvalidInput(field, `${JSON.stringify(value)} is not one of this deployment's regions: ${allowed.join(', ')}`);
    }
    return value;
  }

  /** A plan handed back by the workflow: its region and bucket must be this deployment's. */
  private checkPlan(plan: RedisRestorePlan | undefined): RedisRestorePlan {
    if (!plan || typeof plan !== 'object') throw new InvalidInput('plan', 'is required: the output of the validate step');
    this.validateRegion('plan.region', plan.region);
    const expected = plan.region === this.config.primaryRegion ? this.options.buckets.primary : this.options.buckets.backup;
    if (plan.bucket !== expected)
      throw new InvalidInput('plan.bucket', `"${plan.bucket}" is not this deployment's Redis bucket in ${plan.region} (${expected})`);
    validateRedisGroupId('plan.replicationGroupId', plan.replicationGroupId);
    if (!Array.isArray(plan.objects) || plan.objects.length === 0) throw new InvalidInput('plan.objects', 'must list the backup objects');
    return plan;
  }

  private async readManifest(s3: S3Client, bucket: string, key: string): Promise<RedisBackupManifest | undefined> {
    try {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return parseManifest(await out.Body!.transformToString());
    } catch (err) {
      if (hasCode(err, 'NoSuchKey', 'NotFound')) return undefined;
      return rethrowTyped(err, `GetObject s3://${bucket}/${key}`);
    }
  }

  private async verifiedNames(s3: S3Client, bucket: string, group: string): Promise<string[]> {
    const names: string[] = [];
    let token: string | undefined;
    const prefix = `${VERIFIED_PREFIX}${group.toLowerCase()}/`;
    do {
      try {
        const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const o of out.Contents ?? []) {
          const n = o.Key ? backupNameOfMarker(group, o.Key) : undefined;
          if (n) names.push(n);
        }
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } catch (err) {
        return rethrowTyped(err, `ListObjectsV2 s3://${bucket}/${prefix}`);
      }
    } while (token);
    // Names end in YYYYMMDD after the same prefix: the lexical order is the time order.
    return names.sort();
  }

  private async namedBackup(s3: S3Client, bucket: string, req: RedisRestoreRequest): Promise<RedisBackupManifest> {
    const m = await this.readManifest(s3, bucket, verifiedMarkerKey(req.sourceReplicationGroupId, req.backupName!));
    if (m) return m;
    const known = await this.verifiedNames(s3, bucket, req.sourceReplicationGroupId);
    throw new InvalidInput(
      'backupName',
      `no verified backup named "${req.backupName}" in ${req.region} (s3://${bucket}); ` +
        (known.length
          ? `the newest verified ones are: ${known.slice(-5).reverse().join(', ')}`
          : `there is no verified backup of ${req.sourceReplicationGroupId} there yet`),
    );
  }

  private async newestVerifiedBackup(s3: S3Client, bucket: string, req: RedisRestoreRequest): Promise<RedisBackupManifest> {
    const names = await this.verifiedNames(s3, bucket, req.sourceReplicationGroupId);
    for (const name of names.reverse()) {
      const m = await this.readManifest(s3, bucket, verifiedMarkerKey(req.sourceReplicationGroupId, name));
      if (m) return m;
    }
    throw new PreconditionFailed(
      `there is no verified backup of ${req.sourceReplicationGroupId} in ${req.region} (s3://${bucket}): run redis-backup first`,
    );
  }

  private async describeGroup(region: string, group: string): Promise<ReplicationGroup | undefined> {
    try {
      const out = await this.ec(region).send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: group }));
      return out.ReplicationGroups?.[0];
    } catch (err) {
      if (hasCode(err, 'ReplicationGroupNotFoundFault', 'ReplicationGroupNotFound')) return undefined;
      return rethrowTyped(err, `DescribeReplicationGroups ${group} in ${region}`);
    }
  }

  private async groupTags(region: string, rg: ReplicationGroup): Promise<Record<string, string>> {
    if (!rg.ARN) return {};
    try {
      const out = await this.ec(region).send(new ListTagsForResourceCommand({ ResourceName: rg.ARN }));
      return tagsToRecord(out.TagList);
    } catch (err) {
      return rethrowTyped(err, `ListTagsForResource ${rg.ARN}`);
    }
  }
}
