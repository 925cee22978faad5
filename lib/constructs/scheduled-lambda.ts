/**
 * A Lambda started by EventBridge Scheduler (the RPO check, the PITR replication keeper, the restore
 * test's and the drill's freshness checks): a scheduler role that may invoke that function only and
 * dead-letter to the stack's queue, and the schedule in the deployment's group with the shared retry
 * policy. The children are made in `scope` with the ids given, so moving a construct onto this helper
 * keeps its logical ids.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type { Construct } from 'constructs';
import { SCHEDULE_MAX_EVENT_AGE, SCHEDULE_MAX_RETRIES, type SchedulerSupport } from './scheduler-support';

export interface ScheduledLambdaProps {
  readonly fn: lambda.IFunction;
  readonly scheduling: SchedulerSupport;
  readonly account: string;
  /** Construct ids of the role and the schedule inside `scope`. */
  readonly roleId: string;
  readonly scheduleId: string;
  /** Statement id of the invoke permission (`Invoke<What>Only`). */
  readonly invokeSid: string;
  readonly roleDescription: string;
  /** Schedule name inside the group, its description and rate(...) / cron(...) expression (UTC). */
  readonly name: string;
  readonly description: string;
  readonly expression: string;
}

/** Creates the role and the schedule; returns the schedule. */
export function scheduleLambda(scope: Construct, p: ScheduledLambdaProps): scheduler.CfnSchedule {
  const role = new iam.Role(scope, p.roleId, {
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': p.account } } }),
    description: p.roleDescription,
  });
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ sid: p.invokeSid, actions: ['lambda:InvokeFunction'], resources: [p.fn.functionArn] }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'DeadLetterFailedStarts',
      actions: ['sqs:SendMessage'],
      resources: [p.scheduling.deadLetterQueue.queueArn],
    }),
  );
  const schedule = new scheduler.CfnSchedule(scope, p.scheduleId, {
    name: p.name,
    groupName: p.scheduling.group.name,
    description: p.description,
    scheduleExpression: p.expression,
    scheduleExpressionTimezone: 'UTC',
    flexibleTimeWindow: { mode: 'OFF' },
    state: 'ENABLED',
    target: {
      arn: p.fn.functionArn,
      roleArn: role.roleArn,
      input: '{}',
      retryPolicy: { maximumRetryAttempts: SCHEDULE_MAX_RETRIES, maximumEventAgeInSeconds: SCHEDULE_MAX_EVENT_AGE.toSeconds() },
      deadLetterConfig: { arn: p.scheduling.deadLetterQueue.queueArn },
    },
  });
  schedule.addResourceDependency(p.scheduling.group);
  return schedule;
}
