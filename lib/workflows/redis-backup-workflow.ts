/**
 * Redis/Valkey backup workflow (state-machines/redis-backup.asl.json): the day's
 * snapshot -> wait -> export to the primary-region bucket -> wait -> copy to the
 * backup-region bucket -> verify byte for byte and as RDB -> metrics; any
 * failure -> alert. One EventBridge Scheduler schedule per configured
 * replication group starts it at `redisBackupSchedule` (default 02:00 daily).
 *
 * Copy to the backup region: an explicit, resumable copy step, not S3
 * replication. The workflow then knows when the copy exists and verifies it in
 * the same run (replication is asynchronous, with no completion signal to wait
 * on, and would need its own role, KMS grants in both regions and replication
 * metrics/alarms to notice a lag); a failed copy is a failed step with an alert;
 * and the same code runs against moto. See docs/runbook.md#redis-backups.
 *
 * IAM is least privilege per handler: ElastiCache statements name this
 * deployment's groups and the snapshots this system names for them
 * (`snapshot:<prefix>-<group>-*`); S3 statements name the two buckets and the
 * object prefixes each step touches; KMS is limited to the bucket keys (alias
 * condition) used through S3 (kms:ViaService).
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { TAG } from '../../lambdas/domain/backup/ownership-tags';
import { WORKFLOWS } from '../../lambdas/domain/workflows/registry';
import { redisBucketName, VERIFIED_PREFIX } from '../../lambdas/domain/redis/names';
import { REDIS_ENV, type RedisBuckets, redisBucketEnvironment } from '../../lambdas/services/redis-config';
import { type BackupConfig, resourcePrefix } from '../config';
import { AslWorkflow, deploymentWorkflowProps } from '../constructs/asl-workflow';
import { BackupBucket } from '../constructs/backup-bucket';
import type { SchedulerSupport } from '../constructs/scheduler-support';
import { because } from '../constructs/wildcard-reasons';
import { publishAlertStatements } from './alert-policies';

/** The export buckets of a deployment (deterministic names: no cross-region reference needed). */
export function redisBuckets(c: BackupConfig): RedisBuckets {
  return {
    primary: redisBucketName(c.deploymentId, c.account, c.primaryRegion),
    backup: redisBucketName(c.deploymentId, c.account, c.backupRegion),
  };
}

/** Alias of the Redis bucket keys, the same in both regions. */
export function redisKeyAlias(c: Pick<BackupConfig, 'deploymentId'>): string {
  return `alias/${resourcePrefix(c)}-redis`;
}

/** Literal ARNs and statement builders shared by the Redis backup and restore workflows. */
export class RedisArns {
  readonly buckets: RedisBuckets;

  constructor(private readonly c: BackupConfig) {
    this.buckets = redisBuckets(c);
  }

  elasticache(region: string, resource: string): string {
    return `arn:${this.c.partition}:elasticache:${region}:${this.c.account}:${resource}`;
  }

  groups(region: string): string[] {
    return this.c.redisGroups.map((g) => this.elasticache(region, `replicationgroup:${g}`));
  }

  /** The snapshots this system names for the groups: `<prefix>-<group>-YYYYMMDD`. */
  snapshots(region: string): string[] {
    return this.c.redisGroups.map((g) => this.elasticache(region, `snapshot:${this.c.snapshotPrefix}-${g.toLowerCase()}-*`));
  }

  /** The member clusters of the groups (`<group>-0001-001`, ...). */
  memberClusters(region: string): string[] {
    return this.c.redisGroups.map((g) => this.elasticache(region, `cluster:${g.toLowerCase()}-*`));
  }

  bucketArn(bucket: string): string {
    return `arn:${this.c.partition}:s3:::${bucket}`;
  }

  /** Objects under `pattern` in both buckets. */
  objects(pattern: string, which: (keyof RedisBuckets)[] = ['primary', 'backup']): string[] {
    return which.map((w) => `${this.bucketArn(this.buckets[w])}/${pattern}`);
  }

  exportPattern(): string {
    return `${this.c.snapshotPrefix}-*`;
  }

  /** Use of the Redis bucket key of `region` through S3 only. */
  bucketKey(sid: string, region: string, actions: string[]): iam.PolicyStatement {
    return because(
      `The Redis bucket key in ${region} is created by its stack (id unknown here); access is limited to the key with alias ${redisKeyAlias(this.c)} (kms:ResourceAliases) used through S3 in ${region} (kms:ViaService).`,
      new iam.PolicyStatement({
        sid,
        actions,
        resources: [`arn:${this.c.partition}:kms:${region}:${this.c.account}:key/*`],
        conditions: {
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': redisKeyAlias(this.c) },
          StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` },
        },
      }),
    );
  }
}

/** The Redis backup bucket of a stack: the export target in the primary region, the copies in the backup region. */
export function redisBackupBucket(scope: Construct, c: BackupConfig, regionRole: 'primary' | 'backup'): BackupBucket {
  const buckets = redisBuckets(c);
  return new BackupBucket(scope, 'RedisBackupBucket', {
    bucketName: regionRole === 'primary' ? buckets.primary : buckets.backup,
    keyAlias: redisKeyAlias(c),
    retentionDays: c.redisRetentionDays,
    exportObjectPattern: `${c.snapshotPrefix}-*`,
    allowElastiCacheExport: regionRole === 'primary',
    description: `${resourcePrefix(c)}: encrypts the Redis backups (${regionRole} region)`,
  });
}

const SNAPSHOT_REASON =
  'Snapshot names are made per day (<prefix>-<group>-YYYYMMDD); the pattern is limited to the snapshots this system names for the replication groups of this deployment.';
const OBJECT_REASON =
  'Exported object names are made per day and shard (<prefix>-<group>-YYYYMMDD-NNNN.rdb); the pattern is limited to the objects this system names, in the two Redis buckets of this deployment.';

/** The IAM statements of each handler of redis-backup.asl.json, by PascalName. */
export function redisBackupPolicies(c: BackupConfig, alertTopic: sns.ITopic, alertKey: kms.IKey): Record<string, iam.PolicyStatement[]> {
  const a = new RedisArns(c);
  const { primaryRegion: primary, backupRegion: backup } = c;
  const ec = (sid: string, actions: string[], resources: string[], reason?: string) => {
    const s = new iam.PolicyStatement({ sid, actions: actions.map((x) => `elasticache:${x}`), resources });
    return reason ? because(reason, s) : s;
  };
  const s3 = (sid: string, actions: string[], resources: string[], reason?: string) => {
    const s = new iam.PolicyStatement({ sid, actions: actions.map((x) => `s3:${x}`), resources });
    return reason ? because(reason, s) : s;
  };
  const describeSnapshots = ec(
    'DescribeSnapshots',
    ['DescribeSnapshots'],
    [...a.groups(primary), ...a.memberClusters(primary), ...a.snapshots(primary)],
    SNAPSHOT_REASON,
  );
  const listPrimary = s3('ListPrimaryBucket', ['ListBucket'], [a.bucketArn(a.buckets.primary)]);
  const listBoth = s3(
    'ListBothBuckets',
    ['ListBucket', 'ListBucketMultipartUploads'],
    [a.bucketArn(a.buckets.primary), a.bucketArn(a.buckets.backup)],
  );
  const exportObjects = a.exportPattern();

  return {
    CreateRedisSnapshot: [
      ec('DescribeProtectedGroups', ['DescribeReplicationGroups'], a.groups(primary)),
      describeSnapshots,
      ec(
        'CreateDailySnapshots',
        ['CreateSnapshot'],
        [...a.groups(primary), ...a.memberClusters(primary), ...a.snapshots(primary)],
        SNAPSHOT_REASON,
      ),
      ec('TagAndReadSnapshots', ['AddTagsToResource', 'ListTagsForResource'], a.snapshots(primary), SNAPSHOT_REASON),
    ],
    CheckRedisSnapshot: [describeSnapshots],
    ExportRedisSnapshot: [
      describeSnapshots,
      ec('ExportSnapshotsToS3', ['CopySnapshot'], a.snapshots(primary), SNAPSHOT_REASON),
      because(
        'ElastiCache CopySnapshot to S3 requires s3:ListAllMyBuckets and s3:GetBucketLocation on "*" (AWS documents that narrowing them breaks the export); both are account-level reads.',
        new iam.PolicyStatement({
          sid: 'ExportNeedsBucketListing',
          actions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation'],
          resources: ['*'],
        }),
      ),
      listPrimary,
      // AWS documents these for the user who exports (ElastiCache checks the caller's access to the bucket).
      s3('ExportCallerBucketAccess', ['GetObject', 'PutObject'], a.objects(exportObjects, ['primary']), OBJECT_REASON),
    ],
    CheckRedisExport: [describeSnapshots, listPrimary],
    CopyRedisExport: [
      listBoth,
      s3('ReadExports', ['GetObject', 'GetObjectTagging'], a.objects(exportObjects, ['primary']), OBJECT_REASON),
      s3(
        'WriteCopies',
        ['GetObject', 'PutObject', 'PutObjectTagging', 'ListMultipartUploadParts', 'AbortMultipartUpload'],
        a.objects(exportObjects, ['backup']),
        OBJECT_REASON,
      ),
      a.bucketKey('DecryptExports', primary, ['kms:Decrypt']),
      a.bucketKey('EncryptCopies', backup, ['kms:GenerateDataKey', 'kms:Decrypt']),
    ],
    VerifyRedisBackup: [
      describeSnapshots,
      // ListBucket makes HeadObject of a missing copy a 404 ("missing in the backup region"), not a 403.
      s3('ListBothBuckets', ['ListBucket'], [a.bucketArn(a.buckets.primary), a.bucketArn(a.buckets.backup)]),
      s3('ReadAndTagBothCopies', ['GetObject', 'GetObjectTagging', 'PutObjectTagging'], a.objects(exportObjects), OBJECT_REASON),
      s3(
        'WriteVerifiedMarkers',
        ['PutObject', 'PutObjectTagging'],
        a.objects(`${VERIFIED_PREFIX}*`),
        'Verified markers are named per group and backup (verified/<group>/<name>.json) in the two Redis buckets of this deployment.',
      ),
      a.bucketKey('ReadPrimaryCopies', primary, ['kms:Decrypt', 'kms:GenerateDataKey']),
      a.bucketKey('ReadBackupCopies', backup, ['kms:Decrypt', 'kms:GenerateDataKey']),
    ],
    PruneRedisSnapshots: [
      describeSnapshots,
      ec('ReadSnapshotTags', ['ListTagsForResource'], a.snapshots(primary), SNAPSHOT_REASON),
      // The same ownership guard as rds:DeleteDBSnapshot: the names this system gives AND this deployment's tag.
      because(
        `${SNAPSHOT_REASON} The condition limits deletes to snapshots tagged with this deployment.`,
        new iam.PolicyStatement({
          sid: 'DeleteOwnExpiredSnapshots',
          actions: ['elasticache:DeleteSnapshot'],
          resources: a.snapshots(primary),
          conditions: { StringEquals: { [`aws:ResourceTag/${TAG.deployment}`]: c.deploymentId } },
        }),
      ),
    ],
    // Publishes the recovery message that resolves an open incident (no extra state).
    RecordRedisBackupMetrics: publishAlertStatements(alertTopic, alertKey),
    PublishAlert: publishAlertStatements(alertTopic, alertKey),
  };
}

export interface RedisBackupWorkflowProps {
  readonly config: BackupConfig;
  readonly alertTopic: sns.ITopic;
  readonly encryptionKey: kms.IKey;
  readonly scheduling: SchedulerSupport;
}

export class RedisBackupWorkflow extends Construct {
  readonly workflow: AslWorkflow;

  constructor(scope: Construct, id: string, props: RedisBackupWorkflowProps) {
    super(scope, id);
    const c = props.config;
    this.workflow = new AslWorkflow(this, 'Workflow', {
      workflowName: WORKFLOWS.redisBackup.name,
      aslFile: WORKFLOWS.redisBackup.aslFile,
      handlerPolicies: redisBackupPolicies(c, props.alertTopic, props.encryptionKey),
      ...deploymentWorkflowProps(c, props.alertTopic, props.encryptionKey),
      timeout: Duration.hours(24),
    });
    addRedisBucketEnvironment(this.workflow, c);

    const stateMachine = this.workflow.stateMachine;
    const role = props.scheduling.schedulerRole(this, 'SchedulerRole', stateMachine);
    for (const group of c.redisGroups) {
      props.scheduling.schedule(this, `Schedule-${group}`, {
        name: `${WORKFLOWS.redisBackup.name}-${group}`,
        description: `Backs up ElastiCache group ${group} (${c.redisBackupSchedule}, ${c.scheduleTimezone}): snapshot, export to S3, copy to ${c.backupRegion}, verify.`,
        expression: c.redisBackupSchedule,
        timezone: c.scheduleTimezone,
        stateMachine,
        role,
        input: JSON.stringify({ replicationGroupId: group, scheduledTime: '<aws.scheduler.scheduled-time>' }),
      });
    }
  }
}

/** Gives the Redis handlers of a workflow (not the shared PublishAlert) the two bucket names and the Redis retention. */
export function addRedisBucketEnvironment(workflow: AslWorkflow, c: BackupConfig): void {
  const env = { ...redisBucketEnvironment(redisBuckets(c)), [REDIS_ENV.retentionDays]: String(c.redisRetentionDays) };
  for (const [name, handler] of Object.entries(workflow.handlers)) {
    if (!/Redis/.test(name)) continue;
    for (const [k, v] of Object.entries(env)) handler.fn.addEnvironment(k, v);
  }
}
