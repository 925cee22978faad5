/**
 * Redis/Valkey restore workflow (state-machines/redis-restore.asl.json), started by
 * hand (CLI `redis-restore`, or the console): validate -> stage the backup's .rdb
 * objects as SSE-S3 copies under restore-staging/ -> create a NEW replication group
 * seeded from them (either region) -> wait -> delete the staged copies (also on failure).
 *
 * IAM: reads of the two Redis buckets (markers and exported objects), writes and
 * deletes under restore-staging/ only, and CreateReplicationGroup only with this
 * system's ownership tag in the request (aws:RequestTag), since the new group's
 * name is chosen by the operator at restore time.
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { WORKFLOWS } from '../../lambdas/domain/workflows/registry';
import { MANAGED_BY, TAG } from '../../lambdas/domain/backup/ownership-tags';
import { STAGING_PREFIX, VERIFIED_PREFIX } from '../../lambdas/domain/redis/names';
import type { BackupConfig } from '../config';
import { AslWorkflow, deploymentWorkflowProps } from '../constructs/asl-workflow';
import { because } from '../constructs/wildcard-reasons';
import { publishAlertStatements } from './alert-policies';
import { addRedisBucketEnvironment, RedisArns } from './redis-backup-workflow';

const NEW_GROUP_REASON =
  'The new replication group (and its member clusters) is named by the operator at restore time; creation is only allowed with the muejam:managed-by tag in the request, and reads are describe-only.';
const OBJECT_REASON =
  'Backup objects and markers are named per group and day (<prefix>-<group>-YYYYMMDD-NNNN.rdb, verified/<group>/...), in the two Redis buckets of this deployment.';
const STAGING_REASON =
  'Staged restore copies live under restore-staging/<new group>/ in the two Redis buckets of this deployment; nothing else is written or deleted.';

/** The IAM statements of each handler of redis-restore.asl.json, by PascalName. */
export function redisRestorePolicies(c: BackupConfig, alertTopic: sns.ITopic, alertKey: kms.IKey): Record<string, iam.PolicyStatement[]> {
  const a = new RedisArns(c);
  const regions = [c.primaryRegion, c.backupRegion];
  const s3 = (sid: string, actions: string[], resources: string[], reason?: string) => {
    const s = new iam.PolicyStatement({ sid, actions: actions.map((x) => `s3:${x}`), resources });
    return reason ? because(reason, s) : s;
  };
  const anyGroup = regions.map((r) => a.elasticache(r, 'replicationgroup:*'));
  const describeGroups = because(
    NEW_GROUP_REASON,
    new iam.PolicyStatement({
      sid: 'DescribeGroups',
      actions: ['elasticache:DescribeReplicationGroups', 'elasticache:ListTagsForResource'],
      resources: anyGroup,
    }),
  );
  const buckets = [a.bucketArn(a.buckets.primary), a.bucketArn(a.buckets.backup)];
  const readBackups = s3(
    'ReadBackupsAndMarkers',
    ['GetObject'],
    [...a.objects(a.exportPattern()), ...a.objects(`${VERIFIED_PREFIX}*`)],
    OBJECT_REASON,
  );
  const decryptBoth = regions.map((r, i) => a.bucketKey(`DecryptBackups${i}`, r, ['kms:Decrypt']));

  return {
    ValidateRedisRestore: [s3('ListBuckets', ['ListBucket'], buckets), readBackups, ...decryptBoth, describeGroups],
    StageRedisRestore: [
      s3('ListBuckets', ['ListBucket', 'ListBucketMultipartUploads'], buckets),
      readBackups,
      s3(
        'WriteStagedCopies',
        ['PutObject', 'PutObjectTagging', 'GetObject', 'ListMultipartUploadParts', 'AbortMultipartUpload'],
        a.objects(`${STAGING_PREFIX}*`),
        STAGING_REASON,
      ),
      ...decryptBoth,
    ],
    CreateRedisRestore: [
      because(
        NEW_GROUP_REASON,
        new iam.PolicyStatement({
          sid: 'CreateTaggedGroups',
          actions: ['elasticache:CreateReplicationGroup', 'elasticache:AddTagsToResource'],
          resources: regions.flatMap((r) => [a.elasticache(r, 'replicationgroup:*'), a.elasticache(r, 'cluster:*')]),
          conditions: { StringEquals: { [`aws:RequestTag/${TAG.managedBy}`]: MANAGED_BY } },
        }),
      ),
      because(
        'CreateReplicationGroup also authorizes the parameter group and subnet group the operator names at restore time; using them is read-only.',
        new iam.PolicyStatement({
          sid: 'UseNamedGroupSettings',
          actions: ['elasticache:CreateReplicationGroup'],
          resources: regions.flatMap((r) => [a.elasticache(r, 'parametergroup:*'), a.elasticache(r, 'subnetgroup:*')]),
        }),
      ),
      describeGroups,
      s3('ReadStagedCopies', ['GetObject'], a.objects(`${STAGING_PREFIX}*`), STAGING_REASON),
    ],
    CheckRedisRestore: [describeGroups],
    CleanupRedisRestore: [
      s3('ListStagedVersions', ['ListBucketVersions', 'ListBucket'], buckets),
      s3('DeleteStagedCopies', ['DeleteObject', 'DeleteObjectVersion'], a.objects(`${STAGING_PREFIX}*`), STAGING_REASON),
    ],
    PublishAlert: publishAlertStatements(alertTopic, alertKey),
  };
}

export interface RedisRestoreWorkflowProps {
  readonly config: BackupConfig;
  readonly alertTopic: sns.ITopic;
  readonly encryptionKey: kms.IKey;
}

export class RedisRestoreWorkflow extends Construct {
  readonly workflow: AslWorkflow;

  constructor(scope: Construct, id: string, props: RedisRestoreWorkflowProps) {
    super(scope, id);
    const c = props.config;
    this.workflow = new AslWorkflow(this, 'Workflow', {
      workflowName: WORKFLOWS.redisRestore.name,
      aslFile: WORKFLOWS.redisRestore.aslFile,
      handlerPolicies: redisRestorePolicies(c, props.alertTopic, props.encryptionKey),
      ...deploymentWorkflowProps(c, props.alertTopic, props.encryptionKey),
      timeout: Duration.hours(6),
    });
    addRedisBucketEnvironment(this.workflow, c);
  }
}
