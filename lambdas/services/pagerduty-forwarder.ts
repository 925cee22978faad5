/**
 * Forwards every message of the alert topic to PagerDuty: map (pure, see
 * domain/alerts/sns-to-pagerduty.ts), add the routing key, send with retries.
 * If any record could not be delivered the invocation fails, so Lambda's
 * asynchronous retries and then the on-failure destination (SQS DLQ) take
 * over. Re-sending is safe: PagerDuty de-duplicates on dedup_key.
 */
import { redactEvent, withRoutingKey } from '../domain/alerts/pagerduty-event';
import { type MappedKind, type SnsMessageLike, mapSnsMessage } from '../domain/alerts/sns-to-pagerduty';
import { PagerDutyDeliveryFailed, type PagerDutyClient } from './pagerduty-client';
import { RoutingKeyPlaceholder, type RoutingKeySource } from './pagerduty-routing-key';

/** What the forwarder needs of a logger (Powertools Logger fits). */
export interface ForwarderLog {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface SnsEventLike {
  Records: { Sns: SnsMessageLike }[];
}

export type ForwardOutcome =
  | { messageId: string; outcome: 'sent'; kind: MappedKind; eventAction: 'trigger' | 'resolve'; dedupKey: string; attempts: number }
  | { messageId: string; outcome: 'ignored'; dedupKey: string; reason: string }
  | { messageId: string; outcome: 'failed'; dedupKey: string; error: string; retryable: boolean };

/** The invocation's error when any record was not delivered (its name shows in the DLQ record's responsePayload.errorType). */
export class AlertsNotDelivered extends Error {
  constructor(
    message: string,
    readonly failures: Extract<ForwardOutcome, { outcome: 'failed' }>[],
  ) {
    super(message);
    this.name = 'AlertsNotDelivered';
  }
}

export class PagerDutyForwarder {
  constructor(
    private readonly deps: {
      routingKey: RoutingKeySource;
      client: Pick<PagerDutyClient, 'send'>;
      log: ForwarderLog;
      /** Called when the routing-key secret still holds the placeholder (the handler publishes the metric its alarm watches). */
      onPlaceholderKey?: () => void;
    },
  ) {}

  async forward(event: SnsEventLike): Promise<ForwardOutcome[]> {
    const records = Array.isArray(event?.Records) ? event.Records : [];
    if (records.length === 0) {
      this.deps.log.warn('no SNS records in the event: nothing to forward');
      return [];
    }
    const outcomes: ForwardOutcome[] = [];
    for (const r of records) outcomes.push(await this.forwardOne(r.Sns));
    const failed = outcomes.filter((o): o is Extract<ForwardOutcome, { outcome: 'failed' }> => o.outcome === 'failed');
    if (failed.length > 0) {
      // Thrown so Lambda retries the invocation and then sends it to the DLQ.
      throw new AlertsNotDelivered(
        `${failed.length} of ${outcomes.length} alert(s) not delivered to PagerDuty: ${failed.map((f) => `${f.dedupKey}: ${f.error}`).join('; ')}`,
        failed,
      );
    }
    return outcomes;
  }

  private async forwardOne(msg: SnsMessageLike): Promise<ForwardOutcome> {
    const decision = mapSnsMessage(msg);
    if (decision.action === 'ignore') {
      this.deps.log.info('alert ignored', { messageId: msg.MessageId, dedupKey: decision.dedupKey, reason: decision.reason });
      return { messageId: msg.MessageId, outcome: 'ignored', dedupKey: decision.dedupKey, reason: decision.reason };
    }
    const { event, kind } = decision;
    try {
      const key = await this.deps.routingKey.routingKey();
      const accepted = await this.deps.client.send(withRoutingKey(event, key));
      this.deps.log.info('alert forwarded to PagerDuty', {
        messageId: msg.MessageId,
        kind,
        eventAction: event.event_action,
        dedupKey: event.dedup_key,
        ...(event.event_action === 'trigger' ? { severity: event.payload.severity, summary: event.payload.summary } : {}),
        status: accepted.status,
        attempts: accepted.attempts,
      });
      return {
        messageId: msg.MessageId,
        outcome: 'sent',
        kind,
        eventAction: event.event_action,
        dedupKey: event.dedup_key,
        attempts: accepted.attempts,
      };
    } catch (err) {
      const e = err as Error;
      if (err instanceof RoutingKeyPlaceholder) this.deps.onPlaceholderKey?.();
      this.deps.log.error('alert not delivered to PagerDuty', {
        messageId: msg.MessageId,
        kind,
        error: `${e.name}: ${e.message}`,
        event: redactEvent(event),
      });
      const retryable = !(err instanceof PagerDutyDeliveryFailed) || err.retryable;
      return { messageId: msg.MessageId, outcome: 'failed', dedupKey: event.dedup_key, error: `${e.name}: ${e.message}`, retryable };
    }
  }
}
