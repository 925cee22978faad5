/**
 * Sends one Events API v2 event with the global fetch (Node 20+), retrying
 * what can succeed later (429, 5xx, network errors, timeouts) with
 * exponential backoff and full jitter, a bounded number of times, and never
 * retrying what will not (400 and other 4xx: the event itself is wrong).
 *
 * When it gives up it throws PagerDutyDeliveryFailed: the forwarder Lambda
 * fails, Lambda's asynchronous retries run, then the event lands in the
 * on-failure destination (the SQS dead-letter queue, which has an alarm).
 *
 * The routing key is in the request body only; nothing here logs a body and
 * response texts are scrubbed of it before they appear in errors.
 */
import type { PagerDutyEvent } from '../domain/alerts/pagerduty-event';

export interface PagerDutyClientOptions {
  endpoint: string;
  /** Total attempts (first try included). */
  maxAttempts: number;
  /** First backoff cap in ms; doubles each retry up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  status?: number;
  reason: string;
}

export interface PagerDutyAccepted {
  status: number;
  attempts: number;
  /** PagerDuty's echo of the dedup key (202 body). */
  dedupKey?: string;
  message?: string;
}

/** Delivery gave up. `retryable` tells whether a later retry (Lambda's) might succeed. */
export class PagerDutyDeliveryFailed extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PagerDutyDeliveryFailed';
  }
}

const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class PagerDutyClient {
  private readonly o: Required<Omit<PagerDutyClientOptions, 'onRetry'>> & Pick<PagerDutyClientOptions, 'onRetry'>;

  constructor(options: PagerDutyClientOptions) {
    this.o = {
      baseDelayMs: 500,
      maxDelayMs: 8_000,
      timeoutMs: 10_000,
      fetch: (...args) => fetch(...args),
      sleep: sleepReal,
      random: Math.random,
      ...options,
    };
  }

  async send(event: PagerDutyEvent): Promise<PagerDutyAccepted> {
    const body = JSON.stringify(event);
    const scrub = (s: string) => (event.routing_key ? s.split(event.routing_key).join('[redacted]') : s);
    let last = '';
    let lastStatus: number | undefined;
    for (let attempt = 1; attempt <= this.o.maxAttempts; attempt++) {
      let res: Response;
      try {
        res = await this.o.fetch(this.o.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body,
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        last = `network error: ${e.name}${e.cause?.code ? ` ${e.cause.code}` : ''}: ${scrub(e.message)}`;
        lastStatus = undefined;
        if (attempt < this.o.maxAttempts) await this.backoff(attempt, undefined, last);
        continue;
      }
      const text = scrub(await res.text().catch(() => ''));
      if (res.ok) {
        const json = safeJson(text);
        return { status: res.status, attempts: attempt, dedupKey: str(json?.dedup_key), message: str(json?.message) };
      }
      lastStatus = res.status;
      last = `HTTP ${res.status}: ${text.slice(0, 500)}`;
      if (!isRetryableStatus(res.status)) {
        throw new PagerDutyDeliveryFailed(
          `PagerDuty rejected the ${event.event_action} event for ${event.dedup_key} (${last}); not retried`,
          attempt,
          false,
          res.status,
        );
      }
      if (attempt < this.o.maxAttempts) await this.backoff(attempt, res, last);
    }
    // Never reached (no HTTP answer at all): say where it tried and what to check, not only "fetch failed".
    const unreachable =
      lastStatus === undefined
        ? `; ${hostOf(this.o.endpoint)} could not be reached: check the forwarder's outbound network (NAT gateway or internet access, DNS) and muejam.pagerDutyEndpoint; the alert-health topic carries this alarm meanwhile (docs/runbook.md#alert-health)`
        : '';
    throw new PagerDutyDeliveryFailed(
      `PagerDuty did not accept the ${event.event_action} event for ${event.dedup_key} after ${this.o.maxAttempts} attempts (last: ${last})${unreachable}`,
      this.o.maxAttempts,
      true,
      lastStatus,
    );
  }

  /** Full jitter: random in [0, min(max, base·2^(n-1))]; a Retry-After header (seconds) sets a floor, capped at maxDelayMs. */
  private async backoff(attempt: number, res: Response | undefined, reason: string): Promise<void> {
    const cap = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempt - 1));
    let delayMs = Math.round(this.o.random() * cap);
    const retryAfter = Number(res?.headers.get('retry-after'));
    if (Number.isFinite(retryAfter) && retryAfter > 0) delayMs = Math.max(delayMs, Math.min(retryAfter * 1000, this.o.maxDelayMs));
    this.o.onRetry?.({ attempt, delayMs, status: res?.status, reason });
    await this.o.sleep(delayMs);
  }
}

/** 429 (rate limited) and 5xx are worth retrying; 400 (invalid event) and other 4xx are not. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
