/**
 * The forwarder end to end over loopback HTTP: SNS records in, exact Events
 * API v2 requests out (recorded by a real node:http server), an incident
 * opened once and resolved on recovery, retries, and the thrown error that
 * sends a failed delivery to Lambda's retries and then the DLQ.
 */
import type { PagerDutyClient } from '../../../lambdas/services/pagerduty-client';
import { PagerDutyClient as Client } from '../../../lambdas/services/pagerduty-client';
import { AlertsNotDelivered, type ForwarderLog, PagerDutyForwarder } from '../../../lambdas/services/pagerduty-forwarder';
import { LocalPagerDutyReceiver } from '../../../local/pagerduty-receiver';
import { alarmNotification, failureAlert, recoveryAlert, sns } from '../domain/alerts/fixtures';

const KEY = 'R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY01';

class RecordingLog implements ForwarderLog {
  readonly lines: string[] = [];
  info(m: string, ...x: Record<string, unknown>[]) {
    this.lines.push(JSON.stringify({ level: 'INFO', m, x }));
  }
  warn(m: string, ...x: Record<string, unknown>[]) {
    this.lines.push(JSON.stringify({ level: 'WARN', m, x }));
  }
  error(m: string, ...x: Record<string, unknown>[]) {
    this.lines.push(JSON.stringify({ level: 'ERROR', m, x }));
  }
}

const records = (...messages: ReturnType<typeof sns>[]) => ({ Records: messages.map((Sns) => ({ Sns })) });

describe('PagerDutyForwarder', () => {
  let receiver: LocalPagerDutyReceiver;
  let log: RecordingLog;
  let forwarder: PagerDutyForwarder;
  let keyReads: number;

  beforeEach(async () => {
    receiver = await new LocalPagerDutyReceiver().start();
    log = new RecordingLog();
    keyReads = 0;
    const client: Pick<PagerDutyClient, 'send'> = new Client({ endpoint: receiver.url, maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 });
    forwarder = new PagerDutyForwarder({
      routingKey: {
        routingKey: async () => {
          keyReads += 1;
          return KEY;
        },
      },
      client,
      log,
    });
  });
  afterEach(() => receiver.stop());

  it('opens one incident for repeated failures of the same workflow and resource, and resolves it on recovery', async () => {
    await forwarder.forward(records(sns(failureAlert(), { MessageId: 'm1' })));
    await forwarder.forward(
      records(sns(failureAlert({ executionArn: 'arn:aws:states:eu-west-1:1:execution:sm:run2', cause: 'again' }), { MessageId: 'm2' })),
    );
    const out = await forwarder.forward(records(sns(recoveryAlert(), { MessageId: 'm3' })));

    expect(out).toEqual([
      {
        messageId: 'm3',
        outcome: 'sent',
        kind: 'workflow-recovery',
        eventAction: 'resolve',
        dedupKey: 'muejam-backup-dr/prod/database-backup/muejam-db-prod',
        attempts: 1,
      },
    ]);
    const bodies = receiver.accepted();
    expect(bodies.map((b) => [b.event_action, b.dedup_key])).toEqual([
      ['trigger', 'muejam-backup-dr/prod/database-backup/muejam-db-prod'],
      ['trigger', 'muejam-backup-dr/prod/database-backup/muejam-db-prod'],
      ['resolve', 'muejam-backup-dr/prod/database-backup/muejam-db-prod'],
    ]);
    expect(bodies[2]).toEqual({
      routing_key: KEY,
      event_action: 'resolve',
      dedup_key: 'muejam-backup-dr/prod/database-backup/muejam-db-prod',
    });
    expect(bodies[0]).toMatchObject({
      routing_key: KEY,
      payload: {
        source: 'muejam-db-prod',
        severity: 'critical',
        summary: expect.stringContaining('at step "copy to backup region"'),
        custom_details: expect.objectContaining({ step: 'copy to backup region', execution: 'sched-20261124T0600Z' }),
      },
      links: [{ href: failureAlert().consoleUrl, text: 'Step Functions execution' }],
    });
    expect([...receiver.incidents.values()]).toEqual([
      expect.objectContaining({ dedupKey: 'muejam-backup-dr/prod/database-backup/muejam-db-prod', status: 'resolved', triggers: 2 }),
    ]);
  });

  it('triggers on ALARM, resolves on OK, ignores INSUFFICIENT_DATA (no request, a log line)', async () => {
    const out = await forwarder.forward(
      records(
        sns(alarmNotification(), { MessageId: 'a1' }),
        sns(alarmNotification({ NewStateValue: 'INSUFFICIENT_DATA' }), { MessageId: 'a2' }),
        sns(alarmNotification({ NewStateValue: 'OK', OldStateValue: 'ALARM' }), { MessageId: 'a3' }),
      ),
    );
    expect(out.map((o) => o.outcome)).toEqual(['sent', 'ignored', 'sent']);
    expect(receiver.accepted().map((b) => b.event_action)).toEqual(['trigger', 'resolve']);
    expect(receiver.incidents.get('cloudwatch-alarm/111122223333/eu-west-1/muejam-prod-rpo-breached-muejam-db-prod')?.status).toBe(
      'resolved',
    );
    expect(log.lines.some((l) => l.includes('alert ignored') && l.includes('INSUFFICIENT_DATA'))).toBe(true);
  });

  it('rides out 429 and 5xx answers', async () => {
    receiver.respondWith({ status: 429 }, { status: 503 });
    const out = await forwarder.forward(records(sns(failureAlert())));
    expect(out[0]).toMatchObject({ outcome: 'sent', attempts: 3 });
    expect(receiver.requests.map((r) => r.status)).toEqual([429, 503, 202]);
  });

  it('throws AlertsNotDelivered when it gives up, after trying every record, so Lambda retries and then dead-letters the event', async () => {
    receiver.respondWith({ status: 500 }, { status: 500 }, { status: 500 });
    const err = await forwarder
      .forward(records(sns(failureAlert(), { MessageId: 'x1' }), sns(alarmNotification(), { MessageId: 'x2' })))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AlertsNotDelivered);
    expect((err as AlertsNotDelivered).name).toBe('AlertsNotDelivered');
    expect((err as AlertsNotDelivered).failures).toEqual([
      expect.objectContaining({
        messageId: 'x1',
        outcome: 'failed',
        retryable: true,
        dedupKey: 'muejam-backup-dr/prod/database-backup/muejam-db-prod',
      }),
    ]);
    // The second record was still delivered.
    expect(receiver.accepted().map((b) => b.dedup_key)).toEqual([
      'cloudwatch-alarm/111122223333/eu-west-1/muejam-prod-rpo-breached-muejam-db-prod',
    ]);
    expect((err as Error).message).toMatch(
      /^1 of 2 alert\(s\) not delivered to PagerDuty: muejam-backup-dr\/prod\/database-backup\/muejam-db-prod: PagerDutyDeliveryFailed/,
    );
  });

  it('marks a 400 as not retryable in the failure it throws', async () => {
    receiver.respondWith({ status: 400, body: { status: 'invalid event' } });
    const err = (await forwarder.forward(records(sns(failureAlert()))).catch((e: unknown) => e)) as AlertsNotDelivered;
    expect(err.failures[0].retryable).toBe(false);
  });

  it('never writes the routing key to its log, not even when delivery fails', async () => {
    receiver.respondWith({ status: 400, body: { message: `echo ${KEY}` } });
    await forwarder.forward(records(sns(failureAlert()))).catch(() => undefined);
    await forwarder.forward(records(sns(recoveryAlert())));
    expect(log.lines.length).toBeGreaterThanOrEqual(2);
    expect(log.lines.join('\n')).not.toContain(KEY);
    expect(log.lines.some((l) => l.includes('[redacted]'))).toBe(true);
  });

  it('does not read the routing key for ignored messages, and warns on an empty event', async () => {
    await forwarder.forward(records(sns(alarmNotification({ NewStateValue: 'INSUFFICIENT_DATA' }))));
    expect(keyReads).toBe(0);
    expect(await forwarder.forward({ Records: [] })).toEqual([]);
    expect(log.lines.at(-1)).toContain('no SNS records');
  });
});
