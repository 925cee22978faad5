/**
 * The HTTP client against a real HTTP server on loopback (node:http) that
 * records every request: what goes on the wire, retries on 429/5xx, no retry
 * on 400, giving up after the bounded attempts.
 */
import { createServer } from 'node:net';
import type { PagerDutyEvent } from '../../../lambdas/domain/alerts/pagerduty-event';
import { PagerDutyClient, PagerDutyDeliveryFailed, type RetryInfo, isRetryableStatus } from '../../../lambdas/services/pagerduty-client';
import { LocalPagerDutyReceiver } from '../../../local/pagerduty-receiver';

const KEY = 'R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY01';

const trigger: PagerDutyEvent = {
  routing_key: KEY,
  event_action: 'trigger',
  dedup_key: 'muejam-backup-dr/prod/database-backup/muejam-db-prod',
  payload: {
    summary: 'database-backup failed for muejam-db-prod',
    source: 'muejam-db-prod',
    severity: 'critical',
    timestamp: '2026-11-24T06:04:05.000Z',
    component: 'database-backup',
    group: 'muejam-backup-dr/prod',
    class: 'PreconditionFailed',
    custom_details: { step: 'copy to backup region' },
  },
  links: [{ href: 'https://example.com/exec', text: 'Step Functions execution' }],
};

describe('PagerDutyClient over loopback HTTP', () => {
  let receiver: LocalPagerDutyReceiver;
  let sleeps: number[];
  let retries: RetryInfo[];

  const client = (over: Partial<ConstructorParameters<typeof PagerDutyClient>[0]> = {}) =>
    new PagerDutyClient({
      endpoint: receiver.url,
      maxAttempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      onRetry: (r) => retries.push(r),
      ...over,
    });

  beforeEach(async () => {
    receiver = await new LocalPagerDutyReceiver().start();
    sleeps = [];
    retries = [];
  });
  afterEach(() => receiver.stop());

  it('POSTs the exact event as JSON to the endpoint and returns what PagerDuty echoes', async () => {
    const res = await client().send(trigger);
    expect(res).toEqual({ status: 202, attempts: 1, dedupKey: trigger.dedup_key, message: 'Event processed' });
    expect(receiver.requests).toHaveLength(1);
    const [req] = receiver.requests;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v2/enqueue');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.text).toBe(JSON.stringify(trigger));
    expect(req.body).toEqual(trigger);
  });

  it('retries 429 and 5xx with growing jittered backoff, then succeeds', async () => {
    receiver.respondWith({ status: 429, body: { status: 'throttle' } }, { status: 500 }, { status: 503 });
    const res = await client().send(trigger);
    expect(res.attempts).toBe(4);
    expect(receiver.requests.map((r) => r.status)).toEqual([429, 500, 503, 202]);
    // Identical body on every attempt (same dedup_key: PagerDuty de-duplicates).
    expect(new Set(receiver.requests.map((r) => r.text)).size).toBe(1);
    // random()=0.5 of caps 100, 200, 400 ms.
    expect(sleeps).toEqual([50, 100, 200]);
    expect(retries.map((r) => r.status)).toEqual([429, 500, 503]);
  });

  it('caps the backoff at maxDelayMs and honours Retry-After as a floor', async () => {
    receiver.respondWith({ status: 429, headers: { 'retry-after': '2' } }, { status: 502 }, { status: 502 });
    await client({ baseDelayMs: 800, maxDelayMs: 1000, random: () => 1 }).send(trigger);
    // Retry-After 2 s capped at 1000; then min(1000, 1600)=1000 and min(1000, 3200)=1000.
    expect(sleeps).toEqual([1000, 1000, 1000]);
  });

  it('does not retry a 400 (the event is invalid) and says why', async () => {
    receiver.respondWith({
      status: 400,
      body: { status: 'invalid event', message: 'Event object is invalid', errors: ["'payload.summary' is missing"] },
    });
    const err = await client()
      .send(trigger)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PagerDutyDeliveryFailed);
    expect(err).toMatchObject({ name: 'PagerDutyDeliveryFailed', attempts: 1, retryable: false, status: 400 });
    expect((err as Error).message).toContain("'payload.summary' is missing");
    expect(receiver.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('gives up after maxAttempts on persistent 5xx with a retryable error (Lambda retries, then the DLQ)', async () => {
    receiver.respondWith({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const err = await client({ maxAttempts: 3 })
      .send(trigger)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PagerDutyDeliveryFailed', attempts: 3, retryable: true, status: 500 });
    expect((err as Error).message).toMatch(/after 3 attempts \(last: HTTP 500/);
    expect(receiver.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it('retries connection failures (nothing listening) and gives up with the network error', async () => {
    const port = await freePort();
    const err = await client({ endpoint: `http://127.0.0.1:${port}/v2/enqueue`, maxAttempts: 2 })
      .send(trigger)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PagerDutyDeliveryFailed', attempts: 2, retryable: true, status: undefined });
    expect((err as Error).message).toMatch(/network error: TypeError ECONNREFUSED/);
    // Issue 8: an unreachable PagerDuty says where and what to check, not only `TypeError: fetch failed`.
    expect((err as Error).message).toContain(
      `127.0.0.1:${port} could not be reached: check the forwarder's outbound network (NAT gateway or internet access, DNS) and muejam.pagerDutyEndpoint`,
    );
    expect(sleeps).toHaveLength(1);
  });

  it('sends a resolve as routing_key, event_action and dedup_key only', async () => {
    const resolve: PagerDutyEvent = { routing_key: KEY, event_action: 'resolve', dedup_key: trigger.dedup_key };
    await client().send(resolve);
    expect(receiver.requests[0].body).toEqual({ routing_key: KEY, event_action: 'resolve', dedup_key: trigger.dedup_key });
  });

  it('scrubs the routing key from error messages, even when the server echoes it', async () => {
    receiver.respondWith({ status: 400, body: { status: 'invalid event', message: `bad key ${KEY}` } });
    const err = (await client()
      .send(trigger)
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('bad key [redacted]');
    expect(err.message).not.toContain(KEY);
  });

  it('times out a hanging server and retries', async () => {
    const { createServer: http } = await import('node:http');
    const hanging = http(() => undefined);
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    const port = (hanging.address() as { port: number }).port;
    try {
      const err = await client({ endpoint: `http://127.0.0.1:${port}/`, maxAttempts: 2, timeoutMs: 150 })
        .send(trigger)
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'PagerDutyDeliveryFailed', attempts: 2, retryable: true });
      expect((err as Error).message).toMatch(/TimeoutError/);
    } finally {
      hanging.closeAllConnections();
      await new Promise((r) => hanging.close(r));
    }
  });
});

describe('isRetryableStatus', () => {
  it.each([
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [413, false],
  ])('%i → %s', (status, retry) => expect(isRetryableStatus(status)).toBe(retry));
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
