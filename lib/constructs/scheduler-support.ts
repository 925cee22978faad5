/**
 * What every EventBridge Scheduler schedule of a stack shares: the schedule
 * group `muejam-backup-dr-<deploymentId>`, a dead-letter queue for target
 * invocations that still fail after the retries, and an alarm on that queue
 * that pages through the alert topic (critical, ALARM and OK actions, runbook
 * section "alarm-schedule-dead-letters", like every alarm of
 * lib/observability). Each workflow then makes its own
 * scheduler role (StartExecution on its own state machine only) with
 * `schedulerRole()` and its schedules with `schedule()`.
 */
import { createHash } from 'node:crypto';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmTexts } from '../observability/alarm-texts';
import { alarmName } from '../observability/alarms';

/** Retry policy of every schedule target: a late start is harmless (names come from the scheduled time). */
export const SCHEDULE_MAX_RETRIES = 4;
export const SCHEDULE_MAX_EVENT_AGE = Duration.hours(1);

/** Schedule names are at most 64 characters: longer ones are cut and suffixed with a hash of the full name. */
export function scheduleName(name: string): string {
  if (name.length <= 64) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 55).replace(/-+$/, '')}-${hash}`;
}

export interface SchedulerSupportProps {
  readonly deploymentId: string;
  readonly alertTopic: sns.ITopic;
  /** Base URL of docs/runbook.md (`muejam.runbookUrl`); unset = the alarm names the repository path. */
  readonly runbookUrl?: string;
}

export interface ScheduleProps {
  /** Schedule name inside the group (cut to 64 characters with a hash when longer). */
  readonly name: string;
  readonly description: string;
  /** rate(...) or cron(...), validated by lib/config.ts. */
  readonly expression: string;
  readonly timezone: string;
  readonly stateMachine: sfn.IStateMachine;
  readonly role: iam.IRole;
  /** Execution input: JSON text, may contain `<aws.scheduler.scheduled-time>`. */
  readonly input: string;
}

export class SchedulerSupport extends Construct {
  readonly group: scheduler.CfnScheduleGroup;
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: SchedulerSupportProps) {
    super(scope, id);
    this.group = new scheduler.CfnScheduleGroup(this, 'Group', { name: `muejam-backup-dr-${props.deploymentId}` });

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the EventBridge Scheduler targets (cdk-nag only recognises SQS and Lambda redrive); an alarm on its depth pages the on-call.',
    });

    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmName: alarmName(`muejam-backup-dr-${props.deploymentId}`, 'schedule-dead-letters'),
      alarmDescription: alarmTexts.scheduleDeadLetters(props.runbookUrl || undefined),
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // ALARM opens the PagerDuty incident, OK (queue purged) resolves it.
    const page = new cwActions.SnsAction(props.alertTopic);
    this.deadLetterAlarm.addAlarmAction(page);
    this.deadLetterAlarm.addOkAction(page);
  }

  /** A role EventBridge Scheduler assumes to start `stateMachine` (and only it) and to dead-letter failures. */
  schedulerRole(scope: Construct, id: string, stateMachine: sfn.IStateMachine): iam.Role {
    const account = Stack.of(this).account;
    const role = new iam.Role(scope, id, {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
      description: `EventBridge Scheduler: starts ${stateMachine.node.path} only`,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'StartThisWorkflowOnly',
        actions: ['states:StartExecution'],
        resources: [stateMachine.stateMachineArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DeadLetterFailedStarts',
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
      }),
    );
    return role;
  }

  /** One schedule in the group, flexible window off, with the shared retry policy and dead-letter queue. */
  schedule(scope: Construct, id: string, p: ScheduleProps): scheduler.CfnSchedule {
    const s = new scheduler.CfnSchedule(scope, id, {
      name: scheduleName(p.name),
      groupName: this.group.name,
      description: p.description,
      scheduleExpression: p.expression,
      scheduleExpressionTimezone: p.timezone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: p.stateMachine.stateMachineArn,
        roleArn: p.role.roleArn,
        input: p.input,
        retryPolicy: {
          maximumRetryAttempts: SCHEDULE_MAX_RETRIES,
          maximumEventAgeInSeconds: SCHEDULE_MAX_EVENT_AGE.toSeconds(),
        },
        deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      },
    });
    s.addResourceDependency(this.group);
    return s;
  }
}
