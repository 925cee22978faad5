/**
 * The deployed handler module (lambdas/handlers/forward-to-pagerduty.ts) as
 * Lambda runs it: configuration from the environment, the routing key from
 * Secrets Manager (aws-sdk-client-mock), real Powertools logging captured
 * from stdout/stderr, HTTP to a recording server on loopback.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { LocalPagerDutyReceiver } from '../../../local/pagerduty-receiver';
import { alarmNotification, failureAlert, recoveryAlert, sns } from '../domain/alerts/fixtures';

const KEY = 'k3yk3yk3yk3yk3yk3yk3yk3yk3yk3y99';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:muejam/prod/pagerduty-AbCdEf';

const snsEvent = (...msgs: ReturnType<typeof sns>[]): SNSEvent =>
  ({
    Records: msgs.map((Sns) => ({ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: 'arn:sub', Sns })),
  }) as unknown as SNSEvent;

describe('forward-to-pagerduty handler', () => {
  const sm = mockClient(SecretsManagerClient);
  let receiver: LocalPagerDutyReceiver;
  let output: string[];
  const saved = { ...process.env };
  const writes = { out: process.stdout.write, err: process.stderr.write };
  let handler: (e: SNSEvent) => Promise<unknown>;

  beforeAll(async () => {
    receiver = await new LocalPagerDutyReceiver().start();
    process.env.PAGERDUTY_ROUTING_KEY_SECRET_ID = SECRET;
    process.env.PAGERDUTY_EVENTS_URL = receiver.url;
    process.env.PAGERDUTY_MAX_ATTEMPTS = '2';
    process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
    delete process.env.POWERTOOLS_DEV;
    sm.on(GetSecretValueCommand, { SecretId: SECRET }).resolves({ SecretString: JSON.stringify({ routingKey: KEY }) });
    ({ handler } = await import('../../../lambdas/handlers/forward-to-pagerduty'));
  });

  beforeEach(() => {
    output = [];
    const capture = (chunk: unknown) => {
      output.push(String(chunk));
      return true;
    };
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
  });

  afterEach(() => {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  });

  afterAll(async () => {
    process.env = saved;
    await receiver.stop();
  });

  it('pages a failure and resolves it on recovery, reading the secret once', async () => {
    await handler(snsEvent(sns(failureAlert())));
    await handler(snsEvent(sns(recoveryAlert())));
    expect(receiver.accepted().map((b) => [b.routing_key, b.event_action, b.dedup_key])).toEqual([
      [KEY, 'trigger', 'muejam-backup-dr/prod/database-backup/muejam-db-prod'],
      [KEY, 'resolve', 'muejam-backup-dr/prod/database-backup/muejam-db-prod'],
    ]);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    const logged = output.join('');
    expect(logged).toContain('alert forwarded to PagerDuty');
    expect(logged).not.toContain(KEY);
  });

  it('throws after the configured attempts (the error Lambda sends to the DLQ) and logs no key', async () => {
    receiver.respondWith({ status: 502 }, { status: 502 });
    await expect(handler(snsEvent(sns(alarmNotification())))).rejects.toMatchObject({ name: 'AlertsNotDelivered' });
    const logged = output.join('');
    expect(logged).toContain('PagerDuty delivery retried');
    expect(logged).toContain('alert not delivered to PagerDuty');
    // The event is logged as mapped, before the key is added.
    expect(logged).toContain('"event":{"event_action":"trigger"');
    expect(logged).not.toContain(KEY);
  });
});
