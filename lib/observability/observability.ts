/**
 * Observability of one deployment, added to the primary stack in one line
 * AFTER the workflows: it finds every workflow (AslWorkflow) and every Lambda
 * (StepFunctionLambda) of the stack and gives them alarms, adds the PagerDuty
 * forwarder and the RPO check, and builds the dashboard. A workflow added
 * after this line fails synth with a message saying so.
 */
import { Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { type ResourceKind, rpoHoursFor } from '../../lambdas/domain/metrics/rpo';
import { type BackupConfig, resourcePrefix } from '../config';
import { AslWorkflow } from '../constructs/asl-workflow';
import type { SchedulerSupport } from '../constructs/scheduler-support';
import { StepFunctionLambda } from '../constructs/step-function-lambda';
import {
  type AlarmContext,
  alertDeliveryAlarms,
  lambdaErrorsAlarm,
  lambdaThrottlesAlarm,
  rpoBreachedAlarm,
  verificationFailedAlarm,
  workflowFailedAlarm,
} from './alarms';
import { type DashboardResource, buildDashboard } from './dashboard';
import { AlertHealth } from './alert-health';
import { PagerDutyForwarding } from './pagerduty-forwarding';
import { RpoCheck } from './rpo-check';

/** Which resources each backup workflow protects (its VerificationFailed and RPO alarms). */
export const BACKUP_WORKFLOW_RESOURCES: Record<string, { kind: ResourceKind; resources: (c: BackupConfig) => string[] }> = {
  'database-backup': { kind: 'database', resources: (c) => c.databases },
  'redis-backup': { kind: 'cache', resources: (c) => c.redisGroups },
};

export interface ObservabilityProps {
  readonly config: BackupConfig;
  readonly alertTopic: sns.ITopic;
  readonly encryptionKey: kms.IKey;
  readonly scheduling: SchedulerSupport;
  /**
   * Base URL of docs/runbook.md as on-call reads it (alarm descriptions link its sections): `muejam.runbookUrl`.
   * Unset or empty: the descriptions name the repository path docs/runbook.md#<section>.
   */
  readonly runbookUrl?: string;
  /** PagerDuty Events API v2 URL: `muejam.pagerDutyEndpoint` (default US; https://events.eu.pagerduty.com/v2/enqueue for the EU service). */
  readonly pagerDutyEndpoint?: string;
}

/** The workflow name of a state machine named `muejam-backup-dr-<deployment>-<workflow>`. */
export function workflowNameOf(prefix: string, stateMachine: sfn.StateMachine): string {
  const name = (stateMachine.node.defaultChild as sfn.CfnStateMachine).stateMachineName ?? '';
  if (!name.startsWith(`${prefix}-`)) throw new Error(`state machine ${stateMachine.node.path} is not named ${prefix}-<workflow>`);
  return name.slice(prefix.length + 1);
}

export class Observability extends Construct {
  readonly pagerDuty: PagerDutyForwarding;
  readonly rpoCheck: RpoCheck;
  /** The second topic for the alert pipeline's own alarms (not through the forwarder). */
  readonly alertHealth: AlertHealth;
  /** The alarms about alert delivery: each notifies the alert-health topic too. */
  readonly alertDeliveryAlarms: cloudwatch.Alarm[];
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  /** Workflow name → its state machine, as found in the stack. */
  readonly workflows: { name: string; stateMachine: sfn.StateMachine }[];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const c = props.config;
    const prefix = resourcePrefix(c);
    const runbookUrl = props.runbookUrl || undefined;
    const stack = Stack.of(this);

    const found = stack.node.findAll().filter((n): n is AslWorkflow => n instanceof AslWorkflow);
    this.workflows = found.map((w) => ({ name: workflowNameOf(prefix, w.stateMachine), stateMachine: w.stateMachine }));
    const covered = new Set(found);
    this.node.addValidation({
      validate: () =>
        stack.node
          .findAll()
          .filter((n): n is AslWorkflow => n instanceof AslWorkflow && !covered.has(n))
          .map(
            (w) =>
              `workflow ${w.node.path} was added after the Observability construct: move the Observability line below every workflow in the stack so the workflow gets its alarms and dashboard widgets`,
          ),
    });

    this.pagerDuty = new PagerDutyForwarding(this, 'PagerDuty', {
      prefix,
      partition: c.partition,
      region: c.primaryRegion,
      account: c.account,
      alertTopic: props.alertTopic,
      encryptionKey: props.encryptionKey,
      metricsNamespace: c.metricsNamespace,
      endpoint: props.pagerDutyEndpoint,
    });
    this.rpoCheck = new RpoCheck(this, 'RpoCheck', {
      config: c,
      alertTopicArn: props.alertTopic.topicArn,
      encryptionKey: props.encryptionKey,
      scheduling: props.scheduling,
    });

    const ctx: AlarmContext = { scope: this, prefix, namespace: c.metricsNamespace, runbookUrl, alertTopic: props.alertTopic };
    const resources: DashboardResource[] = [];
    for (const w of this.workflows) {
      this.alarms.push(workflowFailedAlarm(ctx, `${w.name}-ExecutionsFailed`, w.name, w.stateMachine));
      const protectedBy = BACKUP_WORKFLOW_RESOURCES[w.name];
      for (const resource of protectedBy?.resources(c) ?? []) {
        resources.push({ resource, workflow: w.name });
        this.alarms.push(verificationFailedAlarm(ctx, `${w.name}-${resource}-VerificationFailed`, w.name, resource));
        for (const region of [c.primaryRegion, c.backupRegion]) {
          this.alarms.push(
            rpoBreachedAlarm(ctx, `${resource}-${region}-RpoBreached`, resource, region, rpoHoursFor(protectedBy.kind, c.rpoHours)),
          );
        }
      }
    }

    this.alertHealth = new AlertHealth(this, 'AlertHealth', {
      prefix,
      deploymentId: c.deploymentId,
      encryptionKey: props.encryptionKey,
      email: c.fallbackAlertEmail,
      url: c.fallbackAlertUrl,
      allowNoSubscriber: c.allowNoFallbackAlerts,
    });
    const forwarderErrors = lambdaErrorsAlarm(
      ctx,
      'ForwarderErrors',
      'forward-to-pagerduty',
      this.pagerDuty.forwarder.fn,
      'alerts are being retried and may end in the dead-letter queue',
    );
    const delivery = alertDeliveryAlarms(ctx, {
      deadLetterQueue: this.pagerDuty.deadLetterQueue,
      forwarder: this.pagerDuty.forwarder.fn,
      alertTopic: props.alertTopic,
    });
    // The alarms about alert delivery also go to the alert-health topic, which does not go through the forwarder.
    this.alertDeliveryAlarms = this.alertHealth.alsoNotify([forwarderErrors, ...delivery]);
    const placeholderKey = this.alertHealth.placeholderKeyAlarm(ctx, this.pagerDuty.routingKeySecretName);
    this.alertDeliveryAlarms.push(placeholderKey);
    this.alarms.push(
      forwarderErrors,
      lambdaErrorsAlarm(
        ctx,
        'RpoCheckErrors',
        'check-rpo',
        this.rpoCheck.lambda.fn,
        'backup ages are not measured; the RPO alarms will fire as data goes missing',
      ),
      ...delivery,
      placeholderKey,
    );
    const lambdas = stack.node.findAll().filter((n): n is StepFunctionLambda => n instanceof StepFunctionLambda);
    // Named after the handler (forward-to-pagerduty, check-rpo, create-db-snapshot), like the errors alarms and the runbook.
    for (const l of lambdas) {
      const throttles = lambdaThrottlesAlarm(ctx, `${l.handlerName}-Throttles`, l.handlerName, l.fn);
      // A throttled forwarder delays every alert: that one is about alert delivery too.
      if (l === this.pagerDuty.forwarder) this.alertDeliveryAlarms.push(...this.alertHealth.alsoNotify([throttles]));
      this.alarms.push(throttles);
    }

    this.dashboard = buildDashboard(this, 'Dashboard', {
      name: prefix,
      namespace: c.metricsNamespace,
      deploymentId: c.deploymentId,
      regions: [c.primaryRegion, c.backupRegion],
      rpoHours: c.rpoHours,
      resources,
      workflows: this.workflows,
      // every alarm of the deployment, the schedule dead-letter alarm of SchedulerSupport included
      alarms: [...this.alarms, props.scheduling.deadLetterAlarm],
      runbookUrl,
    });
  }
}
