/**
 * PagerDuty Events API v2 event shapes and the small pure helpers that keep
 * every event within the API's limits. No AWS SDK, no I/O.
 *
 * https://developer.pagerduty.com/docs/events-api-v2/trigger-events/
 */
import { createHash } from 'node:crypto';

/** PagerDuty's own four severities (ours: critical / warning / info map 1:1, "error" is used for unrecognised messages). */
export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

export interface PagerDutyLink {
  href: string;
  text: string;
}

export interface PagerDutyPayload {
  /** One line, at most 1024 characters (PagerDuty truncates and rejects nothing, we truncate ourselves). */
  summary: string;
  source: string;
  severity: PagerDutySeverity;
  /** ISO 8601. */
  timestamp: string;
  component: string;
  group: string;
  class: string;
  custom_details: Record<string, unknown>;
}

/** An event as mapped from an alert, before the routing key (a secret) is added at send time. */
export type UnroutedTrigger = {
  event_action: 'trigger';
  dedup_key: string;
  payload: PagerDutyPayload;
  links: PagerDutyLink[];
};
export type UnroutedResolve = {
  event_action: 'resolve';
  dedup_key: string;
};
export type UnroutedEvent = UnroutedTrigger | UnroutedResolve;

/** The exact JSON body POSTed to /v2/enqueue. */
export type PagerDutyEvent = { routing_key: string } & UnroutedEvent;

export const SUMMARY_MAX = 1024;
export const DEDUP_KEY_MAX = 255;

/** Adds the routing key in first position (so the JSON reads routing_key, event_action, dedup_key, ...). */
export function withRoutingKey(event: UnroutedEvent, routingKey: string): PagerDutyEvent {
  return { routing_key: routingKey, ...event };
}

/** Collapses whitespace to one line and cuts to PagerDuty's 1024-character summary limit. */
export function clampSummary(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= SUMMARY_MAX) return oneLine;
  return `${oneLine.slice(0, SUMMARY_MAX - 1)}…`;
}

/**
 * Keeps a dedup key within 255 characters while staying stable: long keys keep
 * a readable prefix and end in a hash of the whole key.
 */
export function clampDedupKey(key: string): string {
  if (key.length <= DEDUP_KEY_MAX) return key;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `${key.slice(0, DEDUP_KEY_MAX - hash.length - 1)}#${hash}`;
}

/** A copy of an event safe to log: the routing key is replaced. */
export function redactEvent(event: PagerDutyEvent | UnroutedEvent): Record<string, unknown> {
  return 'routing_key' in event ? { ...event, routing_key: '[redacted]' } : { ...event };
}
