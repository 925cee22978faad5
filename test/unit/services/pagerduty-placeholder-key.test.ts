/**
 * A routing-key secret that still holds the placeholder is its own alarm:
 * the forwarder reports it (onPlaceholderKey, which the handler turns into the
 * RoutingKeyPlaceholder metric) on first use, sends nothing, and fails the
 * invocation so the alert is retried and dead-lettered, not lost.
 */
import { PagerDutyClient } from '../../../lambdas/services/pagerduty-client';
import { AlertsNotDelivered, PagerDutyForwarder } from '../../../lambdas/services/pagerduty-forwarder';
import { ROUTING_KEY_PLACEHOLDER, RoutingKeyPlaceholder, parseRoutingKey } from '../../../lambdas/services/pagerduty-routing-key';
import { LocalPagerDutyReceiver } from '../../../local/pagerduty-receiver';
import { failureAlert, sns } from '../domain/alerts/fixtures';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('placeholder routing key', () => {
  let receiver: LocalPagerDutyReceiver;
  beforeEach(async () => {
    receiver = await new LocalPagerDutyReceiver().start();
  });
  afterEach(() => receiver.stop());

  it.each([ROUTING_KEY_PLACEHOLDER, JSON.stringify({ routingKey: ROUTING_KEY_PLACEHOLDER })])(
    '%s is a RoutingKeyPlaceholder naming the fix',
    (secret) => {
      let caught: unknown;
      try {
        parseRoutingKey(secret, 'muejam-backup-dr-prod/pagerduty-routing-key');
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(RoutingKeyPlaceholder);
      expect((caught as Error).name).toBe('PreconditionFailed');
      expect((caught as Error).message).toContain(
        'aws secretsmanager put-secret-value --secret-id muejam-backup-dr-prod/pagerduty-routing-key',
      );
    },
  );

  it('reports the placeholder once per alert, sends nothing and fails the invocation', async () => {
    let reported = 0;
    const forwarder = new PagerDutyForwarder({
      routingKey: { routingKey: async () => parseRoutingKey(ROUTING_KEY_PLACEHOLDER, 'secret-x') },
      client: new PagerDutyClient({ endpoint: receiver.url, maxAttempts: 1 }),
      log: quiet,
      onPlaceholderKey: () => {
        reported += 1;
      },
    });
    await expect(forwarder.forward({ Records: [{ Sns: sns(failureAlert(), { MessageId: 'm1' }) }] })).rejects.toBeInstanceOf(
      AlertsNotDelivered,
    );
    expect(reported).toBe(1);
    expect(receiver.requests).toEqual([]);
  });

  it('does not report other key problems as the placeholder', async () => {
    let reported = 0;
    const forwarder = new PagerDutyForwarder({
      routingKey: { routingKey: async () => parseRoutingKey('has space inside', 'secret-x') },
      client: new PagerDutyClient({ endpoint: receiver.url, maxAttempts: 1 }),
      log: quiet,
      onPlaceholderKey: () => {
        reported += 1;
      },
    });
    await expect(forwarder.forward({ Records: [{ Sns: sns(failureAlert(), { MessageId: 'm1' }) }] })).rejects.toBeInstanceOf(
      AlertsNotDelivered,
    );
    expect(reported).toBe(0);
  });
});
