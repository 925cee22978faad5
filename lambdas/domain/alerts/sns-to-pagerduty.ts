/**
 * The pure mapping from one message on the alert topic to one PagerDuty
 * Events API v2 event (without the routing key, which is a secret added at
 * send time), or to "ignore".
 *
 * | message on the topic                         | PagerDuty event                                  |
 * |----------------------------------------------|--------------------------------------------------|
 * | WorkflowAlert kind=failure                   | trigger, dedup_key = alert.dedupKey              |
 * | WorkflowAlert kind=recovery                  | resolve, same dedup_key                          |
 * | CloudWatch alarm, NewStateValue=ALARM        | trigger, dedup_key = cloudwatch-alarm/ACCOUNT/REGION/NAME |
 * | CloudWatch alarm, NewStateValue=OK           | resolve, same dedup_key                          |
 * | CloudWatch alarm, INSUFFICIENT_DATA          | ignored (logged)                                 |
 * | anything else, or a malformed WorkflowAlert  | trigger, severity "error", dedup_key per SNS message |
 *
 * Nothing that reaches the alert topic is dropped silently: what is not
 * understood is still paged, with the reason.
 */
import { type WorkflowAlert, executionConsoleUrl } from './alert-message';
import { parseAlarmDescription } from './alarm-description';
import {
  type CloudWatchAlarmNotification,
  alarmConsoleUrl,
  alarmDimensions,
  alarmLocation,
  isCloudWatchAlarmNotification,
  isoTime,
} from './cloudwatch-alarm-notification';
import { SUMMARY_MAX, type UnroutedEvent, clampDedupKey, clampSummary } from './pagerduty-event';
import { looksLikeWorkflowAlert, parseWorkflowAlert } from './parse-workflow-alert';

/** The part of an SNS record (Lambda event `Records[].Sns`) the mapping reads. */
export interface SnsMessageLike {
  MessageId: string;
  TopicArn: string;
  Subject?: string | null;
  Message: string;
  Timestamp: string;
}

export type MappedKind = 'workflow-failure' | 'workflow-recovery' | 'alarm' | 'alarm-ok' | 'unrecognised';

export type MappingDecision =
  | { action: 'send'; kind: MappedKind; event: UnroutedEvent }
  | { action: 'ignore'; reason: string; dedupKey: string };

/** Dimensions that name the affected resource, in order of preference, for `payload.source`. */
const RESOURCE_DIMENSIONS = [
  'Resource',
  'DBInstanceIdentifier',
  'ReplicationGroupId',
  'CacheClusterId',
  'StateMachineArn',
  'FunctionName',
  'QueueName',
  'TopicName',
];

export function mapSnsMessage(msg: SnsMessageLike): MappingDecision {
  let body: unknown;
  try {
    body = JSON.parse(msg.Message);
  } catch {
    return unrecognised(msg, 'the message is not JSON');
  }
  if (looksLikeWorkflowAlert(body)) {
    let alert: WorkflowAlert;
    try {
      alert = parseWorkflowAlert(body);
    } catch (err) {
      return unrecognised(msg, `malformed muejam-backup-dr alert: ${(err as Error).message}`);
    }
    return alert.kind === 'failure'
      ? { action: 'send', kind: 'workflow-failure', event: workflowFailure(alert, msg) }
      : { action: 'send', kind: 'workflow-recovery', event: { event_action: 'resolve', dedup_key: clampDedupKey(alert.dedupKey) } };
  }
  if (isCloudWatchAlarmNotification(body)) return alarm(body, msg);
  return unrecognised(msg, 'neither a muejam-backup-dr alert nor a CloudWatch alarm notification');
}

/** The dedup key of an alarm: stable per account, region and alarm name. */
export function alarmDedupKey(n: CloudWatchAlarmNotification): string {
  const { account, region } = alarmLocation(n);
  return clampDedupKey(`cloudwatch-alarm/${account}/${region}/${n.AlarmName}`);
}

/** Step Functions causes of Lambda errors are JSON ({"errorType","errorMessage","trace"}): keep the message. */
export function readableCause(cause: string): string {
  try {
    const c = JSON.parse(cause) as { errorMessage?: unknown; errorType?: unknown };
    if (c && typeof c.errorMessage === 'string') return c.errorMessage;
  } catch {
    // not JSON: already readable
  }
  return cause;
}

export function executionName(executionArn: string): string {
  const parts = executionArn.split(':');
  return parts.length >= 8 ? parts[7] : executionArn;
}

/**
 * "<workflow> failed for <resource> at step "<step>": <error>: <cause> (deployment <d>, execution <name>)".
 * Only the cause is shortened when the line would pass 1024 characters, so the
 * resource, step and execution always survive.
 */
export function failureSummary(a: WorkflowAlert): string {
  const head = `${a.workflow} failed for ${a.resource}${a.step ? ` at step "${a.step}"` : ''}: ${a.error}: `;
  const exec = a.executionArn ? `, execution ${executionName(a.executionArn)}` : '';
  const tail = ` (deployment ${a.deployment}${exec})`;
  const cause = readableCause(a.cause).replace(/\s+/g, ' ').trim();
  const room = SUMMARY_MAX - head.length - tail.length;
  const fitted = cause.length <= room ? cause : `${cause.slice(0, Math.max(0, room - 1))}…`;
  return clampSummary(`${head}${fitted}${tail}`);
}

function workflowFailure(a: WorkflowAlert, msg: SnsMessageLike): UnroutedEvent {
  const consoleUrl = a.consoleUrl || (a.executionArn ? executionConsoleUrl(a.executionArn) : '');
  return {
    event_action: 'trigger',
    dedup_key: clampDedupKey(a.dedupKey),
    payload: {
      summary: failureSummary(a),
      source: a.resource,
      severity: a.severity,
      timestamp: new Date(Date.parse(a.time)).toISOString(),
      component: a.workflow,
      group: `muejam-backup-dr/${a.deployment}`,
      class: a.error,
      custom_details: {
        deployment: a.deployment,
        workflow: a.workflow,
        resource: a.resource,
        step: a.step,
        error: a.error,
        cause: readableCause(a.cause),
        execution: a.executionArn ? executionName(a.executionArn) : '',
        executionArn: a.executionArn,
        consoleUrl,
        ...(a.summary ? { message: a.summary } : {}),
        snsMessageId: msg.MessageId,
      },
    },
    links: consoleUrl ? [{ href: consoleUrl, text: 'Step Functions execution' }] : [],
  };
}

function alarm(n: CloudWatchAlarmNotification, msg: SnsMessageLike): MappingDecision {
  const dedupKey = alarmDedupKey(n);
  if (n.NewStateValue === 'OK') {
    return { action: 'send', kind: 'alarm-ok', event: { event_action: 'resolve', dedup_key: dedupKey } };
  }
  if (n.NewStateValue !== 'ALARM') {
    return { action: 'ignore', dedupKey, reason: `alarm ${n.AlarmName} went to ${n.NewStateValue}: neither opened nor resolved` };
  }
  const { region, account } = alarmLocation(n);
  const d = parseAlarmDescription(n.AlarmDescription);
  const dims = alarmDimensions(n);
  const sourceDim = RESOURCE_DIMENSIONS.find((k) => dims[k]);
  const what = d.text.replace(/\s*Runbook:\s*\S+\s*$/, '') || n.NewStateReason || 'no description';
  const t = n.Trigger;
  return {
    action: 'send',
    kind: 'alarm',
    event: {
      event_action: 'trigger',
      dedup_key: dedupKey,
      payload: {
        summary: clampSummary(`ALARM ${n.AlarmName} (${region}): ${what}`),
        source: sourceDim ? dims[sourceDim] : n.AlarmName,
        severity: d.severity,
        timestamp: isoTime(n.StateChangeTime) ?? isoTime(msg.Timestamp) ?? new Date(0).toISOString(),
        component: t?.MetricName ? `${t.Namespace ?? ''}/${t.MetricName}` : n.AlarmRule ? 'composite-alarm' : 'cloudwatch-alarm',
        group: `cloudwatch/${account}/${region}`,
        class: 'cloudwatch-alarm',
        custom_details: {
          alarm: n.AlarmName,
          state: `${n.OldStateValue ?? '?'} -> ${n.NewStateValue}`,
          reason: n.NewStateReason ?? '',
          description: d.text,
          severityFrom: d.explicit ? 'alarm description tag' : 'default (description has no [severity] tag)',
          region,
          account,
          ...(n.AlarmArn ? { alarmArn: n.AlarmArn } : {}),
          ...(t
            ? {
                metric: `${t.Namespace ?? ''}/${t.MetricName ?? ''}`,
                dimensions: dims,
                statistic: t.Statistic,
                threshold: t.Threshold,
                comparison: t.ComparisonOperator,
                period: t.Period,
                evaluationPeriods: t.EvaluationPeriods,
                treatMissingData: t.TreatMissingData,
              }
            : {}),
          ...(n.AlarmRule ? { alarmRule: n.AlarmRule } : {}),
          snsMessageId: msg.MessageId,
        },
      },
      links: [{ href: alarmConsoleUrl(region, n.AlarmName), text: 'CloudWatch alarm' }, ...d.links],
    },
  };
}

function unrecognised(msg: SnsMessageLike, why: string): MappingDecision {
  const topic = msg.TopicArn.split(':').pop() || msg.TopicArn;
  const first = msg.Subject?.trim() || msg.Message.slice(0, 200);
  return {
    action: 'send',
    kind: 'unrecognised',
    event: {
      event_action: 'trigger',
      dedup_key: clampDedupKey(`sns/${msg.TopicArn}/${msg.MessageId}`),
      payload: {
        summary: clampSummary(`Unrecognised message on alert topic ${topic} (${why}): ${first}`),
        source: topic,
        severity: 'error',
        timestamp: isoTime(msg.Timestamp) ?? new Date(0).toISOString(),
        component: 'alert-topic',
        group: 'muejam-backup-dr',
        class: 'unrecognised-message',
        custom_details: {
          why,
          subject: msg.Subject ?? '',
          message: msg.Message.length > 4000 ? `${msg.Message.slice(0, 4000)}…` : msg.Message,
          topicArn: msg.TopicArn,
          snsMessageId: msg.MessageId,
        },
      },
      links: [],
    },
  };
}
