/**
 * The RPO check: a plain Lambda (lambdas/handlers/check-rpo.ts) started every
 * 15 minutes by EventBridge Scheduler, in the deployment's schedule group with
 * the shared retry policy and dead-letter queue.
 *
 * A Lambda rather than a state machine: the check is one short step with
 * nothing to wait for, so Step Functions would add 96 executions a day and
 * nothing else. If it stops (schedule disabled, Lambda failing), its metric
 * stops, and the RPO alarms treat missing data as breaching: a silent stop
 * pages just like a stale backup.
 */
import * as path from 'node:path';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { redisBucketName } from '../../lambdas/domain/redis/names';
import { redisBucketEnvironment } from '../../lambdas/services/redis-config';
import { RPO_ENV } from '../../lambdas/services/rpo-setup';
import { runtimeEnvironment } from '../../lambdas/runtime/runtime-config';
import { type BackupConfig, toRuntimeConfig } from '../config';
import { DeploymentArns } from '../constructs/deployment-arns';
import { scheduleLambda } from '../constructs/scheduled-lambda';
import type { SchedulerSupport } from '../constructs/scheduler-support';
import { PROJECT_ROOT, StepFunctionLambda } from '../constructs/step-function-lambda';
import { because } from '../constructs/wildcard-reasons';

export const RPO_CHECK_SCHEDULE = 'rate(15 minutes)';

export interface RpoCheckProps {
  readonly config: BackupConfig;
  readonly alertTopicArn: string;
  readonly encryptionKey: kms.IKey;
  readonly scheduling: SchedulerSupport;
}

/** Read-only statements of the RPO check: this deployment's snapshots and instances, and the Redis verified markers. */
export function rpoCheckStatements(c: BackupConfig): iam.PolicyStatement[] {
  const arns = new DeploymentArns(c);
  const regions = [c.primaryRegion, c.backupRegion];
  const statements = [
    because(
      'Snapshot names are made per schedule run (<prefix>-<db>-<YYYYMMDDTHHMMZ>); the pattern is limited to the snapshots this system names for the databases of this deployment (read only).',
      new iam.PolicyStatement({
        sid: 'ReadBackupsBothRegions',
        actions: ['rds:DescribeDBSnapshots'],
        resources: regions.flatMap((r) => c.databases.flatMap((db) => [arns.dbInstance(r, db), arns.dbSnapshots(r, db)])),
      }),
    ),
    new iam.PolicyStatement({
      sid: 'ReadPitrLag',
      actions: ['rds:DescribeDBInstances'],
      resources: c.databases.map((db) => arns.dbInstance(c.primaryRegion, db)),
    }),
    because(
      "Read-only: the backup region's PITR lag is the newest restorable time of the replicated automated backups, whose ids (auto-backup:ab-...) RDS makes; the call names the protected instance.",
      new iam.PolicyStatement({
        sid: 'ReadBackupRegionPitrLag',
        actions: ['rds:DescribeDBInstanceAutomatedBackups'],
        resources: [
          ...c.databases.map((db) => arns.dbInstance(c.backupRegion, db)),
          `arn:${c.partition}:rds:${c.backupRegion}:${c.account}:auto-backup:*`,
        ],
      }),
    ),
  ];
  if (c.redisGroups.length > 0) {
    const buckets = regions.map((r) => `arn:${c.partition}:s3:::${redisBucketName(c.deploymentId, c.account, r)}`);
    statements.push(
      new iam.PolicyStatement({
        sid: 'ListRedisVerifiedMarkers',
        actions: ['s3:ListBucket'],
        resources: buckets,
        conditions: { StringLike: { 's3:prefix': ['verified/*'] } },
      }),
      because(
        "Verified markers are named per backup (verified/<group>/<name>.json); read access is limited to that prefix of this deployment's two export buckets.",
        new iam.PolicyStatement({
          sid: 'ReadRedisVerifiedMarkers',
          actions: ['s3:GetObject'],
          resources: buckets.map((b) => `${b}/verified/*`),
        }),
      ),
    );
  }
  return statements;
}

export class RpoCheck extends Construct {
  readonly lambda: StepFunctionLambda;
  readonly schedule: scheduler.CfnSchedule;

  constructor(scope: Construct, id: string, props: RpoCheckProps) {
    super(scope, id);
    const c = props.config;
    const environment: Record<string, string> = {
      ...runtimeEnvironment(toRuntimeConfig(c, props.alertTopicArn)),
      [RPO_ENV]: String(c.rpoHours),
      ...(c.redisGroups.length > 0
        ? redisBucketEnvironment({
            primary: redisBucketName(c.deploymentId, c.account, c.primaryRegion),
            backup: redisBucketName(c.deploymentId, c.account, c.backupRegion),
          })
        : {}),
    };
    this.lambda = new StepFunctionLambda(this, 'Function', {
      pascalName: 'CheckRpo',
      handlersDir: path.join(PROJECT_ROOT, 'lambdas', 'handlers'),
      environment,
      metricsNamespace: c.metricsNamespace,
      logKey: props.encryptionKey,
    });
    this.lambda.addStatements(rpoCheckStatements(c), 'RPO check');

    this.schedule = scheduleLambda(this, {
      fn: this.lambda.fn,
      scheduling: props.scheduling,
      account: c.account,
      roleId: 'SchedulerRole',
      scheduleId: 'Schedule',
      invokeSid: 'InvokeRpoCheckOnly',
      roleDescription: 'EventBridge Scheduler: invokes the RPO check Lambda only',
      name: 'check-rpo',
      description: `Publishes the age of the newest verified backup per resource and region (RPO ${c.rpoHours} h) and the PITR lag.`,
      expression: RPO_CHECK_SCHEDULE,
    });
  }
}
