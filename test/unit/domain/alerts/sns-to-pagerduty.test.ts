import fc from 'fast-check';
import { alertDedupKey } from '../../../../lambdas/domain/alerts/alert-message';
import { DEDUP_KEY_MAX, SUMMARY_MAX } from '../../../../lambdas/domain/alerts/pagerduty-event';
import { executionName, failureSummary, mapSnsMessage, readableCause } from '../../../../lambdas/domain/alerts/sns-to-pagerduty';
import { EXECUTION_ARN, alarmNotification, failureAlert, recoveryAlert, sns } from './fixtures';

describe('workflow alerts → Events API v2', () => {
  it('maps a failure to the exact trigger event', () => {
    const a = failureAlert();
    expect(mapSnsMessage(sns(a))).toEqual({
      action: 'send',
      kind: 'workflow-failure',
      event: {
        event_action: 'trigger',
        dedup_key: 'muejam-backup-dr/prod/database-backup/muejam-db-prod',
        payload: {
          summary:
            'database-backup failed for muejam-db-prod at step "copy to backup region": PreconditionFailed: no customer-managed KMS key alias/muejam-backup in us-west-2 (deployment prod, execution sched-20261124T0600Z)',
          source: 'muejam-db-prod',
          severity: 'critical',
          timestamp: '2026-11-24T06:04:05.000Z',
          component: 'database-backup',
          group: 'muejam-backup-dr/prod',
          class: 'PreconditionFailed',
          custom_details: {
            deployment: 'prod',
            workflow: 'database-backup',
            resource: 'muejam-db-prod',
            step: 'copy to backup region',
            error: 'PreconditionFailed',
            cause: 'no customer-managed KMS key alias/muejam-backup in us-west-2',
            execution: 'sched-20261124T0600Z',
            executionArn: EXECUTION_ARN,
            consoleUrl: a.consoleUrl,
            message: 'database-backup failed for muejam-db-prod',
            snsMessageId: '5d0f1a2b-0000-4000-8000-000000000001',
          },
        },
        links: [{ href: a.consoleUrl, text: 'Step Functions execution' }],
      },
    });
  });

  it('maps a recovery to a resolve with the same dedup key and nothing else', () => {
    const fail = mapSnsMessage(sns(failureAlert()));
    const ok = mapSnsMessage(sns(recoveryAlert()));
    expect(ok).toEqual({
      action: 'send',
      kind: 'workflow-recovery',
      event: { event_action: 'resolve', dedup_key: 'muejam-backup-dr/prod/database-backup/muejam-db-prod' },
    });
    expect(fail.action === 'send' && ok.action === 'send' && fail.event.dedup_key === ok.event.dedup_key).toBe(true);
  });

  it('keeps one dedup key per workflow and resource across runs (different executions, causes, times)', () => {
    const run1 = mapSnsMessage(sns(failureAlert({ executionArn: `${EXECUTION_ARN}a`, cause: 'x', time: '2026-11-24T00:00:00Z' })));
    const run2 = mapSnsMessage(sns(failureAlert({ executionArn: `${EXECUTION_ARN}b`, cause: 'y', time: '2026-11-24T06:00:00Z' })));
    const other = mapSnsMessage(
      sns(failureAlert({ resource: 'muejam-db-reports', dedupKey: alertDedupKey('prod', 'database-backup', 'muejam-db-reports') })),
    );
    const keys = [run1, run2, other].map((d) => (d.action === 'send' ? d.event.dedup_key : ''));
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('passes the workflow severity on (warning for retention)', () => {
    const d = mapSnsMessage(sns(failureAlert({ workflow: 'retention', severity: 'warning' })));
    expect(d.action === 'send' && d.event.event_action === 'trigger' && d.event.payload.severity).toBe('warning');
  });

  it('reads the message out of a Step Functions Lambda cause (JSON) and builds the console link when missing', () => {
    const cause = JSON.stringify({ errorType: 'VerificationFailed', errorMessage: 'copy in us-west-2 is 0 GiB', trace: ['at x'] });
    const d = mapSnsMessage(sns(failureAlert({ cause, error: 'VerificationFailed', step: 'verify both copies', consoleUrl: '' })));
    if (d.action !== 'send' || d.event.event_action !== 'trigger') throw new Error('expected a trigger');
    expect(d.event.payload.summary).toContain('VerificationFailed: copy in us-west-2 is 0 GiB');
    expect(d.event.payload.custom_details.cause).toBe('copy in us-west-2 is 0 GiB');
    expect(d.event.links[0].href).toBe(
      `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${EXECUTION_ARN}`,
    );
  });

  it('shortens only the cause of a long failure, so resource, step and execution always stay in the summary', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 5000 }), fc.string({ minLength: 1, maxLength: 80 }), (cause, step) => {
        const a = failureAlert({ cause, step });
        const s = failureSummary(a);
        expect(s.length).toBeLessThanOrEqual(SUMMARY_MAX);
        expect(s).toContain('muejam-db-prod');
        expect(s).toContain('sched-20261124T0600Z');
      }),
    );
  });

  it('pages a malformed alert of ours instead of dropping it, naming the field', () => {
    const { severity: _drop, ...noSeverity } = failureAlert();
    const d = mapSnsMessage(sns({ ...noSeverity, severity: 'urgent' }));
    if (d.action !== 'send' || d.event.event_action !== 'trigger') throw new Error('expected a trigger');
    expect(d.kind).toBe('unrecognised');
    expect(d.event.payload.severity).toBe('error');
    expect(d.event.payload.summary).toContain('severity: must be one of critical, warning, info');
    expect(d.event.dedup_key).toBe('sns/arn:aws:sns:eu-west-1:111122223333:muejam-prod-alerts/5d0f1a2b-0000-4000-8000-000000000001');
  });

  it('requires error and cause on failures but not on recoveries', () => {
    const noCause = mapSnsMessage(sns(failureAlert({ cause: '' })));
    expect(noCause.action === 'send' && noCause.kind).toBe('unrecognised');
    const recovery = mapSnsMessage(sns(recoveryAlert({ cause: '', error: '' })));
    expect(recovery.action === 'send' && recovery.kind).toBe('workflow-recovery');
  });
});

describe('CloudWatch alarm notifications → Events API v2', () => {
  it('maps ALARM to the exact trigger event, severity from the description tag', () => {
    const n = alarmNotification();
    expect(mapSnsMessage(sns(n))).toEqual({
      action: 'send',
      kind: 'alarm',
      event: {
        event_action: 'trigger',
        dedup_key: 'cloudwatch-alarm/111122223333/eu-west-1/muejam-prod-rpo-breached-muejam-db-prod',
        payload: {
          summary:
            'ALARM muejam-prod-rpo-breached-muejam-db-prod (eu-west-1): The newest verified backup of muejam-db-prod is older than the 6 h RPO. First: check the last database-backup executions.',
          source: 'muejam-db-prod',
          severity: 'critical',
          timestamp: '2026-11-24T08:01:02.345Z',
          component: 'MueJam/Backup/NewestVerifiedBackupAgeSeconds',
          group: 'cloudwatch/111122223333/eu-west-1',
          class: 'cloudwatch-alarm',
          custom_details: {
            alarm: 'muejam-prod-rpo-breached-muejam-db-prod',
            state: 'OK -> ALARM',
            reason: n.NewStateReason,
            description:
              'The newest verified backup of muejam-db-prod is older than the 6 h RPO. First: check the last database-backup executions. Runbook: https://github.com/example/muejam-backup-dr/blob/main/docs/runbook.md#rpo-breached',
            severityFrom: 'alarm description tag',
            region: 'eu-west-1',
            account: '111122223333',
            alarmArn: n.AlarmArn,
            metric: 'MueJam/Backup/NewestVerifiedBackupAgeSeconds',
            dimensions: { Resource: 'muejam-db-prod', Region: 'us-west-2' },
            statistic: 'MAXIMUM',
            threshold: 21600,
            comparison: 'GreaterThanThreshold',
            period: 900,
            evaluationPeriods: 1,
            treatMissingData: 'breaching',
            snsMessageId: '5d0f1a2b-0000-4000-8000-000000000001',
          },
        },
        links: [
          {
            href: 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/muejam-prod-rpo-breached-muejam-db-prod',
            text: 'CloudWatch alarm',
          },
          { href: 'https://github.com/example/muejam-backup-dr/blob/main/docs/runbook.md#rpo-breached', text: 'Runbook' },
        ],
      },
    });
  });

  it('resolves on OK with the same dedup key', () => {
    const open = mapSnsMessage(sns(alarmNotification()));
    const ok = mapSnsMessage(sns(alarmNotification({ NewStateValue: 'OK', OldStateValue: 'ALARM' })));
    expect(ok).toEqual({
      action: 'send',
      kind: 'alarm-ok',
      event: { event_action: 'resolve', dedup_key: 'cloudwatch-alarm/111122223333/eu-west-1/muejam-prod-rpo-breached-muejam-db-prod' },
    });
    expect(open.action === 'send' && open.event.dedup_key).toBe((ok as { event: { dedup_key: string } }).event.dedup_key);
  });

  it('ignores INSUFFICIENT_DATA with a reason', () => {
    const d = mapSnsMessage(sns(alarmNotification({ NewStateValue: 'INSUFFICIENT_DATA' })));
    expect(d).toEqual({
      action: 'ignore',
      dedupKey: 'cloudwatch-alarm/111122223333/eu-west-1/muejam-prod-rpo-breached-muejam-db-prod',
      reason: 'alarm muejam-prod-rpo-breached-muejam-db-prod went to INSUFFICIENT_DATA: neither opened nor resolved',
    });
  });

  it('keeps the same alarm name apart across accounts and regions', () => {
    const a = mapSnsMessage(sns(alarmNotification()));
    const b = mapSnsMessage(
      sns(alarmNotification({ AlarmArn: 'arn:aws:cloudwatch:us-west-2:111122223333:alarm:muejam-prod-rpo-breached-muejam-db-prod' })),
    );
    const c = mapSnsMessage(sns(alarmNotification({ AWSAccountId: '999988887777' })));
    const keys = new Set([a, b, c].map((d) => (d.action === 'send' ? d.event.dedup_key : '')));
    expect(keys.size).toBe(3);
  });

  it('takes warning from the tag, defaults to critical without a tag, and says so', () => {
    const warn = mapSnsMessage(
      sns(alarmNotification({ AlarmDescription: '[WARNING] Snapshot quota above 80 %. First: delete manual snapshots.' })),
    );
    const none = mapSnsMessage(sns(alarmNotification({ AlarmDescription: null })));
    if (warn.action !== 'send' || warn.event.event_action !== 'trigger') throw new Error('expected trigger');
    if (none.action !== 'send' || none.event.event_action !== 'trigger') throw new Error('expected trigger');
    expect(warn.event.payload.severity).toBe('warning');
    expect(none.event.payload.severity).toBe('critical');
    expect(none.event.payload.custom_details.severityFrom).toBe('default (description has no [severity] tag)');
    // Without a description the state reason is the summary.
    expect(none.event.payload.summary).toBe(
      `ALARM muejam-prod-rpo-breached-muejam-db-prod (eu-west-1): ${alarmNotification().NewStateReason}`,
    );
  });

  it('handles composite alarms (no Trigger) and keeps dedup keys within 255 characters', () => {
    const longName = `muejam-${'x'.repeat(250)}`;
    const d = mapSnsMessage(
      sns(
        alarmNotification({
          Trigger: undefined,
          AlarmRule: 'ALARM(a) OR ALARM(b)',
          AlarmName: longName,
          AlarmArn: `arn:aws:cloudwatch:eu-west-1:111122223333:alarm:${longName}`,
        }),
      ),
    );
    if (d.action !== 'send' || d.event.event_action !== 'trigger') throw new Error('expected trigger');
    expect(d.event.payload.component).toBe('composite-alarm');
    expect(d.event.payload.source).toBe(longName);
    expect(d.event.payload.custom_details.alarmRule).toBe('ALARM(a) OR ALARM(b)');
    expect(d.event.dedup_key.length).toBeLessThanOrEqual(DEDUP_KEY_MAX);
    // Stable: the same long name gives the same key.
    const again = mapSnsMessage(
      sns(
        alarmNotification({
          Trigger: undefined,
          AlarmName: longName,
          AlarmArn: `arn:aws:cloudwatch:eu-west-1:111122223333:alarm:${longName}`,
        }),
      ),
    );
    expect(again.action === 'send' && again.event.dedup_key).toBe(d.event.dedup_key);
  });
});

describe('anything else on the topic', () => {
  it('pages a non-JSON message with severity error, keyed by the SNS message id', () => {
    const d = mapSnsMessage(sns('disk full on bastion', { Subject: 'manual test' }));
    expect(d).toEqual({
      action: 'send',
      kind: 'unrecognised',
      event: {
        event_action: 'trigger',
        dedup_key: 'sns/arn:aws:sns:eu-west-1:111122223333:muejam-prod-alerts/5d0f1a2b-0000-4000-8000-000000000001',
        payload: {
          summary: 'Unrecognised message on alert topic muejam-prod-alerts (the message is not JSON): manual test',
          source: 'muejam-prod-alerts',
          severity: 'error',
          timestamp: '2026-11-24T08:01:03.000Z',
          component: 'alert-topic',
          group: 'muejam-backup-dr',
          class: 'unrecognised-message',
          custom_details: {
            why: 'the message is not JSON',
            subject: 'manual test',
            message: 'disk full on bastion',
            topicArn: 'arn:aws:sns:eu-west-1:111122223333:muejam-prod-alerts',
            snsMessageId: '5d0f1a2b-0000-4000-8000-000000000001',
          },
        },
        links: [],
      },
    });
  });

  it('never produces a summary over 1024 characters or a dedup key over 255, whatever arrives', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 3000 }),
        fc.option(fc.string({ maxLength: 2000 }), { nil: undefined }),
        fc.string({ minLength: 1, maxLength: 400 }),
        (message, subject, id) => {
          const d = mapSnsMessage(sns(message, { Subject: subject, MessageId: id }));
          if (d.action === 'send') {
            expect(d.event.dedup_key.length).toBeLessThanOrEqual(DEDUP_KEY_MAX);
            if (d.event.event_action === 'trigger') expect(d.event.payload.summary.length).toBeLessThanOrEqual(SUMMARY_MAX);
          }
        },
      ),
    );
  });
});

describe('helpers', () => {
  it('executionName takes the last ARN segment', () => {
    expect(executionName(EXECUTION_ARN)).toBe('sched-20261124T0600Z');
    expect(executionName('not-an-arn')).toBe('not-an-arn');
  });
  it('readableCause leaves plain text alone', () => {
    expect(readableCause('plain')).toBe('plain');
    expect(readableCause('{"a":1}')).toBe('{"a":1}');
  });
});
