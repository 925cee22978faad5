/**
 * The alert pipeline's own health has a path that does not need it: every
 * alarm about alert delivery notifies a topic with a subscriber that is not
 * the PagerDuty forwarder; without such a subscriber synth fails, unless
 * muejam.allowNoFallbackAlerts=true, which warns.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../lib/app';
import { NO_FALLBACK_MESSAGE } from '../../lib/observability/alert-health';
import { cdkJsonContext } from './synth';

/** The app with cdk.json's context minus the opt-out, plus `overrides`; bundling skipped and cdk-nag findings not fatal (wiring only; test/infra/nag-and-lint.test.ts checks nag). */
function synth(overrides: Record<string, unknown>): { templates: Record<string, any>; warnings: string[] } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'alert-health-'));
  try {
    const { 'muejam.allowNoFallbackAlerts': _optOut, ...context } = cdkJsonContext();
    const app = new App({
      builtinCloudFormationValidation: false,
      outdir,
      context: { ...context, 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:failSynthOnValidationErrors': false, ...overrides },
    });
    buildApp(app, undefined);
    const assembly = app.synth();
    const warnings = assembly.stacks.flatMap((s) => s.messages.filter((m) => m.level === 'warning').map((m) => String(m.entry.data)));
    const templates: Record<string, any> = {};
    for (const f of readdirSync(outdir).filter((x) => x.endsWith('.template.json'))) {
      templates[path.basename(f, '.template.json')] = JSON.parse(readFileSync(path.join(outdir, f), 'utf8'));
    }
    return { templates, warnings };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const byType = (t: any, type: string) => Object.entries(t.Resources).filter(([, r]: [string, any]) => r.Type === type) as [string, any][];
const refOf = (v: any): string | undefined => v?.Ref ?? v?.['Fn::GetAtt']?.[0];

describe('alert-health topic', () => {
  let primary: any;
  beforeAll(() => {
    const { templates } = synth({ 'muejam.fallbackAlertEmail': 'platform-oncall@example.com' });
    primary = Object.entries(templates).find(([name]) => name.endsWith('-primary'))?.[1];
  }, 120_000);

  it('every alarm about alert delivery notifies a topic whose subscriber is not the forwarder', () => {
    const forwarder = byType(primary, 'AWS::Lambda::Function').find(([id]) => id.includes('PagerDutyForwarder'))?.[0];
    const dlq = byType(primary, 'AWS::SQS::Queue').find(([id]) => id.includes('PagerDutyDeadLetterQueue'))?.[0];
    const alertTopic = byType(primary, 'AWS::SNS::Topic').find(([, r]) => String(r.Properties.TopicName).endsWith('-alerts'))?.[0];
    expect([forwarder, dlq, alertTopic]).not.toContain(undefined);

    const subscriptions = byType(primary, 'AWS::SNS::Subscription').map(([, r]) => r.Properties);
    const topicsWithOtherSubscriber = new Set(
      subscriptions.filter((s) => !(s.Protocol === 'lambda' && refOf(s.Endpoint) === forwarder)).map((s) => refOf(s.TopicArn)),
    );

    // An alarm is about alert delivery when its metric watches the forwarder, its dead-letter queue or the alert topic.
    const watched = new Set([forwarder, dlq, alertTopic]);
    const aboutDelivery = byType(primary, 'AWS::CloudWatch::Alarm').filter(([, r]) => {
      const dims = [
        ...(r.Properties.Dimensions ?? []),
        ...(r.Properties.Metrics ?? []).flatMap((m: any) => m.MetricStat?.Metric?.Dimensions ?? []),
      ];
      return (
        dims.some((d: any) => watched.has(refOf(d.Value))) ||
        /alert-delivery|not reaching PagerDuty/.test(String(r.Properties.AlarmDescription))
      );
    });
    expect(aboutDelivery.length).toBeGreaterThanOrEqual(6); // forwarder errors + throttles, dead letters, DLQ delivery, topic delivery, placeholder key
    for (const [id, alarm] of aboutDelivery) {
      const targets = (alarm.Properties.AlarmActions ?? []).map(refOf);
      expect({ id, reachesSomeoneElse: targets.some((t: string) => topicsWithOtherSubscriber.has(t)) }).toEqual({
        id,
        reachesSomeoneElse: true,
      });
    }
  });

  it('the alert-health topic is encrypted and subscribed by the configured e-mail, not by a Lambda', () => {
    const [healthId, health] = byType(primary, 'AWS::SNS::Topic').find(([, r]) =>
      String(r.Properties.TopicName).endsWith('-alert-health'),
    )!;
    expect(health.Properties.KmsMasterKeyId).toBeDefined();
    const subs = byType(primary, 'AWS::SNS::Subscription')
      .map(([, r]) => r.Properties)
      .filter((s) => refOf(s.TopicArn) === healthId);
    expect(subs.map((s) => [s.Protocol, s.Endpoint])).toEqual([['email', 'platform-oncall@example.com']]);
  });
});

describe('no fallback subscriber', () => {
  it('fails synth, naming the keys that fix it', () => {
    expect(() => synth({})).toThrow(NO_FALLBACK_MESSAGE);
  }, 120_000);

  it('warns instead with muejam.allowNoFallbackAlerts=true', () => {
    const { warnings } = synth({ 'muejam.allowNoFallbackAlerts': 'true' });
    expect(warnings.join('\n')).toContain('muejam.allowNoFallbackAlerts=true: the alert-health topic has no subscriber');
  }, 120_000);

  it('takes an HTTPS endpoint as the subscriber, and refuses PagerDuty itself as the fallback', () => {
    const { templates } = synth({ 'muejam.fallbackAlertUrl': 'https://chat-relay.example.com/hooks/muejam' });
    const primary = Object.entries(templates).find(([name]) => name.endsWith('-primary'))?.[1];
    const https = byType(primary, 'AWS::SNS::Subscription')
      .map(([, r]) => r.Properties)
      .filter((s) => s.Protocol === 'https');
    expect(https.map((s) => s.Endpoint)).toEqual(['https://chat-relay.example.com/hooks/muejam']);
    expect(() => synth({ 'muejam.fallbackAlertUrl': 'https://events.pagerduty.com/v2/enqueue' })).toThrow(
      'muejam.fallbackAlertUrl: "https://events.pagerduty.com/v2/enqueue" is PagerDuty, the path this fallback watches',
    );
  }, 120_000);
});
