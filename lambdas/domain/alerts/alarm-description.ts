/**
 * The convention that carries an alarm's severity to the PagerDuty forwarder:
 * every CloudWatch alarm's description starts with a tag in square brackets,
 *
 *   [critical] RPO breached for muejam-db-prod ... First: ... Runbook: https://...
 *
 * one of [critical], [error], [warning], [info] (case-insensitive). The
 * description (not the alarm name) carries it because the description is
 * also what the on-call engineer reads in the console and in e-mails, and
 * alarm names stay free for humans. An alarm without the tag pages as
 * critical: an unlabelled alarm on the alert topic is paged loudly rather
 * than missed. CloudWatch limits descriptions to 1024 characters.
 */
import { InvalidInput } from '../../errors';
import type { PagerDutyLink, PagerDutySeverity } from './pagerduty-event';

export const ALARM_DESCRIPTION_MAX = 1024;
export const DEFAULT_ALARM_SEVERITY: PagerDutySeverity = 'critical';

const SEVERITIES: readonly PagerDutySeverity[] = ['critical', 'error', 'warning', 'info'];
const TAG = /^\s*\[(critical|error|warning|info)\]\s*/i;
const URL = /https?:\/\/[^\s)>\]"']+/g;

export interface AlarmDescriptionParts {
  severity: PagerDutySeverity;
  /** What the alarm means, one sentence. */
  what: string;
  /** What the on-call engineer does first. */
  firstAction: string;
  /** Link to the runbook section (docs/runbook.md#...). */
  runbookUrl: string;
}

/** Builds an alarm description in the convention above; throws when it would not fit in 1024 characters. */
export function formatAlarmDescription(p: AlarmDescriptionParts): string {
  if (!SEVERITIES.includes(p.severity)) {
    throw new InvalidInput('severity', `must be one of ${SEVERITIES.join(', ')}`);
  }
  for (const field of ['what', 'firstAction', 'runbookUrl'] as const) {
    if (!p[field] || !p[field].trim()) throw new InvalidInput(field, 'is required and must not be empty');
  }
  if (!/^https?:\/\/\S+$/.test(p.runbookUrl)) {
    throw new InvalidInput('runbookUrl', 'must be an http(s) URL without spaces');
  }
  const text = `[${p.severity}] ${sentence(p.what)} First: ${sentence(p.firstAction)} Runbook: ${p.runbookUrl}`;
  if (text.length > ALARM_DESCRIPTION_MAX) {
    throw new InvalidInput('what/firstAction', `the description is ${text.length} characters; CloudWatch allows ${ALARM_DESCRIPTION_MAX}`);
  }
  return text;
}

export interface ParsedAlarmDescription {
  severity: PagerDutySeverity;
  /** False when the description had no tag and the default applied. */
  explicit: boolean;
  /** The description without its tag. */
  text: string;
  /** Every http(s) URL found in the description (runbook links), in order, without duplicates. */
  links: PagerDutyLink[];
}

export function parseAlarmDescription(description: string | null | undefined): ParsedAlarmDescription {
  const raw = (description ?? '').trim();
  const m = TAG.exec(raw);
  const text = m ? raw.slice(m[0].length).trim() : raw;
  const hrefs = [...new Set((text.match(URL) ?? []).map((href) => href.replace(/[.,;:!?]+$/, '')))];
  return {
    severity: m ? (m[1].toLowerCase() as PagerDutySeverity) : DEFAULT_ALARM_SEVERITY,
    explicit: Boolean(m),
    text,
    links: hrefs.map((href) => ({ href, text: href.includes('runbook') ? 'Runbook' : href })),
  };
}

function sentence(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ');
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
