/**
 * The alarms, each sent to the alert topic on ALARM and on OK (so the
 * PagerDuty incident opens and resolves itself), each with a description that
 * says what to do first (lib/observability/alarm-texts.ts).
 *
 * Step Lambdas get no Errors alarm: their errors include the expected
 * NotReady polls and retried throttles, and a step that really fails fails
 * its workflow, which alerts (NotifyFailure) and trips the workflow's
 * executions-failed alarm. Errors alarms are on the two Lambdas nothing
 * else watches: the PagerDuty forwarder and the RPO check.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { severityForWorkflow } from '../../lambdas/domain/alerts/alert-severity';
import { METRICS, type MetricDefinition, SERVICE_DIMENSION, SERVICE_NAME } from '../../lambdas/domain/metrics/catalog';
import { alarmTexts } from './alarm-texts';

export const FIVE_MINUTES = Duration.minutes(5);
/** Two RPO checks per period: one late check does not page, a stopped one does within 30 minutes. */
export const RPO_ALARM_PERIOD = Duration.minutes(30);

export interface AlarmContext {
  scope: Construct;
  prefix: string;
  namespace: string;
  /** Base URL of docs/runbook.md; undefined = name the repository path (alarm-texts.ts). */
  runbookUrl: string | undefined;
  alertTopic: sns.ITopic;
}

/** A metric of ours, with the `service` dimension Powertools adds. */
export function ourMetric(
  namespace: string,
  m: MetricDefinition,
  dims: Record<string, string>,
  statistic: string,
  period: Duration,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace,
    metricName: m.name,
    dimensionsMap: { [SERVICE_DIMENSION]: SERVICE_NAME, ...dims },
    statistic,
    period,
  });
}

function paging(ctx: AlarmContext, alarm: cloudwatch.Alarm): cloudwatch.Alarm {
  const action = new cwActions.SnsAction(ctx.alertTopic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
  return alarm;
}

/** CloudWatch alarm names: letters, digits and - only here, at most 255 characters. */
export function alarmName(prefix: string, ...parts: string[]): string {
  return [prefix, ...parts]
    .join('-')
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .slice(0, 255);
}

export function workflowFailedAlarm(ctx: AlarmContext, id: string, workflow: string, stateMachine: sfn.IStateMachine): cloudwatch.Alarm {
  const failed = stateMachine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' });
  const timedOut = stateMachine.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum' });
  return paging(
    ctx,
    new cloudwatch.Alarm(ctx.scope, id, {
      alarmName: alarmName(ctx.prefix, workflow, 'executions-failed'),
      alarmDescription: alarmTexts.workflowFailed(ctx.runbookUrl, workflow, severityForWorkflow(workflow)),
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(failed, 0) + FILL(timedOut, 0)',
        usingMetrics: { failed, timedOut },
        period: FIVE_MINUTES,
        label: `${workflow} failed or timed out`,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
  );
}

export function verificationFailedAlarm(ctx: AlarmContext, id: string, workflow: string, resource: string): cloudwatch.Alarm {
  return paging(
    ctx,
    new cloudwatch.Alarm(ctx.scope, id, {
      alarmName: alarmName(ctx.prefix, workflow, resource, 'verification-failed'),
      alarmDescription: alarmTexts.verificationFailed(ctx.runbookUrl, workflow, resource),
      metric: ourMetric(ctx.namespace, METRICS.verificationFailed, { Workflow: workflow, Resource: resource }, 'Sum', FIVE_MINUTES),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
  );
}

export function rpoBreachedAlarm(ctx: AlarmContext, id: string, resource: string, region: string, rpoHours: number): cloudwatch.Alarm {
  return paging(
    ctx,
    new cloudwatch.Alarm(ctx.scope, id, {
      alarmName: alarmName(ctx.prefix, resource, region, 'rpo-breached'),
      alarmDescription: alarmTexts.rpoBreached(ctx.runbookUrl, resource, region, rpoHours),
      metric: ourMetric(
        ctx.namespace,
        METRICS.newestVerifiedBackupAge,
        { Resource: resource, Region: region },
        'Maximum',
        RPO_ALARM_PERIOD,
      ),
      threshold: rpoHours * 3600,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No datapoint = no verified backup at all, or the check stopped: both breach.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    }),
  );
}

export function lambdaErrorsAlarm(
  ctx: AlarmContext,
  id: string,
  name: string,
  fn: lambda.IFunction,
  consequence: string,
): cloudwatch.Alarm {
  return paging(
    ctx,
    new cloudwatch.Alarm(ctx.scope, id, {
      alarmName: alarmName(ctx.prefix, name, 'lambda-errors'),
      alarmDescription: alarmTexts.lambdaErrors(ctx.runbookUrl, name, consequence),
      metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
  );
}

export function lambdaThrottlesAlarm(ctx: AlarmContext, id: string, name: string, fn: lambda.IFunction): cloudwatch.Alarm {
  return paging(
    ctx,
    new cloudwatch.Alarm(ctx.scope, id, {
      alarmName: alarmName(ctx.prefix, name, 'lambda-throttles'),
      alarmDescription: alarmTexts.lambdaThrottles(ctx.runbookUrl, name),
      metric: fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
  );
}

/** Alert delivery: the forwarder's dead-letter queue, its failures to reach the DLQ, and SNS failing to deliver at all. */
export function alertDeliveryAlarms(
  ctx: AlarmContext,
  o: { deadLetterQueue: sqs.IQueue; forwarder: lambda.IFunction; alertTopic: sns.ITopic },
): cloudwatch.Alarm[] {
  const common = {
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  };
  return [
    new cloudwatch.Alarm(ctx.scope, 'AlertDeadLetters', {
      ...common,
      alarmName: alarmName(ctx.prefix, 'pagerduty-dead-letters'),
      alarmDescription: alarmTexts.alertDelivery(
        ctx.runbookUrl,
        "events wait in the PagerDuty forwarder's dead-letter queue after every retry",
      ),
      metric: o.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
    }),
    new cloudwatch.Alarm(ctx.scope, 'AlertDeadLetterDeliveryFailures', {
      ...common,
      alarmName: alarmName(ctx.prefix, 'pagerduty-dead-letter-delivery-failures'),
      alarmDescription: alarmTexts.alertDelivery(
        ctx.runbookUrl,
        'failed events could not even be put in the dead-letter queue (they are lost)',
      ),
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName: 'DestinationDeliveryFailures',
        dimensionsMap: { FunctionName: o.forwarder.functionName },
        statistic: 'Sum',
        period: FIVE_MINUTES,
      }),
    }),
    new cloudwatch.Alarm(ctx.scope, 'AlertTopicDeliveryFailures', {
      ...common,
      alarmName: alarmName(ctx.prefix, 'alert-topic-delivery-failures'),
      alarmDescription: alarmTexts.alertDelivery(
        ctx.runbookUrl,
        'the alert topic failed to deliver notifications to a subscriber (forwarder or e-mail)',
      ),
      metric: o.alertTopic.metricNumberOfNotificationsFailed({ period: FIVE_MINUTES, statistic: 'Sum' }),
    }),
  ].map((a) => paging(ctx, a));
}
