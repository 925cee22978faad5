/**
 * The restore test's alarms (issue 11):
 * - per database and tested region: the restore time projected to 100 GiB above muejam.rtoHours
 *   (RestoreTestProjectedRto, published by the record step);
 * - per database: no restore test passed in 8 days, either region. CloudWatch evaluates at most
 *   7 days of data, so a small Lambda (lambdas/handlers/check-restore-test-freshness.ts), started
 *   twice a day by EventBridge Scheduler, publishes RestoreTestSinceSuccess from the last-success
 *   marker the record step writes; the alarm treats missing data as breaching (a stopped check
 *   pages too).
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
import { NO_SUCCESS_ALARM_DAYS } from '../../lambdas/domain/restore-test/freshness';
import type { RestoreTestSettings } from '../../lambdas/domain/settings/restore-test';
import { RESTORE_TEST_SETTINGS } from '../../lambdas/domain/settings/restore-test';
import { runtimeEnvironment } from '../../lambdas/runtime/runtime-config';
import { REPORT_PREFIX } from '../../lambdas/services/restore-test-record';
import { type BackupConfig, resourcePrefix, toRuntimeConfig } from '../config';
import { scheduleLambda } from '../constructs/scheduled-lambda';
import type { SchedulerSupport } from '../constructs/scheduler-support';
import { PROJECT_ROOT, StepFunctionLambda } from '../constructs/step-function-lambda';
import { because } from '../constructs/wildcard-reasons';
import { alarmName, ourMetric } from '../observability/alarms';
import { recoveryAlarmDescription } from './database-restore-workflow';

export const FRESHNESS_SCHEDULE = 'rate(12 hours)';

export interface RestoreTestAlarmsProps {
  readonly config: BackupConfig;
  readonly workflowName: string;
  readonly alertTopic: sns.ITopic;
  readonly encryptionKey: kms.IKey;
  readonly scheduling: SchedulerSupport;
  readonly settings: RestoreTestSettings;
  readonly reportKeyAlias: string;
}

export class RestoreTestAlarms extends Construct {
  readonly projectedRtoAlarms: cloudwatch.Alarm[] = [];
  readonly noSuccessAlarms: cloudwatch.Alarm[] = [];
  readonly freshnessCheck: StepFunctionLambda;

  constructor(scope: Construct, id: string, props: RestoreTestAlarmsProps) {
    super(scope, id);
    const c = props.config;
    const prefix = resourcePrefix(c);
    const action = new cwActions.SnsAction(props.alertTopic);
    const mode = c.restoreTest.regionMode;

    for (const db of c.databases) {
      for (const [roleName, region] of [
        ['primary', c.primaryRegion],
        ['backup', c.backupRegion],
      ] as const) {
        if (mode === 'primary' && roleName === 'backup') continue;
        if (mode === 'backup' && roleName === 'primary') continue;
        const alarm = new cloudwatch.Alarm(this, `ProjectedRto-${db}-${roleName}`, {
          alarmName: alarmName(prefix, props.workflowName, db, roleName, 'projected-rto'),
          alarmDescription: recoveryAlarmDescription(c.runbookUrl, 'alarm-restore-test-projected-rto', {
            severity: 'warning',
            what: `The restore test of ${db} in the ${roleName} region (${region}) projects a 100 GiB restore above the RTO of ${c.rtoHours} h`,
            firstAction:
              'open the newest restore-test report (restore-tests/ in the report bucket), compare its restore throughput with earlier weeks, and raise the restore instance class or storage throughput',
          }),
          metric: ourMetric(
            c.metricsNamespace,
            METRICS.restoreTestProjectedRto,
            { Resource: db, Region: region },
            'Maximum',
            Duration.days(1),
          ),
          threshold: c.rtoHours * 3600,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
        this.projectedRtoAlarms.push(alarm);
      }
    }

    // Twice a day: seconds since the last passed restore test, per database.
    this.freshnessCheck = new StepFunctionLambda(this, 'FreshnessCheck', {
      pascalName: 'CheckRestoreTestFreshness',
      handlersDir: path.join(PROJECT_ROOT, 'lambdas', 'handlers'),
      environment: {
        ...runtimeEnvironment(toRuntimeConfig(c, props.alertTopic.topicArn)),
        ...RESTORE_TEST_SETTINGS.environment(props.settings),
      },
      metricsNamespace: c.metricsNamespace,
      logKey: props.encryptionKey,
    });
    const bucketArn = `arn:${c.partition}:s3:::${props.settings.reportBucket}`;
    const markers = c.databases.flatMap((db) => [
      `${bucketArn}/${REPORT_PREFIX}${db}/last-success.json`,
      `${bucketArn}/${REPORT_PREFIX}${db}/watch-start.json`,
    ]);
    this.freshnessCheck.addStatements(
      [
        new iam.PolicyStatement({ sid: 'ReadFreshnessMarkers', actions: ['s3:GetObject'], resources: markers }),
        new iam.PolicyStatement({
          sid: 'WriteWatchStart',
          actions: ['s3:PutObject'],
          resources: c.databases.map((db) => `${bucketArn}/${REPORT_PREFIX}${db}/watch-start.json`),
        }),
        // Without ListBucket S3 answers a missing marker with AccessDenied instead of NoSuchKey.
        new iam.PolicyStatement({
          sid: 'TellMissingMarkers',
          actions: ['s3:ListBucket'],
          resources: [bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${REPORT_PREFIX}*`] } },
        }),
        because(
          "The report bucket's key is found by its alias (it lives in the backup-region stack); used only through S3 in that region.",
          new iam.PolicyStatement({
            sid: 'MarkerKey',
            actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
            resources: [`arn:${c.partition}:kms:${c.backupRegion}:${c.account}:key/*`],
            conditions: {
              StringEquals: { 'kms:ViaService': `s3.${c.backupRegion}.amazonaws.com` },
              'ForAnyValue:StringEquals': { 'kms:ResourceAliases': props.reportKeyAlias },
            },
          }),
        ),
      ],
      'restore-test freshness check',
    );
    scheduleLambda(this, {
      fn: this.freshnessCheck.fn,
      scheduling: props.scheduling,
      account: c.account,
      roleId: 'FreshnessSchedulerRole',
      scheduleId: 'FreshnessSchedule',
      invokeSid: 'InvokeFreshnessCheckOnly',
      roleDescription: 'EventBridge Scheduler: invokes the restore-test freshness check only',
      name: `${props.workflowName}-freshness`,
      description: `Publishes the time since the last restore test that passed, per database (alarm after ${NO_SUCCESS_ALARM_DAYS} days).`,
      expression: FRESHNESS_SCHEDULE,
    });

    for (const db of c.databases) {
      const alarm = new cloudwatch.Alarm(this, `NoSuccess-${db}`, {
        alarmName: alarmName(prefix, props.workflowName, db, 'no-success-8-days'),
        alarmDescription: recoveryAlarmDescription(c.runbookUrl, 'alarm-restore-test-no-success', {
          severity: 'critical',
          what: `No restore test of ${db} passed in ${NO_SUCCESS_ALARM_DAYS} days (either region), or the freshness check stopped reporting`,
          firstAction: `run one now: npm run cli -- restore-test ${db}; then read its report and the alerts of the last weekly runs`,
        }),
        metric: ourMetric(c.metricsNamespace, METRICS.restoreTestSinceSuccess, { Resource: db }, 'Maximum', Duration.days(1)),
        threshold: NO_SUCCESS_ALARM_DAYS * 86400,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.noSuccessAlarms.push(alarm);
    }
  }
}
