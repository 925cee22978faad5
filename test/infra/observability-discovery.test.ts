/**
 * The Observability construct finds the workflows and Lambdas of its stack
 * (fixture ASL and handlers, no bundling) at synth, through an Aspect, and gives
 * each workflow its alarm, wherever in the stack the workflow was added.
 */
import * as path from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { parseAlarmDescription } from '../../lambdas/domain/alerts/alarm-description';
import { loadConfig } from '../../lib/config';
import { AslWorkflow } from '../../lib/constructs/asl-workflow';
import { SchedulerSupport } from '../../lib/constructs/scheduler-support';
import { Observability } from '../../lib/observability/observability';

const FIXTURES = path.join(__dirname, 'fixtures');

function world() {
  const app = new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } });
  const s = new Stack(app, 'S', { env: { account: '123456789012', region: 'us-east-1' } });
  // the alert-health topic needs a subscriber (otherwise synth refuses: test/infra/alert-health.test.ts)
  const context: Record<string, string> = { 'muejam.fallbackAlertEmail': 'platform-oncall@example.com' };
  const config = loadConfig({ context: (k) => context[k], contextKeys: Object.keys(context) });
  const encryptionKey = new kms.Key(s, 'Key');
  const alertTopic = new sns.Topic(s, 'Topic', { masterKey: encryptionKey });
  const scheduling = new SchedulerSupport(s, 'Scheduling', { deploymentId: config.deploymentId, alertTopic });
  const workflow = (id: string) =>
    new AslWorkflow(s, id, {
      workflowName: 'two-steps',
      aslFile: 'two-steps.asl.json',
      handlerPolicies: { FixtureStep: [], PublishAlert: [] },
      extraSubstitutions: { Bucket: 'b' },
      environment: { DEPLOYMENT_ID: 'prod' },
      metricsNamespace: 'MueJam/Backup',
      alertTopic,
      encryptionKey,
      deploymentId: config.deploymentId,
      timeout: Duration.hours(1),
      sourceRoot: FIXTURES,
    });
  return { app, s, config, encryptionKey, alertTopic, scheduling, workflow };
}

describe('Observability discovery', () => {
  it('alarms on every workflow and throttles of every Lambda found in the stack', () => {
    const w = world();
    w.workflow('Two');
    const o = new Observability(w.s, 'Observability', {
      config: w.config,
      alertTopic: w.alertTopic,
      encryptionKey: w.encryptionKey,
      scheduling: w.scheduling,
      runbookUrl: 'https://example.com/runbook.md',
    });
    const alarms = Object.values(Template.fromStack(w.s).findResources('AWS::CloudWatch::Alarm')).map((a: any) => a.Properties);
    expect(o.workflows.map((x) => x.name)).toEqual(['two-steps']);
    const names = alarms
      .map((a) => a.AlarmName)
      .filter(Boolean)
      .sort();
    expect(names).toEqual(
      [
        'muejam-backup-dr-prod-two-steps-executions-failed',
        'muejam-backup-dr-prod-forward-to-pagerduty-lambda-errors',
        'muejam-backup-dr-prod-check-rpo-lambda-errors',
        'muejam-backup-dr-prod-pagerduty-dead-letters',
        'muejam-backup-dr-prod-pagerduty-dead-letter-delivery-failures',
        'muejam-backup-dr-prod-alert-topic-delivery-failures',
        // the routing-key secret still holds the placeholder (notifies the alert-health topic)
        'muejam-backup-dr-prod-pagerduty-routing-key-placeholder',
        // SchedulerSupport's own alarm on the schedule dead-letter queue
        'muejam-backup-dr-prod-schedule-dead-letters',
        'muejam-backup-dr-prod-fixture-step-lambda-throttles',
        'muejam-backup-dr-prod-publish-alert-lambda-throttles',
        'muejam-backup-dr-prod-forward-to-pagerduty-lambda-throttles',
        'muejam-backup-dr-prod-check-rpo-lambda-throttles',
      ].sort(),
    );
    const failed = alarms.find((a) => a.AlarmName === 'muejam-backup-dr-prod-two-steps-executions-failed');
    expect(parseAlarmDescription(failed.AlarmDescription)).toMatchObject({
      severity: 'critical',
      links: [{ href: 'https://example.com/runbook.md#alarm-workflow-executions-failed', text: 'Runbook' }],
    });
    // Not a backup workflow: no verification or RPO alarm for it.
    expect(names.some((n) => n.includes('verification') || n.includes('rpo-breached'))).toBe(false);
  });

  it('gives a workflow added after it the same alarms and dashboard series (construct order does not matter)', () => {
    const w = world();
    const o = new Observability(w.s, 'Observability', {
      config: w.config,
      alertTopic: w.alertTopic,
      encryptionKey: w.encryptionKey,
      scheduling: w.scheduling,
    });
    w.workflow('Late');
    const template = Template.fromStack(w.s);
    expect(o.workflows.map((x) => x.name)).toEqual(['two-steps']);
    const names = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a: any) => a.Properties.AlarmName);
    expect(names).toEqual(
      expect.arrayContaining([
        'muejam-backup-dr-prod-two-steps-executions-failed',
        'muejam-backup-dr-prod-fixture-step-lambda-throttles',
        'muejam-backup-dr-prod-publish-alert-lambda-throttles',
      ]),
    );
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard')).map((d: any) => d.Properties);
    expect(JSON.stringify(dashboard.DashboardBody)).toContain('two-steps succeeded');
  });

  it('refuses an http:// PagerDuty endpoint that is not loopback', () => {
    const w = world();
    expect(
      () =>
        new Observability(w.s, 'Observability', {
          config: w.config,
          alertTopic: w.alertTopic,
          encryptionKey: w.encryptionKey,
          scheduling: w.scheduling,
          pagerDutyEndpoint: 'http://events.pagerduty.com/v2/enqueue',
        }),
    ).toThrow('Observability pagerDutyEndpoint: must use https://');
  });
});
