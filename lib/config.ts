/**
 * Typed configuration of one deployment, read from CDK context and validated
 * at synth time. Pure: no CDK constructs, no AWS calls, so it is unit-tested
 * directly and a wrong value fails `cdk synth` before anything is built.
 *
 * Every key lives in cdk.json under "context" as a flat key `muejam.<name>`
 * (`muejam.retention.<field>` for the retention policy), so one value can be
 * overridden on the command line: `cdk synth -c muejam.backupRegion=eu-west-1`.
 * docs/configuration.md lists every key, its default and what is allowed.
 */
import type { RuntimeConfig } from '../lambdas/runtime/runtime-config';
import { DEFAULT_RETENTION_POLICY, RETENTION_POLICY_RANGES, type RetentionPolicy } from '../lambdas/domain/retention/policy';
import { PAGERDUTY_EU_ENDPOINT, PAGERDUTY_US_ENDPOINT } from '../lambdas/services/pagerduty-config';

export const CONTEXT_PREFIX = 'muejam.';

/** Account used when neither `muejam.account` nor CDK_DEFAULT_ACCOUNT is set (synth without credentials). */
export const PLACEHOLDER_ACCOUNT = '123456789012';

/** The retention policy: one definition (fields, defaults, allowed ranges) shared with the plan. */
export type RetentionConfig = RetentionPolicy;

export interface BackupConfig {
  deploymentId: string;
  /** AWS account of both stacks. */
  account: string;
  /** True when `account` is PLACEHOLDER_ACCOUNT (no account configured, no credentials). */
  accountIsPlaceholder: boolean;
  /** ARN partition of the two regions (aws, aws-cn, aws-us-gov). */
  partition: string;
  primaryRegion: string;
  backupRegion: string;
  databases: string[];
  redisGroups: string[];
  snapshotPrefix: string;
  backupSchedule: string;
  retention: RetentionConfig;
  retentionSchedule: string;
  redisBackupSchedule: string;
  redisRetentionDays: number;
  scheduleTimezone: string;
  rtoHours: number;
  rpoHours: number;
  metricsNamespace: string;
  alertEmail?: string;
  /** PagerDuty Events API v2 URL the forwarder posts to (US by default). */
  pagerDutyEndpoint: string;
  /**
   * Base URL where on-call reads docs/runbook.md (alarm descriptions link its
   * sections). Absent: the descriptions name the repository path docs/runbook.md.
   */
  runbookUrl?: string;
}

export const DEFAULT_RETENTION: RetentionConfig = { ...DEFAULT_RETENTION_POLICY };

export const DEFAULTS = {
  deploymentId: 'prod',
  primaryRegion: 'us-east-1',
  backupRegion: 'us-west-2',
  databases: ['muejam-db-prod'],
  redisGroups: ['muejam-redis-prod'],
  snapshotPrefix: 'muejam',
  backupSchedule: 'rate(6 hours)',
  retentionSchedule: 'cron(0 3 * * ? *)',
  redisBackupSchedule: 'cron(0 2 * * ? *)',
  redisRetentionDays: 30,
  scheduleTimezone: 'UTC',
  rtoHours: 4,
  rpoHours: 6,
  metricsNamespace: 'MueJam/Backup',
  pagerDutyEndpoint: PAGERDUTY_US_ENDPOINT,
} as const;

const SCALAR_KEYS = [
  'deploymentId',
  'account',
  'primaryRegion',
  'backupRegion',
  'databases',
  'redisGroups',
  'snapshotPrefix',
  'backupSchedule',
  'retentionSchedule',
  'redisBackupSchedule',
  'redisRetentionDays',
  'scheduleTimezone',
  'rtoHours',
  'rpoHours',
  'metricsNamespace',
  'alertEmail',
  'pagerDutyEndpoint',
  'runbookUrl',
] as const;
const RETENTION_KEYS = Object.keys(DEFAULT_RETENTION) as (keyof RetentionConfig)[];

/** Every context key this module reads, with its `muejam.` prefix. */
export const CONTEXT_KEYS: readonly string[] = [
  ...SCALAR_KEYS.map((k) => CONTEXT_PREFIX + k),
  ...RETENTION_KEYS.map((k) => `${CONTEXT_PREFIX}retention.${k}`),
];

/** Thrown when one or more context values are invalid; the message has one line per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid muejam-backup-dr configuration (cdk.json context or -c):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export type ContextLookup = (key: string) => unknown;

export interface LoadConfigOptions {
  /** Reads one context key (app.node.tryGetContext). */
  context: ContextLookup;
  /** All context keys present (to reject misspelt `muejam.*` keys). Optional. */
  contextKeys?: string[];
  /** CDK_DEFAULT_ACCOUNT, set by the CDK CLI when credentials are available. */
  defaultAccount?: string;
}

// ---------------------------------------------------------------------------
// Validation rules, each returning a problem sentence or undefined.

const RDS_ID = /^[a-zA-Z](?:[a-zA-Z0-9]|-(?!-))*$/;
const RDS_ID_RULE = '1-63 letters, digits, hyphens; starts with a letter; no "--"; not ending in "-"';
const REDIS_ID_RULE = '1-40 letters, digits, hyphens; starts with a letter; no "--"; not ending in "-"';
const DEPLOYMENT_ID = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const PREFIX = /^[a-z](?:[a-z0-9]|-(?!-))*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ACCOUNT = /^\d{12}$/;
const NAMESPACE = /^[A-Za-z0-9._/#: -]{1,255}$/;

export function rdsIdentifierProblem(id: string): string | undefined {
  if (id.length < 1 || id.length > 63 || !RDS_ID.test(id) || id.endsWith('-')) {
    return `"${id}" is not a valid RDS identifier (${RDS_ID_RULE})`;
  }
  return undefined;
}

export function redisGroupProblem(id: string): string | undefined {
  if (id.length < 1 || id.length > 40 || !RDS_ID.test(id) || id.endsWith('-')) {
    return `"${id}" is not a valid ElastiCache replication group id (${REDIS_ID_RULE})`;
  }
  return undefined;
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

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

// ---------------------------------------------------------------------------
// Reading raw context values (cdk.json gives typed JSON; -c gives strings).

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly lookup: ContextLookup) {}

  raw(key: string): unknown {
    return this.lookup(CONTEXT_PREFIX + key);
  }

  problem(key: string, detail: string): void {
    this.problems.push(`${CONTEXT_PREFIX}${key}: ${detail}`);
  }

  string(key: string, fallback: string): string;
  string(key: string, fallback: undefined): string | undefined;
  string(key: string, fallback: string | undefined): string | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string') {
      this.problem(key, `must be a string, got ${JSON.stringify(v)}`);
      return fallback;
    }
    const t = v.trim();
    if (t === '') return fallback;
    return t;
  }

  /** A list: a JSON array in cdk.json, or "a,b" / '["a","b"]' from -c. */
  list(key: string, fallback: readonly string[]): string[] {
    let v = this.raw(key);
    if (v === undefined || v === null) return [...fallback];
    if (typeof v === 'string') {
      const s = v.trim();
      if (s.startsWith('[')) {
        try {
          v = JSON.parse(s);
        } catch {
          this.problem(key, `${JSON.stringify(s)} is not a JSON array; allowed: ["a","b"] or a,b`);
          return [...fallback];
        }
      } else {
        v = s === '' ? [] : s.split(',').map((x) => x.trim());
      }
    }
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      this.problem(key, `must be a list of strings, got ${JSON.stringify(v)}`);
      return [...fallback];
    }
    return (v as string[]).map((x) => x.trim());
  }

  /** A number within [min, max]; integers only unless `decimals`. */
  number(key: string, fallback: number, min: number, max: number, decimals = false): number {
    const v = this.raw(key);
    if (v === undefined || v === null || v === '') return fallback;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
    const kind = decimals ? 'a number' : 'a whole number';
    if (!Number.isFinite(n) || (!decimals && !Number.isInteger(n)) || n < min || n > max) {
      this.problem(key, `${JSON.stringify(v)} is not allowed; must be ${kind} from ${min} to ${max}`);
      return fallback;
    }
    return n;
  }
}

/** Reads and validates the whole configuration; throws ConfigError listing every problem. */
export function loadConfig(options: LoadConfigOptions): BackupConfig {
  const r = new Reader(options.context);

  for (const key of options.contextKeys ?? []) {
    if (key.startsWith(CONTEXT_PREFIX) && !CONTEXT_KEYS.includes(key)) {
      r.problems.push(`${key}: unknown key; allowed: ${CONTEXT_KEYS.join(', ')}`);
    }
  }

  const deploymentId = r.string('deploymentId', DEFAULTS.deploymentId);
  if (deploymentId.length > 20 || !DEPLOYMENT_ID.test(deploymentId)) {
    r.problem(
      'deploymentId',
      `"${deploymentId}" is not allowed; use 1-20 lowercase letters, digits and hyphens, starting and ending with a letter or digit`,
    );
  }

  const configuredAccount = r.string('account', undefined);
  const defaultAccount = options.defaultAccount?.trim() || undefined;
  const account = configuredAccount ?? defaultAccount ?? PLACEHOLDER_ACCOUNT;
  if (!ACCOUNT.test(account)) {
    r.problem('account', `"${account}" is not an AWS account id (12 digits)`);
  }

  const primaryRegion = r.string('primaryRegion', DEFAULTS.primaryRegion);
  const backupRegion = r.string('backupRegion', DEFAULTS.backupRegion);
  for (const [key, region] of [
    ['primaryRegion', primaryRegion],
    ['backupRegion', backupRegion],
  ] as const) {
    if (!REGION.test(region)) r.problem(key, `"${region}" is not an AWS region name (e.g. us-east-1, eu-west-3)`);
  }
  if (backupRegion === primaryRegion) {
    r.problem('backupRegion', `"${backupRegion}" must differ from primaryRegion`);
  } else if (partitionOf(backupRegion) !== partitionOf(primaryRegion)) {
    r.problem('backupRegion', `"${backupRegion}" must be in the same partition as primaryRegion "${primaryRegion}"`);
  }

  const databases = r.list('databases', DEFAULTS.databases);
  if (databases.length === 0) r.problem('databases', 'must list at least one RDS instance identifier');
  databases.forEach((db, i) => {
    const p = rdsIdentifierProblem(db);
    if (p) r.problems.push(`${CONTEXT_PREFIX}databases[${i}]: ${p}`);
    else if (databases.indexOf(db) !== i) r.problems.push(`${CONTEXT_PREFIX}databases[${i}]: "${db}" is listed twice`);
  });

  const redisGroups = r.list('redisGroups', DEFAULTS.redisGroups);
  redisGroups.forEach((g, i) => {
    const p = redisGroupProblem(g);
    if (p) r.problems.push(`${CONTEXT_PREFIX}redisGroups[${i}]: ${p}`);
    else if (redisGroups.indexOf(g) !== i) r.problems.push(`${CONTEXT_PREFIX}redisGroups[${i}]: "${g}" is listed twice`);
  });

  const snapshotPrefix = r.string('snapshotPrefix', DEFAULTS.snapshotPrefix);
  if (snapshotPrefix.length > 32 || !PREFIX.test(snapshotPrefix) || snapshotPrefix.endsWith('-')) {
    r.problem(
      'snapshotPrefix',
      `"${snapshotPrefix}" is not allowed; use 1-32 lowercase letters, digits and hyphens, starting with a letter, no "--", not ending in "-"`,
    );
  }

  const schedules = {
    backupSchedule: r.string('backupSchedule', DEFAULTS.backupSchedule),
    retentionSchedule: r.string('retentionSchedule', DEFAULTS.retentionSchedule),
    redisBackupSchedule: r.string('redisBackupSchedule', DEFAULTS.redisBackupSchedule),
  };
  for (const [key, expr] of Object.entries(schedules)) {
    const p = scheduleProblem(expr);
    if (p) r.problem(key, p);
  }

  const scheduleTimezone = r.string('scheduleTimezone', DEFAULTS.scheduleTimezone);
  const tzProblem = timezoneProblem(scheduleTimezone);
  if (tzProblem) r.problem('scheduleTimezone', tzProblem);

  const rtoHours = r.number('rtoHours', DEFAULTS.rtoHours, 0.25, 168, true);
  const rpoHours = r.number('rpoHours', DEFAULTS.rpoHours, 0.25, 168, true);
  const interval = rateHours(schedules.backupSchedule);
  if (interval !== undefined && interval > rpoHours) {
    r.problem(
      'backupSchedule',
      `"${schedules.backupSchedule}" runs every ${interval} h, longer than rpoHours (${rpoHours}); the interval must be at most the RPO`,
    );
  }

  const retention = {} as RetentionConfig;
  for (const k of RETENTION_KEYS) {
    const [min, max] = RETENTION_POLICY_RANGES[k];
    retention[k] = r.number(`retention.${k}`, DEFAULT_RETENTION[k], min, max);
  }

  const redisRetentionDays = r.number('redisRetentionDays', DEFAULTS.redisRetentionDays, 1, 3660);

  const metricsNamespace = r.string('metricsNamespace', DEFAULTS.metricsNamespace);
  if (!NAMESPACE.test(metricsNamespace) || metricsNamespace.startsWith(':') || metricsNamespace.startsWith('AWS/')) {
    r.problem(
      'metricsNamespace',
      `"${metricsNamespace}" is not a CloudWatch namespace; use 1-255 letters, digits and . _ / # : - or spaces, not starting with ":" or "AWS/"`,
    );
  }

  const alertEmail = r.string('alertEmail', undefined);
  if (alertEmail !== undefined && !EMAIL.test(alertEmail)) {
    r.problem('alertEmail', `"${alertEmail}" is not an e-mail address (leave it unset for no e-mail subscription)`);
  }

  const pagerDutyEndpoint = r.string('pagerDutyEndpoint', DEFAULTS.pagerDutyEndpoint);
  const endpointProblem = pagerDutyEndpointProblem(pagerDutyEndpoint);
  if (endpointProblem) r.problem('pagerDutyEndpoint', endpointProblem);

  const runbookUrl = r.string('runbookUrl', undefined);
  const runbookProblem = runbookUrl === undefined ? undefined : runbookUrlProblem(runbookUrl);
  if (runbookProblem) r.problem('runbookUrl', runbookProblem);

  if (r.problems.length > 0) throw new ConfigError(r.problems);

  return {
    deploymentId,
    account,
    accountIsPlaceholder: configuredAccount === undefined && defaultAccount === undefined,
    partition: partitionOf(primaryRegion),
    primaryRegion,
    backupRegion,
    databases,
    redisGroups,
    snapshotPrefix,
    ...schedules,
    retention,
    redisRetentionDays,
    scheduleTimezone,
    rtoHours,
    rpoHours,
    metricsNamespace,
    ...(alertEmail ? { alertEmail } : {}),
    pagerDutyEndpoint,
    ...(runbookUrl ? { runbookUrl } : {}),
  };
}

// ---------------------------------------------------------------------------
// Names derived from the configuration, shared by the stacks and tests.

/** `muejam-backup-dr-<deploymentId>`: the prefix of every resource name of this deployment. */
export function resourcePrefix(c: Pick<BackupConfig, 'deploymentId'>): string {
  return `muejam-backup-dr-${c.deploymentId}`;
}

/** Alias of the customer-managed key in the backup region used for cross-region copies. */
export function backupKeyAlias(c: Pick<BackupConfig, 'deploymentId'>): string {
  return `alias/${resourcePrefix(c)}`;
}

/** The environment contract handed to every step Lambda (see lambdas/runtime/runtime-config.ts). */
export function toRuntimeConfig(c: BackupConfig, alertTopicArn: string): RuntimeConfig {
  return {
    deploymentId: c.deploymentId,
    primaryRegion: c.primaryRegion,
    backupRegion: c.backupRegion,
    backupKmsKeyAlias: backupKeyAlias(c),
    databases: c.databases,
    redisGroups: c.redisGroups,
    snapshotPrefix: c.snapshotPrefix,
    alertTopicArn,
    metricsNamespace: c.metricsNamespace,
  };
}
