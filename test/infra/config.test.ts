import {
  CONTEXT_KEYS,
  ConfigError,
  DEFAULT_RETENTION,
  PLACEHOLDER_ACCOUNT,
  RUNBOOK_URL_MAX,
  backupKeyAlias,
  loadConfig,
  rateHours,
  resourcePrefix,
  scheduleProblem,
  toRuntimeConfig,
} from '../../lib/config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRuntimeConfig, runtimeEnvironment } from '../../lambdas/runtime/runtime-config';
import { PAGERDUTY_EU_ENDPOINT, PAGERDUTY_US_ENDPOINT } from '../../lambdas/services/pagerduty-config';

/** loadConfig over a plain object of context values (keys without the "muejam." prefix). */
function load(values: Record<string, unknown> = {}, defaultAccount?: string) {
  const ctx: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) ctx[`muejam.${k}`] = v;
  return loadConfig({ context: (k) => ctx[k], contextKeys: Object.keys(ctx), defaultAccount });
}

function problemsOf(values: Record<string, unknown>): string[] {
  try {
    load(values);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig defaults', () => {
  it('gives the platform defaults when the context is empty', () => {
    // The recovery areas have their own slices (checked below and in their own tests); the rest is flat.
    const { restore, failover, restoreTest, drill, ...c } = load();
    expect(restore).toEqual({ settings: { databases: {} }, pitrReplicationRetentionDays: 7, pitrLagAlarmMinutes: 15 });
    expect(failover).toMatchObject({ automatic: false, databases: {} });
    expect(restoreTest).toMatchObject({ enabled: false });
    expect(drill).toEqual({ enabled: false, schedule: 'cron(0 5 ? JAN,APR,JUL,OCT SUN#1 *)', inFlightMinutes: 120 });
    expect(c).toEqual({
      deploymentId: 'prod',
      account: PLACEHOLDER_ACCOUNT,
      accountIsPlaceholder: true,
      partition: 'aws',
      primaryRegion: 'us-east-1',
      backupRegion: 'us-west-2',
      databases: ['muejam-db-prod'],
      redisGroups: ['muejam-redis-prod'],
      snapshotPrefix: 'muejam',
      backupSchedule: 'rate(6 hours)',
      retention: DEFAULT_RETENTION,
      retentionSchedule: 'cron(0 3 * * ? *)',
      redisBackupSchedule: 'cron(0 2 * * ? *)',
      redisRetentionDays: 30,
      scheduleTimezone: 'UTC',
      rtoHours: 4,
      rpoHours: 6,
      metricsNamespace: 'MueJam/Backup',
      pagerDutyEndpoint: 'https://events.pagerduty.com/v2/enqueue',
      allowNoFallbackAlerts: false,
    });
    expect(DEFAULT_RETENTION).toEqual({
      keepLastHours: 24,
      dailyDays: 30,
      weeklyDays: 90,
      monthlyMonths: 0,
      floor: 3,
      unverifiedCopyGraceDays: 7,
    });
  });

  it('uses CDK_DEFAULT_ACCOUNT when no account is configured, and the configured one first', () => {
    expect(load({}, '111122223333')).toMatchObject({ account: '111122223333', accountIsPlaceholder: false });
    expect(load({ account: '444455556666' }, '111122223333')).toMatchObject({
      account: '444455556666',
      accountIsPlaceholder: false,
    });
  });
});

describe('loadConfig reads typed cdk.json values and -c strings alike', () => {
  it('accepts JSON arrays and numbers from cdk.json', () => {
    const c = load({ databases: ['db-a', 'db-b'], rpoHours: 12, 'retention.monthlyMonths': 12 });
    expect(c.databases).toEqual(['db-a', 'db-b']);
    expect(c.rpoHours).toBe(12);
    expect(c.retention.monthlyMonths).toBe(12);
  });

  it('accepts comma lists, JSON-array strings and numeric strings from -c', () => {
    expect(load({ databases: 'db-a, db-b' }).databases).toEqual(['db-a', 'db-b']);
    expect(load({ redisGroups: '["r-a","r-b"]' }).redisGroups).toEqual(['r-a', 'r-b']);
    expect(load({ redisGroups: '[]' }).redisGroups).toEqual([]);
    expect(load({ 'retention.floor': '5', rtoHours: '1.5' })).toMatchObject({
      retention: { ...DEFAULT_RETENTION, floor: 5 },
      rtoHours: 1.5,
    });
  });

  it('keeps alertEmail only when set, and derives the partition', () => {
    expect(load({ alertEmail: 'oncall@example.com' }).alertEmail).toBe('oncall@example.com');
    expect('alertEmail' in load()).toBe(false);
    expect(load({ primaryRegion: 'cn-north-1', backupRegion: 'cn-northwest-1' }).partition).toBe('aws-cn');
  });
});

describe('loadConfig rejects wrong values naming the key and what is allowed', () => {
  it.each([
    [{ backupRegion: 'us-east-1' }, 'muejam.backupRegion: "us-east-1" must differ from primaryRegion'],
    [{ primaryRegion: 'useast1' }, 'muejam.primaryRegion: "useast1" is not an AWS region name'],
    [{ backupRegion: 'cn-north-1' }, 'muejam.backupRegion: "cn-north-1" must be in the same partition'],
    [
      { databases: ['ok-db', '9bad--id'] },
      'muejam.databases[1]: "9bad--id" is not a valid RDS instance identifier (1-63 lowercase ASCII letters, digits and hyphens; starts with a letter; no "--"; not ending in "-")',
    ],
    [{ databases: ['db-'] }, 'muejam.databases[0]: "db-" is not a valid RDS instance identifier'],
    [{ databases: ['a'.repeat(64)] }, 'muejam.databases[0]'],
    [{ databases: [] }, 'muejam.databases: must list at least one RDS instance identifier'],
    [{ databases: ['db-a', 'db-a'] }, 'muejam.databases[1]: "db-a" is listed twice'],
    [{ databases: 42 }, 'muejam.databases: must be a list of RDS instance identifiers, or of objects {"id": "<instance>", "restore"'],
    [{ redisGroups: ['r'.repeat(41)] }, 'muejam.redisGroups[0]'],
    [{ deploymentId: 'Prod' }, 'muejam.deploymentId: "Prod" is not allowed; use 1-20 lowercase letters'],
    [{ deploymentId: 'a'.repeat(21) }, 'muejam.deploymentId'],
    [{ deploymentId: 'prod-' }, 'muejam.deploymentId'],
    [{ account: '12345' }, 'muejam.account: "12345" is not an AWS account id (12 digits)'],
    [{ snapshotPrefix: 'Muejam' }, 'muejam.snapshotPrefix: "Muejam" is not allowed'],
    [{ snapshotPrefix: 'mue--jam' }, 'muejam.snapshotPrefix'],
    [{ backupSchedule: 'every 6 hours' }, 'muejam.backupSchedule: "every 6 hours" is not a recurring schedule expression'],
    [{ backupSchedule: 'rate(12 hours)' }, 'muejam.backupSchedule: "rate(12 hours)" runs every 12 h, longer than rpoHours (6)'],
    [{ retentionSchedule: 'cron(0 3 * * *)' }, 'muejam.retentionSchedule: "cron(0 3 * * *)": a cron expression has 6 fields'],
    [{ redisBackupSchedule: 'cron(0 2 * * MON *)' }, 'muejam.redisBackupSchedule: "cron(0 2 * * MON *)": one of day-of-month'],
    [{ scheduleTimezone: 'Mars/Olympus' }, 'muejam.scheduleTimezone: "Mars/Olympus" is not an IANA time zone name'],
    [{ rtoHours: 0 }, 'muejam.rtoHours: 0 is not allowed; must be a number from 0.25 to 168'],
    [{ rpoHours: 'six' }, 'muejam.rpoHours: "six" is not allowed'],
    [{ 'retention.floor': 0 }, 'muejam.retention.floor: 0 is not allowed; must be a whole number from 1 to 100'],
    [{ 'retention.dailyDays': 1.5 }, 'muejam.retention.dailyDays: 1.5 is not allowed; must be a whole number'],
    [{ redisRetentionDays: -1 }, 'muejam.redisRetentionDays: -1 is not allowed'],
    [{ metricsNamespace: 'AWS/Backup' }, 'muejam.metricsNamespace: "AWS/Backup" is not a CloudWatch namespace'],
    [{ alertEmail: 'not-an-email' }, 'muejam.alertEmail: "not-an-email" is not an e-mail address'],
    [
      { deploymentid: 'x' },
      'muejam.deploymentid: unknown key `muejam.deploymentid`; did you mean `muejam.deploymentId`? allowed: muejam.deploymentId',
    ],
    [{ primaryRegion: 7 }, 'muejam.primaryRegion: must be a string, got 7'],
  ])('%j -> %s', (values, expected) => {
    expect(problemsOf(values).join('\n')).toContain(expected);
  });

  it('reports every problem at once, each on its own line', () => {
    let message = '';
    try {
      load({ backupRegion: 'us-east-1', databases: ['9bad'], rtoHours: -4 });
    } catch (e) {
      message = (e as Error).message;
    }
    const lines = message.split('\n').filter((l) => l.startsWith('  - '));
    expect(lines.map((l) => l.split(':')[0].slice(4))).toEqual(['muejam.backupRegion', 'muejam.databases[0]', 'muejam.rtoHours']);
  });
});

describe('PagerDuty endpoint and runbook URL', () => {
  it('defaults to the US Events API and no runbook URL (alarms then name the repository path)', () => {
    const c = load();
    expect(c.pagerDutyEndpoint).toBe(PAGERDUTY_US_ENDPOINT);
    expect('runbookUrl' in c).toBe(false);
  });

  it.each([PAGERDUTY_EU_ENDPOINT, 'https://Events.PagerDuty.com/v2/enqueue', 'https://pagerduty-relay.internal.example.com/enqueue'])(
    'accepts the pagerDutyEndpoint %s',
    (endpoint) => {
      expect(load({ pagerDutyEndpoint: endpoint }).pagerDutyEndpoint).toBe(endpoint);
    },
  );

  it.each([
    'https://git.example.com/platform/muejam-backup-dr/-/blob/main/docs/runbook.md',
    'http://wiki.internal/ops/muejam-backup-dr/runbook',
  ])('accepts the runbookUrl %s', (url) => {
    expect(load({ runbookUrl: url }).runbookUrl).toBe(url);
  });

  it.each([
    [
      { pagerDutyEndpoint: 'events.pagerduty.com/v2/enqueue' },
      'muejam.pagerDutyEndpoint: "events.pagerduty.com/v2/enqueue" is not a URL; allowed: https://events.pagerduty.com/v2/enqueue (US service), https://events.eu.pagerduty.com/v2/enqueue (EU service), or the https URL of your own relay',
    ],
    [
      { pagerDutyEndpoint: 'http://events.pagerduty.com/v2/enqueue' },
      'muejam.pagerDutyEndpoint: "http://events.pagerduty.com/v2/enqueue" must use https://',
    ],
    [{ pagerDutyEndpoint: 'http://127.0.0.1:8080/enqueue' }, 'muejam.pagerDutyEndpoint: "http://127.0.0.1:8080/enqueue" must use https://'],
    [
      { pagerDutyEndpoint: 'https://events.pagerduty.com/v1/enqueue' },
      'muejam.pagerDutyEndpoint: "https://events.pagerduty.com/v1/enqueue" is not a PagerDuty Events API v2 endpoint',
    ],
    [{ pagerDutyEndpoint: 'https://events.eu.pagerduty.com/v2/enqueue/' }, 'is not a PagerDuty Events API v2 endpoint'],
    [
      { pagerDutyEndpoint: 'https://user:secret@relay.example.com/enqueue' },
      'muejam.pagerDutyEndpoint: "https://user:secret@relay.example.com/enqueue" must not contain credentials',
    ],
    [{ pagerDutyEndpoint: 42 }, 'muejam.pagerDutyEndpoint: must be a string, got 42'],
    [{ runbookUrl: 'docs/runbook.md' }, 'muejam.runbookUrl: "docs/runbook.md" is not a URL; allowed: an http(s) URL of docs/runbook.md'],
    [
      { runbookUrl: 'ftp://files.example.com/runbook.md' },
      'muejam.runbookUrl: "ftp://files.example.com/runbook.md" must use http:// or https://',
    ],
    [
      { runbookUrl: 'https://git.example.com/runbook.md#alarms' },
      'muejam.runbookUrl: "https://git.example.com/runbook.md#alarms" is not allowed; allowed: an http(s) URL of docs/runbook.md as on-call reads it, without spaces or "#"',
    ],
    [{ runbookUrl: 'https://git.example.com/my runbook.md' }, 'muejam.runbookUrl: "https://git.example.com/my runbook.md" is not allowed'],
    [{ runbookUrl: `https://git.example.com/${'a'.repeat(RUNBOOK_URL_MAX)}` }, `at most ${RUNBOOK_URL_MAX} characters`],
    [
      { runbookUrl: 'https://bob:pw@git.example.com/runbook.md' },
      'muejam.runbookUrl: "https://bob:pw@git.example.com/runbook.md" must not contain credentials',
    ],
  ])('%j -> %s', (values, expected) => {
    expect(problemsOf(values).join('\n')).toContain(expected);
  });
});

describe('schedule helpers', () => {
  it.each([
    ['rate(6 hours)', 6],
    ['rate(1 hour)', 1],
    ['rate(30 minutes)', 0.5],
    ['rate(1 day)', 24],
    ['cron(0 3 * * ? *)', undefined],
  ])('rateHours(%s) = %s', (expr, hours) => {
    expect(rateHours(expr)).toBe(hours);
  });

  it('accepts valid expressions and explains singular/plural mistakes', () => {
    expect(scheduleProblem('rate(6 hours)')).toBeUndefined();
    expect(scheduleProblem('cron(0 4 ? * SUN *)')).toBeUndefined();
    expect(scheduleProblem('rate(1 hours)')).toContain('use "hour" for 1');
    expect(scheduleProblem('rate(0 hours)')).toContain('at least 1');
    expect(scheduleProblem('at(2026-01-01T00:00:00)')).toContain('not a recurring schedule expression');
  });
});

describe('derived names and the runtime environment', () => {
  it('names resources and the backup key alias from the deployment id', () => {
    const c = load({ deploymentId: 'staging' });
    expect(resourcePrefix(c)).toBe('muejam-backup-dr-staging');
    expect(backupKeyAlias(c)).toBe('alias/muejam-backup-dr-staging');
  });

  it('produces a runtime config that round-trips through the Lambda environment', () => {
    const c = load({ databases: ['db-a', 'db-b'], redisGroups: [] });
    const rc = toRuntimeConfig(c, 'arn:aws:sns:us-east-1:123456789012:alerts');
    expect(readRuntimeConfig(runtimeEnvironment(rc))).toEqual(rc);
    expect(rc.backupKmsKeyAlias).toBe('alias/muejam-backup-dr-prod');
  });

  it('lists every key documented in docs/configuration.md', () => {
    const doc = readFileSync(join(__dirname, '../../docs/configuration.md'), 'utf8');
    const missing = CONTEXT_KEYS.filter((k) => !doc.includes(`\`${k}\``));
    expect(missing).toEqual([]);
  });
});
