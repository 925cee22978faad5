/**
 * The stack in the primary region: the alert topic (encrypted with this
 * stack's customer-managed key, TLS only, optional e-mail subscription), the
 * scheduling support every workflow shares, and the workflows.
 *
 * Registration point: each workflow adds one construct line in
 * "Workflows" below (and, if it has any, one output line).
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { type BackupConfig, resourcePrefix } from './config';
import { SchedulerSupport } from './constructs/scheduler-support';
import { DatabaseBackupWorkflow } from './workflows/database-backup-workflow';
import { Observability } from './observability/observability';
import { DatabaseRetentionWorkflow } from './workflows/database-retention-workflow';
import { RedisBackupWorkflow, redisBackupBucket } from './workflows/redis-backup-workflow';
import { RedisRestoreWorkflow } from './workflows/redis-restore-workflow';
import { DatabaseFailoverWorkflow } from './workflows/database-failover-workflow';
import { RestoreTestWorkflow } from './workflows/restore-test-workflow';
import { DatabaseRestoreWorkflow } from './workflows/database-restore-workflow';
import { DrDrillWorkflow } from './workflows/dr-drill-workflow';

export interface PrimaryStackProps extends StackProps {
  readonly config: BackupConfig;
}

export class PrimaryStack extends Stack {
  /** Encrypts the alert topic and every log group of this stack. */
  readonly opsKey: kms.Key;
  readonly alertTopic: sns.Topic;
  readonly scheduling: SchedulerSupport;
  readonly databaseBackup: DatabaseBackupWorkflow;

  constructor(scope: Construct, id: string, props: PrimaryStackProps) {
    super(scope, id, props);
    const c = props.config;
    const prefix = resourcePrefix(c);

    this.opsKey = new kms.Key(this, 'OpsKey', {
      description: `${prefix}: encrypts the alert topic and the workflow log groups`,
      enableKeyRotation: true,
      alias: `alias/${prefix}-ops`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts this account's log groups in this region with it.
    this.opsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogs',
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${c.partition}:logs:${this.region}:${c.account}:log-group:*` },
        },
      }),
    );
    // CloudWatch alarms of this account publish to the encrypted alert topic.
    this.opsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': c.account } },
      }),
    );

    this.alertTopic = new sns.Topic(this, 'AlertTopic', {
      topicName: `${prefix}-alerts`,
      displayName: `MueJam backup & DR alerts (${c.deploymentId})`,
      masterKey: this.opsKey,
      enforceSSL: true,
    });
    // E-mail gets failures and alarms, not the recovery message every successful run publishes (kind=recovery).
    const notRecoveries = { kind: new sns.SubscriptionFilter([{ 'anything-but': ['recovery'] }, { exists: false }]) };
    if (c.alertEmail) this.alertTopic.addSubscription(new subscriptions.EmailSubscription(c.alertEmail, { filterPolicy: notRecoveries }));

    this.scheduling = new SchedulerSupport(this, 'Scheduling', {
      deploymentId: c.deploymentId,
      alertTopic: this.alertTopic,
      runbookUrl: c.runbookUrl,
    });
    const shared = { config: c, alertTopic: this.alertTopic, encryptionKey: this.opsKey, scheduling: this.scheduling };

    // ---- Workflows: one line each -------------------------------------------
    this.databaseBackup = new DatabaseBackupWorkflow(this, 'DatabaseBackup', shared);
    const databaseRetention = new DatabaseRetentionWorkflow(this, 'DatabaseRetention', shared);
    const databaseRestore = new DatabaseRestoreWorkflow(this, 'DatabaseRestore', shared);
    // No Redis group (muejam.redisGroups empty): no Redis bucket, workflows, schedules or alarms.
    const redis = c.redisGroups.length
      ? {
          bucket: redisBackupBucket(this, c, 'primary'),
          backup: new RedisBackupWorkflow(this, 'RedisBackup', shared),
          restore: new RedisRestoreWorkflow(this, 'RedisRestore', shared),
        }
      : undefined;

    const databaseFailover = new DatabaseFailoverWorkflow(this, 'DatabaseFailover', shared);
    const restoreTest = c.restoreTest.enabled ? new RestoreTestWorkflow(this, 'RestoreTest', shared) : undefined;
    if (c.drill.enabled && restoreTest) new DrDrillWorkflow(this, 'DrDrill', { ...shared, restoreTest });

    // ---- Observability: finds every workflow of the stack at synth (an Aspect), wherever this line is ----
    new Observability(this, 'Observability', { ...shared, runbookUrl: c.runbookUrl, pagerDutyEndpoint: c.pagerDutyEndpoint });

    // ---- Outputs -------------------------------------------------------------
    new CfnOutput(this, 'AlertTopicArn', { value: this.alertTopic.topicArn });
    if (restoreTest) new CfnOutput(this, 'RestoreTestStateMachineArn', { value: restoreTest.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'DatabaseFailoverStateMachineArn', { value: databaseFailover.failover.stateMachine.stateMachineArn });
    if (redis) {
      new CfnOutput(this, 'RedisBackupBucketName', { value: redis.bucket.bucket.bucketName });
      new CfnOutput(this, 'RedisBackupStateMachineArn', { value: redis.backup.workflow.stateMachine.stateMachineArn });
      new CfnOutput(this, 'RedisRestoreStateMachineArn', { value: redis.restore.workflow.stateMachine.stateMachineArn });
    }
    new CfnOutput(this, 'DatabaseRetentionStateMachineArn', { value: databaseRetention.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'DatabaseRestoreStateMachineArn', { value: databaseRestore.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'ScheduleDeadLetterQueueUrl', { value: this.scheduling.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'DatabaseBackupStateMachineArn', {
      value: this.databaseBackup.workflow.stateMachine.stateMachineArn,
    });
  }
}
