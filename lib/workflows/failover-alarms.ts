/**
 * The replica and primary alarms of each protected database, on the metrics
 * the replica health check publishes (lambdas/domain/metrics/failover-metrics.ts):
 *
 * - `<prefix>-<db>-no-healthy-replica` [warning]: ReplicaHealthy < 1 for 3 periods
 *   (missing data breaches: no health check is no evidence of a healthy replica);
 * - `<prefix>-<db>-replica-lag` [warning]: ReplicaLagSeconds > muejam.failover.maxLagSeconds;
 * - `<prefix>-<db>-primary-down` [critical]: PrimaryHealthy < 1. With
 *   `muejam.failover.automatic` false it pages with the exact failover
 *   command; true: an EventBridge rule also starts the failover (the guards,
 *   including this alarm held for confirmMinutes, still decide).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { formatAlarmDescription } from '../../lambdas/domain/alerts/alarm-description';
import { primaryDownAlarmName } from '../../lambdas/domain/failover/names';
import { failoverCommand } from '../../lambdas/domain/failover/report';
import { SERVICE_DIMENSION, SERVICE_NAME } from '../../lambdas/domain/metrics/catalog';
import { FAILOVER_METRICS } from '../../lambdas/domain/metrics/failover-metrics';
import { type BackupConfig, resourcePrefix } from '../config';
import { runbookReference } from '../observability/alarm-texts';

export const FAILOVER_RUNBOOK_ANCHORS = {
  noHealthyReplica: 'alarm-no-healthy-replica',
  replicaLag: 'alarm-replica-lag',
  primaryDown: 'alarm-primary-down',
} as const;

export interface FailoverAlarmsProps {
  readonly config: BackupConfig;
  readonly alertTopic: sns.ITopic;
  readonly failoverStateMachine: sfn.IStateMachine;
}

function describe(base: string | undefined, anchor: string, severity: 'critical' | 'warning', what: string, firstAction: string): string {
  if (base) return formatAlarmDescription({ severity, what, firstAction, runbookUrl: runbookReference(base, anchor) });
  const standIn = 'https://runbook.invalid';
  const text = formatAlarmDescription({ severity, what, firstAction, runbookUrl: standIn });
  return `${text.slice(0, -standIn.length)}${runbookReference(undefined, anchor)}`;
}

export class FailoverAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly automaticRules: events.Rule[] = [];

  constructor(scope: Construct, id: string, props: FailoverAlarmsProps) {
    super(scope, id);
    const c = props.config;
    const prefix = resourcePrefix(c);
    const page = new cwActions.SnsAction(props.alertTopic);
    const metric = (name: string, db: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: c.metricsNamespace,
        metricName: name,
        dimensionsMap: { [SERVICE_DIMENSION]: SERVICE_NAME, Resource: db },
        statistic,
        period: Duration.minutes(5),
      });
    const add = (alarm: cloudwatch.Alarm) => {
      alarm.addAlarmAction(page);
      alarm.addOkAction(page);
      this.alarms.push(alarm);
      return alarm;
    };

    for (const db of c.databases) {
      add(
        new cloudwatch.Alarm(this, `NoHealthyReplica-${db}`, {
          alarmName: `${prefix}-${db}-no-healthy-replica`,
          alarmDescription: describe(
            c.runbookUrl,
            FAILOVER_RUNBOOK_ANCHORS.noHealthyReplica,
            'warning',
            `${db} has had no healthy read replica in another AZ for 15 minutes (or no health check ran): a failover would be refused`,
            `run npm run cli -- replica-health ${db} and read each replica's problems; re-create one with npm run cli -- create-replica ${db} --az <another AZ>`,
          ),
          metric: metric(FAILOVER_METRICS.replicaHealthy.name, db, 'Minimum'),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          evaluationPeriods: 3,
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        }),
      );
      add(
        new cloudwatch.Alarm(this, `ReplicaLag-${db}`, {
          alarmName: `${prefix}-${db}-replica-lag`,
          alarmDescription: describe(
            c.runbookUrl,
            FAILOVER_RUNBOOK_ANCHORS.replicaLag,
            'warning',
            `The best replica of ${db} lags more than ${c.failover.maxLagSeconds} s (muejam.failover.maxLagSeconds): a failover now would be refused`,
            `check the replica's ReplicaLag and write load in the RDS console; npm run cli -- replica-health ${db}`,
          ),
          metric: metric(FAILOVER_METRICS.replicaLagSeconds.name, db, 'Maximum'),
          threshold: c.failover.maxLagSeconds,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
      const command = failoverCommand(db, c.failover.databases[db]?.replica?.id ?? `${db}-replica`, 'primary down since <time>');
      const primaryDown = add(
        new cloudwatch.Alarm(this, `PrimaryDown-${db}`, {
          alarmName: primaryDownAlarmName(c.deploymentId, db),
          alarmDescription: describe(
            c.runbookUrl,
            FAILOVER_RUNBOOK_ANCHORS.primaryDown,
            'critical',
            `The primary of ${db} is not available or refuses connections (replica health check)`,
            c.failover.automatic
              ? `the failover workflow starts itself (muejam.failover.automatic); follow it in the Step Functions console (${prefix}-database-failover); a refused guard pages separately`
              : `confirm, then fail over (it prints every guard with its evidence first): ${command}`,
          ),
          metric: metric(FAILOVER_METRICS.primaryHealthy.name, db, 'Maximum'),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
      if (c.failover.automatic) {
        const rule = new events.Rule(this, `AutomaticFailover-${db}`, {
          description: `Starts the failover of ${db} when ${primaryDown.alarmName} goes to ALARM (muejam.failover.automatic); the guards still decide.`,
          eventPattern: {
            source: ['aws.cloudwatch'],
            detailType: ['CloudWatch Alarm State Change'],
            resources: [primaryDown.alarmArn],
            detail: { state: { value: ['ALARM'] } },
          },
        });
        rule.addTarget(
          new targets.SfnStateMachine(props.failoverStateMachine, {
            input: events.RuleTargetInput.fromObject({ dbInstanceIdentifier: db, trigger: 'alarm', requestedAt: events.EventField.time }),
            retryAttempts: 3,
          }),
        );
        this.automaticRules.push(rule);
      }
    }
  }
}
