/**
 * Point-in-time recovery kept alive in the backup region (issue 10):
 * - a Lambda (lambdas/handlers/ensure-pitr-replication.ts), run every hour by EventBridge Scheduler
 *   (so within the hour after a deploy), that starts automated-backups replication of every
 *   protected database into the backup region when it is not running (idempotent), encrypted with
 *   the backup-region key, `muejam.pitrReplicationRetentionDays` days; it alerts (critical) per
 *   database it cannot replicate;
 * - per database, the alarm `<prefix>-<db>-pitr-lag-backup`: the RPO check's BackupRegionPitrLag
 *   (now - newest restorable time of the replicated backups) over `muejam.pitrLagAlarmMinutes`,
 *   missing data breaching (nothing replicated, or the check stopped).
 * The Lambda's IAM: reads of the protected instances and the automated backups, the start call on
 * the protected instances only, the keys only through RDS. It can neither stop nor delete anything.
 */
import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { METRICS } from '../../lambdas/domain/metrics/catalog';
import { runtimeEnvironment } from '../../lambdas/runtime/runtime-config';
import { PITR_RETENTION_ENV } from '../../lambdas/services/pitr-replication-service';
import { type BackupConfig, backupKeyAlias, resourcePrefix, toRuntimeConfig } from '../config';
import { DeploymentArns } from '../constructs/deployment-arns';
import { scheduleLambda } from '../constructs/scheduled-lambda';
import type { SchedulerSupport } from '../constructs/scheduler-support';
import { PROJECT_ROOT, StepFunctionLambda } from '../constructs/step-function-lambda';
import { because } from '../constructs/wildcard-reasons';
import { alarmName, ourMetric } from '../observability/alarms';
import { publishAlertStatements } from './alert-policies';

export const PITR_REPLICATION_SCHEDULE = 'rate(1 hour)';
export const PITR_LAG_ANCHOR = 'alarm-pitr-lag-backup';

export interface PitrReplicationProps {
  readonly config: BackupConfig;
  readonly alertTopic: sns.ITopic;
  readonly encryptionKey: kms.IKey;
  readonly scheduling: SchedulerSupport;
  /** Builds an alarm description (severity, what, first action, runbook section). */
  readonly describe: (anchor: string, what: string, firstAction: string) => string;
}

/** The statements of the replication Lambda. */
export function pitrReplicationStatements(c: BackupConfig, alertTopic: sns.ITopic, alertKey: kms.IKey): iam.PolicyStatement[] {
  const arns = new DeploymentArns(c);
  const protectedDbs = c.databases.map((db) => arns.dbInstance(c.primaryRegion, db));
  const autoBackups = `arn:${c.partition}:rds:${c.backupRegion}:${c.account}:auto-backup:*`;
  return [
    new iam.PolicyStatement({ sid: 'ReadProtectedInstances', actions: ['rds:DescribeDBInstances'], resources: protectedDbs }),
    because(
      'Read-only: replicated automated backups get an id from RDS (auto-backup:ab-...), unknown at deploy time; the call names the protected instance.',
      new iam.PolicyStatement({
        sid: 'ReadReplicatedAutomatedBackups',
        actions: ['rds:DescribeDBInstanceAutomatedBackups'],
        resources: [...c.databases.map((db) => arns.dbInstance(c.backupRegion, db)), autoBackups],
      }),
    ),
    new iam.PolicyStatement({
      sid: 'StartReplicationOfProtectedInstancesOnly',
      actions: ['rds:StartDBInstanceAutomatedBackupsReplication'],
      resources: protectedDbs,
    }),
    because(
      `The replicated backups are encrypted with the key aliased ${backupKeyAlias(c)} in ${c.backupRegion} (its id is made by the backup-region stack) and read under the database's own key in ${c.primaryRegion}; only through RDS (kms:ViaService).`,
      new iam.PolicyStatement({
        sid: 'UseKeysThroughRds',
        actions: ['kms:CreateGrant', 'kms:DescribeKey'],
        resources: [arns.kmsKeys(c.primaryRegion), arns.kmsKeys(c.backupRegion)],
        conditions: {
          StringEquals: { 'kms:ViaService': [`rds.${c.primaryRegion}.amazonaws.com`, `rds.${c.backupRegion}.amazonaws.com`] },
        },
      }),
    ),
    because(
      `Finds the backup-region key by its alias ${backupKeyAlias(c)} (DescribeKey on an alias authorizes on the key, whose id is unknown at deploy time); read-only.`,
      new iam.PolicyStatement({ sid: 'FindBackupKeyByAlias', actions: ['kms:DescribeKey'], resources: [arns.kmsKeys(c.backupRegion)] }),
    ),
    ...publishAlertStatements(alertTopic, alertKey),
  ];
}

export class PitrReplication extends Construct {
  readonly lambda: StepFunctionLambda;
  readonly lagAlarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: PitrReplicationProps) {
    super(scope, id);
    const c = props.config;
    this.lambda = new StepFunctionLambda(this, 'Function', {
      pascalName: 'EnsurePitrReplication',
      handlersDir: path.join(PROJECT_ROOT, 'lambdas', 'handlers'),
      environment: {
        ...runtimeEnvironment(toRuntimeConfig(c, props.alertTopic.topicArn)),
        [PITR_RETENTION_ENV]: String(c.restore.pitrReplicationRetentionDays),
      },
      metricsNamespace: c.metricsNamespace,
      logKey: props.encryptionKey,
    });
    this.lambda.addStatements(pitrReplicationStatements(c, props.alertTopic, props.encryptionKey), 'PITR replication');

    scheduleLambda(this, {
      fn: this.lambda.fn,
      scheduling: props.scheduling,
      account: c.account,
      roleId: 'SchedulerRole',
      scheduleId: 'Schedule',
      invokeSid: 'InvokePitrReplicationOnly',
      roleDescription: 'EventBridge Scheduler: invokes the PITR replication Lambda only',
      name: 'ensure-pitr-replication',
      description: `Keeps automated-backups replication of every protected database on in ${c.backupRegion} (${c.restore.pitrReplicationRetentionDays} days).`,
      expression: PITR_REPLICATION_SCHEDULE,
    });

    const action = new cwActions.SnsAction(props.alertTopic);
    const minutes = c.restore.pitrLagAlarmMinutes;
    for (const db of c.databases) {
      const alarm = new cloudwatch.Alarm(this, `Lag-${db}`, {
        alarmName: alarmName(resourcePrefix(c), db, 'pitr-lag-backup'),
        alarmDescription: props.describe(
          PITR_LAG_ANCHOR,
          `The newest point-in-time restore of ${db} possible in the backup region (${c.backupRegion}) is more than ${minutes} min old, or none is replicated there`,
          `run: aws rds describe-db-instance-automated-backups --region ${c.backupRegion} --db-instance-identifier ${db} (Status, RestoreWindow); if none is replicating, read the pitr-replication alert for the cause`,
        ),
        metric: ourMetric(
          c.metricsNamespace,
          METRICS.backupRegionPitrLag,
          { Resource: db, Region: c.backupRegion },
          'Maximum',
          Duration.minutes(30),
        ),
        threshold: minutes * 60,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.lagAlarms.push(alarm);
    }
  }
}
