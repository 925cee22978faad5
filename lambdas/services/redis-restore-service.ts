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
import { S3Client } from '@aws-sdk/client-s3';
import { awsErrorCode, InvalidInput, NotReady, PreconditionFailed, TerminalStatus, VerificationFailed } from '../errors';
import type { ClientFactory } from '../runtime/clients';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { isOwned, ownershipTags } from '../domain/backup/ownership-tags';
import { validateRegion } from '../domain/deployment-regions';
import type { RedisBackupManifest } from '../domain/redis/manifest';
import {
  requestableEngineVersion,
  s3ObjectArn,
  STAGING_PREFIX,
  stagingKey,
  validateRedisGroupId,
  verifiedMarkerKey,
} from '../domain/redis/names';
import { type RedisRestoreRequest, validateRestoreRequest } from '../domain/redis/restore-request';
import { seedTopology } from '../domain/redis/restore-topology';
import { ElastiCacheSnapshots } from './elasticache-snapshots';
import type { ExecutionRef } from './execution-ref';
import { deleteEveryVersion, readVerifiedManifest, verifiedBackupNames } from './redis-bucket-objects';
import { RESTORED_FROM_TAG, type RedisRestoreOptions, type RedisRestorePlan, type StageResult } from './redis-restore-plan';
import { copyObjectResumable, headObject, MiB, sliceDeadline } from './s3-resumable';

export { RESTORED_FROM_TAG } from './redis-restore-plan';
export type { RedisRestoreOptions, RedisRestorePlan, StageResult } from './redis-restore-plan';

const WAITING_GROUP = new Set(['creating', 'modifying', 'snapshotting']);
const TERMINAL_GROUP = new Set(['create-failed', 'deleting', 'deleted']);

export class RedisRestoreService {
  private readonly sliceMs: number;
  private readonly elasticache: ElastiCacheSnapshots;

  constructor(
    private readonly config: RuntimeConfig,
    private readonly options: RedisRestoreOptions,
    private readonly clients: ClientFactory,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.sliceMs = options.sliceMs ?? 90_000;
    this.elasticache = new ElastiCacheSnapshots(clients);
  }

  /** Step 1: validates the operator's request and decides which backup seeds which group, where. Changes nothing. */
  async validateRedisRestore(input: unknown): Promise<RedisRestorePlan> {
    const req = validateRestoreRequest(input, this.config);
    const bucket = req.regionRole === 'primary' ? this.options.buckets.primary : this.options.buckets.backup;
    const s3 = this.s3(req.region);
    const manifest = await this.backupToRestore(s3, bucket, req);

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

    const existing = await this.elasticache.describeGroup(req.region, req.replicationGroupId);
    let alreadyRestored = false;
    if (existing) {
      const tags = await this.elasticache.tagsOf(req.region, existing.ARN);
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
    const outOfTime = sliceDeadline(this.now, this.sliceMs);
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
    const created = await this.elasticache.createReplicationGroup(plan.region, {
      ReplicationGroupId: plan.replicationGroupId,
      ReplicationGroupDescription: `Restored by muejam-backup-dr from ${plan.backupName} (${plan.sourceReplicationGroupId})`.slice(0, 255),
      Engine: plan.engine,
      EngineVersion: plan.engineVersion,
      CacheNodeType: plan.cacheNodeType,
      SnapshotArns: snapshotArns,
      ...seedTopology(plan.clusterModeEnabled, plan.numNodeGroups, replicas),
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
    });
    if (created === 'exists') {
      const rg = await this.elasticache.describeGroup(plan.region, plan.replicationGroupId);
      const tags = await this.elasticache.tagsOf(plan.region, rg?.ARN);
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
    const region = validateRegion('region', req?.region, this.config);
    const group = validateRedisGroupId('replicationGroupId', req?.replicationGroupId);
    const rg = await this.elasticache.describeGroup(region, group);
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
    const deleted = await deleteEveryVersion(this.s3(plan.region), plan.bucket, `${STAGING_PREFIX}${plan.replicationGroupId}/`);
    return { deleted };
  }

  // ---- helpers ------------------------------------------------------------------

  private s3(region: string): S3Client {
    return this.clients(S3Client, region);
  }

  /** A plan handed back by the workflow: its region and bucket must be this deployment's. */
  private checkPlan(plan: RedisRestorePlan | undefined): RedisRestorePlan {
    if (!plan || typeof plan !== 'object') throw new InvalidInput('plan', 'is required: the output of the validate step');
    validateRegion('plan.region', plan.region, this.config);
    const expected = plan.region === this.config.primaryRegion ? this.options.buckets.primary : this.options.buckets.backup;
    if (plan.bucket !== expected)
      throw new InvalidInput('plan.bucket', `"${plan.bucket}" is not this deployment's Redis bucket in ${plan.region} (${expected})`);
    validateRedisGroupId('plan.replicationGroupId', plan.replicationGroupId);
    if (!Array.isArray(plan.objects) || plan.objects.length === 0) throw new InvalidInput('plan.objects', 'must list the backup objects');
    return plan;
  }

  /** The backup to restore (named, or the newest verified); a missing bucket is named with the command that makes it. */
  private async backupToRestore(s3: S3Client, bucket: string, req: RedisRestoreRequest): Promise<RedisBackupManifest> {
    try {
      return await (req.backupName ? this.namedBackup(s3, bucket, req) : this.newestVerifiedBackup(s3, bucket, req));
    } catch (err) {
      if (awsErrorCode(err) !== 'NoSuchBucket') throw err;
      throw new PreconditionFailed(
        `the Redis backup bucket s3://${bucket} does not exist in ${req.region}: deploy the stacks first (npx cdk deploy --all), then make a backup (npm run cli -- redis-backup ${req.sourceReplicationGroupId}); nothing was created`,
      );
    }
  }

  private async namedBackup(s3: S3Client, bucket: string, req: RedisRestoreRequest): Promise<RedisBackupManifest> {
    const m = await readVerifiedManifest(s3, bucket, verifiedMarkerKey(req.sourceReplicationGroupId, req.backupName!));
    if (m) return m;
    const known = await verifiedBackupNames(s3, bucket, req.sourceReplicationGroupId);
    throw new InvalidInput(
      'backupName',
      `no verified backup named "${req.backupName}" in ${req.region} (s3://${bucket}); ` +
        (known.length
          ? `the newest verified ones are: ${known.slice(-5).reverse().join(', ')}`
          : `there is no verified backup of ${req.sourceReplicationGroupId} there yet`),
    );
  }

  private async newestVerifiedBackup(s3: S3Client, bucket: string, req: RedisRestoreRequest): Promise<RedisBackupManifest> {
    const names = await verifiedBackupNames(s3, bucket, req.sourceReplicationGroupId);
    for (const name of names.reverse()) {
      const m = await readVerifiedManifest(s3, bucket, verifiedMarkerKey(req.sourceReplicationGroupId, name));
      if (m) return m;
    }
    throw new PreconditionFailed(
      `there is no verified backup of ${req.sourceReplicationGroupId} in ${req.region} (s3://${bucket}): run redis-backup first`,
    );
  }
}
