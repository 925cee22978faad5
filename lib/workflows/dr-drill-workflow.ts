/**
 * The quarterly DR drill (state-machines/dr-drill.asl.json, issue 13): one schedule per protected
 * database (muejam.drill.schedule: the first Sunday of January, April, July and October, 05:00),
 * the drill's handlers with tag-scoped IAM (dr-drill-policies.ts), the restore test's SQL checker
 * network (its subnets and checker security group), the reports (JSON + HTML) under dr-drill/ in
 * the restore test's report bucket in the backup region (SSE-KMS, 400-day lifecycle), and the
 * alarm when no drill passed in 100 days (a daily check publishes DrDrillSinceSuccess; missing
 * data breaches). The report step publishes DrDrillSucceeded / DrDrillFailed / DrDrillRto / DrDrillRpo.
 */
import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { redisBucketName } from '../../lambdas/domain/redis/names';
import { METRICS } from '../../lambdas/domain/metrics/catalog';
import { DRILL_SETTINGS, type DrillSettings } from '../../lambdas/domain/settings/drill';
import { FAILOVER_SETTINGS } from '../../lambdas/domain/settings/failover';
import { RESTORE_TEST_SETTINGS } from '../../lambdas/domain/settings/restore-test';
import { WORKFLOWS } from '../../lambdas/domain/workflows/registry';
import { runtimeEnvironment } from '../../lambdas/runtime/runtime-config';
import { redisBucketEnvironment } from '../../lambdas/services/redis-config';
import { retentionEnvironment } from '../../lambdas/services/retention-config';
import { type BackupConfig, resourcePrefix, toRuntimeConfig } from '../config';
import { AslWorkflow, deploymentWorkflowProps } from '../constructs/asl-workflow';
import { scheduleLambda } from '../constructs/scheduled-lambda';
import type { SchedulerSupport } from '../constructs/scheduler-support';
import { PROJECT_ROOT, StepFunctionLambda } from '../constructs/step-function-lambda';
import { alarmName, ourMetric } from '../observability/alarms';
import { addRestoreSettingsEnvironment, recoveryAlarmDescription } from './database-restore-workflow';
import { drDrillPolicies, drillFreshnessStatements } from './dr-drill-policies';
import { type RestoreTestWorkflow, restoreTestReportBucketName, restoreTestSettings } from './restore-test-workflow';

export const DR_DRILL_WORKFLOW = WORKFLOWS.drDrill.name;
export const NO_DRILL_SUCCESS_DAYS = 100;
export const DRILL_FRESHNESS_SCHEDULE = 'rate(1 day)';

/** What the drill's Lambdas read (MUEJAM_SETTINGS_DRILL). */
export function drillSettings(c: BackupConfig): DrillSettings {
  return {
    rtoHours: c.rtoHours,
    rpoHours: c.rpoHours,
    ...(c.drill.rtoGoalHours !== undefined ? { rtoGoalHours: c.drill.rtoGoalHours } : {}),
    ...(c.drill.rpoGoalHours !== undefined ? { rpoGoalHours: c.drill.rpoGoalHours } : {}),
    reportBucket: restoreTestReportBucketName(c),
    inFlightMinutes: c.drill.inFlightMinutes,
  };
}

export interface DrDrillWorkflowProps {
  readonly config: BackupConfig;
  readonly alertTopic: sns.ITopic;
  readonly encryptionKey: kms.IKey;
  readonly scheduling: SchedulerSupport;
  /** The restore test whose SQL checks, network and report bucket the drill uses. */
  readonly restoreTest: RestoreTestWorkflow;
}

export class DrDrillWorkflow extends Construct {
  readonly workflow: AslWorkflow;
  readonly noSuccessAlarms: cloudwatch.Alarm[] = [];
  readonly freshnessCheck: StepFunctionLambda;

  constructor(scope: Construct, id: string, props: DrDrillWorkflowProps) {
    super(scope, id);
    const c = props.config;
    const prefix = resourcePrefix(c);
    this.workflow = new AslWorkflow(this, 'Workflow', {
      workflowName: DR_DRILL_WORKFLOW,
      aslFile: WORKFLOWS.drDrill.aslFile,
      handlerPolicies: drDrillPolicies(c, props.alertTopic, props.encryptionKey),
      ...deploymentWorkflowProps(c, props.alertTopic, props.encryptionKey),
      timeout: Duration.hours(24),
    });

    // Settings: the drill's own, the failover's (drill DNS record, max lag), the restore test's (SQL checks), the restore's, retention's and Redis's (inventory).
    addRestoreSettingsEnvironment(this.workflow, c);
    const { healthSchedule: _h, ...failover } = c.failover;
    const env: Record<string, string> = {
      ...DRILL_SETTINGS.environment(drillSettings(c)),
      ...FAILOVER_SETTINGS.environment(failover),
      ...RESTORE_TEST_SETTINGS.environment(restoreTestSettings(c, props.restoreTest.instanceSecurityGroup.attrGroupId)),
      ...retentionEnvironment({ policy: c.retention }),
      ...(c.redisGroups.length > 0
        ? redisBucketEnvironment({
            primary: redisBucketName(c.deploymentId, c.account, c.primaryRegion),
            backup: redisBucketName(c.deploymentId, c.account, c.backupRegion),
          })
        : {}),
    };
    for (const [name, h] of Object.entries(this.workflow.handlers)) {
      if (name === 'PublishAlert') continue;
      for (const [k, v] of Object.entries(env)) h.fn.addEnvironment(k, v);
    }
    // The SQL checker runs in the database's VPC, behind the restore test's checker security group.
    (this.workflow.handlers.RunRestoreTestChecks.fn.node.defaultChild as lambda.CfnFunction).vpcConfig = {
      subnetIds: c.restoreTest.subnetIds,
      securityGroupIds: [props.restoreTest.checkerSecurityGroup.attrGroupId],
    };

    const stateMachine = this.workflow.stateMachine;
    const role = props.scheduling.schedulerRole(this, 'SchedulerRole', stateMachine);
    for (const db of c.databases) {
      props.scheduling.schedule(this, `Schedule-${db}`, {
        name: `${DR_DRILL_WORKFLOW}-${db}`,
        description: `DR drill of ${db} (${c.drill.schedule}, ${c.scheduleTimezone}): inventory, restore and point-in-time restore in ${c.backupRegion}, failover rehearsal on throwaway resources, RTO/RPO, teardown, report.`,
        expression: c.drill.schedule,
        timezone: c.scheduleTimezone,
        stateMachine,
        role,
        input: JSON.stringify({ dbInstanceIdentifier: db }),
      });
    }

    // Daily: seconds since the last drill that passed, per database; the alarm after 100 days.
    this.freshnessCheck = new StepFunctionLambda(this, 'FreshnessCheck', {
      pascalName: 'CheckDrillFreshness',
      handlersDir: path.join(PROJECT_ROOT, 'lambdas', 'handlers'),
      environment: {
        ...runtimeEnvironment(toRuntimeConfig(c, props.alertTopic.topicArn)),
        ...DRILL_SETTINGS.environment(drillSettings(c)),
      },
      metricsNamespace: c.metricsNamespace,
      logKey: props.encryptionKey,
    });
    this.freshnessCheck.addStatements(drillFreshnessStatements(c), 'DR drill freshness check');
    scheduleLambda(this, {
      fn: this.freshnessCheck.fn,
      scheduling: props.scheduling,
      account: c.account,
      roleId: 'FreshnessSchedulerRole',
      scheduleId: 'FreshnessSchedule',
      invokeSid: 'InvokeFreshnessCheckOnly',
      roleDescription: 'EventBridge Scheduler: invokes the DR drill freshness check only',
      name: `${DR_DRILL_WORKFLOW}-freshness`,
      description: `Publishes the time since the last DR drill that passed, per database (alarm after ${NO_DRILL_SUCCESS_DAYS} days).`,
      expression: DRILL_FRESHNESS_SCHEDULE,
    });

    const action = new cwActions.SnsAction(props.alertTopic);
    for (const db of c.databases) {
      const alarm = new cloudwatch.Alarm(this, `NoSuccess-${db}`, {
        alarmName: alarmName(prefix, DR_DRILL_WORKFLOW, db, `no-success-${NO_DRILL_SUCCESS_DAYS}-days`),
        alarmDescription: recoveryAlarmDescription(c.runbookUrl, 'alarm-dr-drill-no-success', {
          severity: 'critical',
          what: `No DR drill of ${db} passed in ${NO_DRILL_SUCCESS_DAYS} days, or the drill freshness check stopped reporting`,
          firstAction: `run one now: npm run cli -- dr-drill ${db}; then read its report (dr-drill/ in the report bucket) and the alerts of the last drills`,
        }),
        metric: ourMetric(c.metricsNamespace, METRICS.drDrillSinceSuccess, { Resource: db }, 'Maximum', Duration.days(1)),
        threshold: NO_DRILL_SUCCESS_DAYS * 86400,
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
