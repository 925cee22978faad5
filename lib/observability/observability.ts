/**
 * Observability of one deployment, added to the primary stack in one line,
 * anywhere in it: the PagerDuty forwarder, the RPO check and the alert-health
 * path are made at once; an Aspect (WorkflowMonitoring below, as
 * cdk-monitoring-constructs' MonitoringAspect does) finds every workflow
 * (AslWorkflow) and Lambda (StepFunctionLambda) of the stack at synth time,
 * when the stack is complete, and gives them their alarms and the dashboard.
 * So the order in which constructs are added does not matter. Which workflows
 * make backups, and of which resources, comes from the workflow registry.
 */
import { Aspects, type IAspect, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import { rpoHoursFor } from '../../lambdas/domain/metrics/rpo';
import type { WorkflowDefinition } from '../../lambdas/domain/workflows/registry';
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

/** The resources a backup workflow protects (its VerificationFailed and RPO alarms, its dashboard series). */
export function protectedResources(w: WorkflowDefinition | undefined, c: BackupConfig): string[] {
  if (!w?.makesBackups) return [];
  return w.protects === 'database' ? c.databases : c.redisGroups;
}

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

/** Visits the stack at synth (when every construct exists) and has the Observability construct monitor what it holds. */
class WorkflowMonitoring implements IAspect {
  constructor(private readonly observability: Observability) {}

  visit(node: IConstruct): void {
    if (node === Stack.of(this.observability)) this.observability.monitorStack();
  }
}

export class Observability extends Construct {
  readonly pagerDuty: PagerDutyForwarding;
  readonly rpoCheck: RpoCheck;
  /** The second topic for the alert pipeline's own alarms (not through the forwarder). */
  readonly alertHealth: AlertHealth;
  /** The alarms about alert delivery: each notifies the alert-health topic too. */
  readonly alertDeliveryAlarms: cloudwatch.Alarm[];
  readonly alarms: cloudwatch.Alarm[] = [];
  /** Made at synth (WorkflowMonitoring). */
  dashboard?: cloudwatch.Dashboard;
  /** Workflow name → its state machine, as found in the stack at synth. */
  readonly workflows: { name: string; stateMachine: sfn.StateMachine }[] = [];
  private readonly props: ObservabilityProps;
  private readonly ctx: AlarmContext;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const c = props.config;
    const prefix = resourcePrefix(c);
    const runbookUrl = props.runbookUrl || undefined;
    const stack = Stack.of(this);

    this.props = props;
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
    this.ctx = ctx;
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
    Aspects.of(stack).add(new WorkflowMonitoring(this));
  }

  /** Alarms for every workflow and Lambda now in the stack, and the dashboard (once, at synth: WorkflowMonitoring). */
  monitorStack(): void {
    if (this.dashboard) return;
    const { props, ctx } = this;
    const c = props.config;
    const stack = Stack.of(this);
    const workflows = stack.node.findAll().filter((n): n is AslWorkflow => n instanceof AslWorkflow);
    this.workflows.push(...workflows.map((w) => ({ name: w.workflowName, stateMachine: w.stateMachine })));
    const resources: DashboardResource[] = [];
    for (const w of workflows) {
      this.alarms.push(workflowFailedAlarm(ctx, `${w.workflowName}-ExecutionsFailed`, w.workflowName, w.stateMachine));
      for (const resource of protectedResources(w.definition, c)) {
        resources.push({ resource, workflow: w.workflowName, kind: w.definition!.protects });
        this.alarms.push(verificationFailedAlarm(ctx, `${w.workflowName}-${resource}-VerificationFailed`, w.workflowName, resource));
        for (const region of [c.primaryRegion, c.backupRegion]) {
          this.alarms.push(
            rpoBreachedAlarm(ctx, `${resource}-${region}-RpoBreached`, resource, region, rpoHoursFor(w.definition!.protects, c.rpoHours)),
          );
        }
      }
    }

    const lambdas = stack.node.findAll().filter((n): n is StepFunctionLambda => n instanceof StepFunctionLambda);
    // Named after the handler (forward-to-pagerduty, check-rpo, create-db-snapshot), like the errors alarms and the runbook.
    for (const l of lambdas) {
      const throttles = lambdaThrottlesAlarm(ctx, `${l.handlerName}-Throttles`, l.handlerName, l.fn);
      // A throttled forwarder delays every alert: that one is about alert delivery too.
      if (l === this.pagerDuty.forwarder) this.alertDeliveryAlarms.push(...this.alertHealth.alsoNotify([throttles]));
      this.alarms.push(throttles);
    }

    this.dashboard = buildDashboard(this, 'Dashboard', {
      name: ctx.prefix,
      namespace: c.metricsNamespace,
      deploymentId: c.deploymentId,
      regions: [c.primaryRegion, c.backupRegion],
      rpoHours: c.rpoHours,
      resources,
      workflows: this.workflows,
      // every alarm of the stack: these, the schedule dead-letter alarm and the ones workflows make themselves
      alarms: stack.node.findAll().filter((n): n is cloudwatch.Alarm => n instanceof cloudwatch.Alarm),
      runbookUrl: ctx.runbookUrl,
    });
  }
}
