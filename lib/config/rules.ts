/**
 * Rule helpers of the configuration, each returning a problem sentence or
 * undefined. Pure; the area files plug them into their zod schemas with `ruled`.
 */
import { RDS_INSTANCE_ID, REDIS_GROUP_ID } from '../../lambdas/domain/inputs/strict';
import { regionProblem } from '../../lambdas/domain/regions';
import { PAGERDUTY_EU_ENDPOINT, PAGERDUTY_US_ENDPOINT } from '../../lambdas/services/pagerduty-config';

export { partitionOf } from '../../lambdas/domain/regions';

export function rdsIdentifierProblem(id: string): string | undefined {
  return RDS_INSTANCE_ID.check(id);
}

export function redisGroupProblem(id: string): string | undefined {
  return REDIS_GROUP_ID.check(id);
}

/** A region this code knows in its pinned partition table (lambdas/domain/regions.ts). */
export function awsRegionProblem(region: string): string | undefined {
  return regionProblem(region);
}

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(([^()]+)\)$/;

/** Interval of a `rate(...)` expression in hours, or undefined for cron. Throws nothing; use scheduleProblem first. */
export function rateHours(expr: string): number | undefined {
  const m = RATE.exec(expr);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2].replace(/s$/, '');
  return unit === 'minute' ? n / 60 : unit === 'hour' ? n : n * 24;
}

/** EventBridge Scheduler recurring expression: rate(N unit) or cron(6 fields). */
export function scheduleProblem(expr: string): string | undefined {
  const allowed =
    'allowed: "rate(<n> minute|minutes|hour|hours|day|days)" or "cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>)"';
  const rate = RATE.exec(expr);
  if (rate) {
    const n = Number(rate[1]);
    if (n < 1) return `"${expr}": the rate must be at least 1`;
    const singular = !rate[2].endsWith('s');
    if (singular !== (n === 1)) return `"${expr}": use "${rate[2].replace(/s$/, '')}" for 1 and the plural otherwise`;
    return undefined;
  }
  const cron = CRON.exec(expr);
  if (cron) {
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6) return `"${expr}": a cron expression has 6 fields, found ${fields.length}; ${allowed}`;
    if (fields[2] !== '?' && fields[4] !== '?') return `"${expr}": one of day-of-month and day-of-week must be "?"`;
    return undefined;
  }
  return `"${expr}" is not a recurring schedule expression; ${allowed}`;
}

export function timezoneProblem(tz: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return undefined;
  } catch {
    return `"${tz}" is not an IANA time zone name (e.g. "UTC", "Europe/Paris", "America/New_York")`;
  }
}

/** PagerDuty's two Events API v2 endpoints (US service, EU service). */
export const PAGERDUTY_ENDPOINTS: readonly string[] = [PAGERDUTY_US_ENDPOINT, PAGERDUTY_EU_ENDPOINT];

/**
 * The forwarder's endpoint: an https URL without credentials. A pagerduty.com
 * host must be exactly one of PagerDuty's two endpoints (a typo there would
 * silently stop all paging); another host is taken as a relay the operator runs.
 */
export function pagerDutyEndpointProblem(value: string): string | undefined {
  const allowed = `allowed: ${PAGERDUTY_US_ENDPOINT} (US service), ${PAGERDUTY_EU_ENDPOINT} (EU service), or the https URL of your own relay`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL; ${allowed}`;
  }
  if (url.protocol !== 'https:') return `"${value}" must use https://; ${allowed}`;
  if (url.username || url.password) return `"${value}" must not contain credentials (the routing key lives in Secrets Manager); ${allowed}`;
  const host = url.hostname.toLowerCase();
  if ((host === 'pagerduty.com' || host.endsWith('.pagerduty.com')) && !PAGERDUTY_ENDPOINTS.includes(url.toString())) {
    return `"${value}" is not a PagerDuty Events API v2 endpoint; ${allowed}`;
  }
  return undefined;
}

/** Longest runbook base URL: the longest alarm description must still fit CloudWatch's 1024 characters. */
export const RUNBOOK_URL_MAX = 300;

/** Base URL of docs/runbook.md: http(s), no spaces, no #fragment (alarms append the section anchor). */
export function runbookUrlProblem(value: string): string | undefined {
  const allowed = `allowed: an http(s) URL of docs/runbook.md as on-call reads it, without spaces or "#", at most ${RUNBOOK_URL_MAX} characters (e.g. https://git.example.com/platform/muejam-backup-dr/-/blob/main/docs/runbook.md); leave it unset to name the repository path docs/runbook.md`;
  if (value.length > RUNBOOK_URL_MAX || /\s/.test(value) || value.includes('#')) return `"${value}" is not allowed; ${allowed}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL; ${allowed}`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `"${value}" must use http:// or https://; ${allowed}`;
  if (url.username || url.password) return `"${value}" must not contain credentials; ${allowed}`;
  return undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailProblem(value: string): string | undefined {
  return EMAIL.test(value) ? undefined : `"${value}" is not an e-mail address (leave it unset for no e-mail subscription)`;
}

/** The alert-health HTTPS endpoint: https, no credentials, and never PagerDuty itself (that path is the one being watched). */
export function fallbackUrlProblem(value: string): string | undefined {
  const allowed = 'allowed: an https URL that SNS can POST to, not a PagerDuty endpoint (use muejam.fallbackAlertEmail for e-mail)';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL; ${allowed}`;
  }
  if (url.protocol !== 'https:') return `"${value}" must use https://; ${allowed}`;
  const host = url.hostname.toLowerCase();
  if (host === 'pagerduty.com' || host.endsWith('.pagerduty.com'))
    return `"${value}" is PagerDuty, the path this fallback watches; ${allowed}`;
  return undefined;
}
