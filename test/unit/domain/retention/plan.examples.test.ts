/**
 * Hand-worked examples: the counts below were computed by hand from the
 * calendar (see the comments), not by running the code.
 * Default policy: keep-last 24 h, daily 30 d, weekly 90 d, monthly off, floor 3, grace 7 d.
 */
import { planRetention } from '../../../../lambdas/domain/retention/plan';
import type { RetentionDecision, RetentionPlan, RetentionSnapshot } from '../../../../lambdas/domain/retention/types';
import type { RetentionPolicy } from '../../../../lambdas/domain/retention/policy';
import { copyOf, DAY, foreignSnapshots, HOUR, historyWithCopies, IDENTITY, owned, sixHourlyTimes } from './fixtures';

const P = IDENTITY.primaryRegion;
const B = IDENTITY.backupRegion;

function plan(snapshots: RetentionSnapshot[], now: string, policy = {}): RetentionPlan {
  return planRetention({ snapshots, now: new Date(now), identity: IDENTITY, policy });
}
function decisionAt(p: RetentionPlan, region: string, at: string): RetentionDecision {
  const d = p.decisions.find((x) => x.region === region && x.createdAt === new Date(at).toISOString());
  if (!d) throw new Error(`no decision for ${region} ${at}`);
  return d;
}
function keptTimes(p: RetentionPlan, region: string): string[] {
  return p.decisions.filter((d) => d.region === region && d.action === 'keep').map((d) => d.createdAt!.slice(0, 16));
}

// Retention runs daily at 03:00 UTC. 2026-11-24 is a Tuesday (ISO week 48).
const NOW = '2026-11-24T03:00:00Z';
// A year of 6-hourly backups: 2025-11-24T06:00Z .. 2026-11-24T00:00Z = 365 days x 4 = 1460 per region.
const YEAR = sixHourlyTimes('2025-11-24T06:00:00Z', '2026-11-24T00:00:00Z');

describe('a year of 6-hourly backups, verified copies in the backup region', () => {
  // Planned in each test (beforeEach runs inside it), so mutation testing sees which test reaches which code.
  let result: RetentionPlan;
  beforeEach(() => {
    result = plan(historyWithCopies(YEAR), NOW);
  });

  it('has 1460 backups per region', () => {
    expect(YEAR).toHaveLength(1460);
    expect(result.summary.total).toBe(2920);
  });

  it.each([P, B])('keeps 4 keep-last + 29 daily + 8 weekly = 41 in %s and deletes 1419', (region) => {
    const c = result.summary.byRegion[region];
    // keep-last: created after 2026-11-23T03:00Z: 23rd 06/12/18 and 24th 00 = 4
    // daily: newest of each UTC day created after 2026-10-25T03:00Z: Oct 25..Nov 24 = 31 days,
    //        of which Nov 23 18:00 and Nov 24 00:00 are already keep-last = 29
    // weekly: newest of each ISO week created after 2026-08-26T03:00Z: Sundays Aug 30..Nov 22 = 13
    //        (+ this week's, keep-last), of which Oct 25, Nov 1, 8, 15, 22 are daily = 8
    expect(c.tiers).toEqual({ 'keep-last': 4, daily: 29, weekly: 8, monthly: 0 });
    expect(c.keep).toBe(41);
    expect(c.delete).toBe(1419);
    expect(c.skip).toBe(0);
    expect(c.rules.floor).toBe(0);
    expect(c.rules['awaiting-verified-copy']).toBe(0);
  });

  it('keeps exactly the expected restore points', () => {
    const kept = keptTimes(result, P);
    expect(kept.slice(0, 4)).toEqual(['2026-11-24T00:00', '2026-11-23T18:00', '2026-11-23T12:00', '2026-11-23T06:00']);
    expect(kept).toContain('2026-10-25T18:00'); // oldest daily
    expect(kept).not.toContain('2026-10-24T18:00'); // a Saturday just outside 30 days
    expect(kept).toContain('2026-08-30T18:00'); // oldest weekly (Sunday of the week holding Aug 26)
    expect(kept).not.toContain('2026-08-23T18:00');
    expect(kept[kept.length - 1]).toBe('2026-08-30T18:00');
    const weeklies = result.decisions.filter((d) => d.region === P && d.tier === 'weekly');
    expect(weeklies.map((d) => new Date(d.createdAt!).getUTCDay())).toEqual(Array(8).fill(0)); // all Sundays
  });

  it('gives every decision a reason and the time the policy stops holding it', () => {
    const d = decisionAt(result, P, '2026-09-20T18:00:00Z');
    expect(d).toMatchObject({ action: 'keep', rule: 'weekly', tier: 'weekly', expiresAt: '2026-12-19T18:00:00.000Z' });
    expect(d.reason).toMatch(/ISO week 2026-W38/);
    const gone = decisionAt(result, P, '2026-09-20T12:00:00Z');
    expect(gone).toMatchObject({ action: 'delete', rule: 'expired', expiresAt: '2026-09-21T12:00:00.000Z' });
  });

  it('with a 12-month monthly tier also keeps the newest backup of each month: 11 more', () => {
    // Month ends 2025-11-30 .. 2026-10-31 (12), 2026-10-31 18:00 is daily already => 11 monthly.
    const r = plan(historyWithCopies(YEAR), NOW, { monthlyMonths: 12 });
    expect(r.summary.byRegion[P].tiers).toEqual({ 'keep-last': 4, daily: 29, weekly: 8, monthly: 11 });
    expect(keptTimes(r, P)).toContain('2025-11-30T18:00');
    expect(keptTimes(r, P)).toContain('2026-02-28T18:00');
  });

  it('lengthening the weekly tier protects backups that already exist', () => {
    const r = plan(historyWithCopies(YEAR), NOW, { weeklyDays: 180 });
    // Sundays created after 2026-05-28T03:00Z: May 31 .. Nov 22 = 26, minus 5 daily = 21 weekly.
    expect(r.summary.byRegion[P].tiers.weekly).toBe(21);
  });
});

describe('gaps', () => {
  it('a missing ISO week (Mon Nov 9 .. Sun Nov 15) removes 7 dailies and nothing else', () => {
    const times = YEAR.filter((t) => t < Date.parse('2026-11-09T00:00:00Z') || t >= Date.parse('2026-11-16T00:00:00Z'));
    expect(times).toHaveLength(1460 - 28);
    const c = plan(historyWithCopies(times), NOW).summary.byRegion[P];
    expect(c.tiers).toEqual({ 'keep-last': 4, daily: 22, weekly: 8, monthly: 0 });
    expect(c.delete).toBe(1432 - 34);
  });

  it('a day with a single backup keeps that one as the daily', () => {
    const times = YEAR.filter(
      (t) =>
        !(t >= Date.parse('2026-11-02T00:00:00Z') && t < Date.parse('2026-11-03T00:00:00Z')) || t === Date.parse('2026-11-02T06:00:00Z'),
    );
    const r = plan(historyWithCopies(times), NOW);
    expect(decisionAt(r, P, '2026-11-02T06:00:00Z')).toMatchObject({ action: 'keep', tier: 'daily' });
  });

  it('backups stopped 100 days ago: only the floor (newest 3 verified) stays, in each region', () => {
    const times = YEAR.filter((t) => t <= Date.parse(NOW) - 100 * DAY);
    const r = plan(historyWithCopies(times), NOW);
    for (const region of [P, B]) {
      const c = r.summary.byRegion[region];
      expect(c.keep).toBe(3);
      expect(c.rules.floor).toBe(3);
      expect(c.delete).toBe(times.length - 3);
    }
    expect(keptTimes(r, P)).toEqual(['2026-08-16T00:00', '2026-08-15T18:00', '2026-08-15T12:00']);
  });

  it('the floor counts verified backups only and holds per database and region', () => {
    const old = Date.parse(NOW) - 200 * DAY;
    const snaps = [
      owned(old + 5 * HOUR, { verified: false, role: 'backup' }),
      owned(old + 4 * HOUR, { role: 'backup' }),
      owned(old + 3 * HOUR, { role: 'backup', verified: false }),
      owned(old + 2 * HOUR, { role: 'backup' }),
      owned(old + 1 * HOUR, { role: 'backup' }),
      owned(old, { role: 'backup' }),
      owned(old, { role: 'backup', resource: 'muejam-db-analytics' }),
    ];
    const r = plan(snaps, NOW);
    const kept = r.decisions.filter((d) => d.action === 'keep');
    expect(kept.map((d) => [d.resource, d.createdAt, d.rule])).toEqual([
      ['muejam-db-analytics', new Date(old).toISOString(), 'floor'],
      ['muejam-db-prod', new Date(old + 4 * HOUR).toISOString(), 'floor'],
      ['muejam-db-prod', new Date(old + 2 * HOUR).toISOString(), 'floor'],
      ['muejam-db-prod', new Date(old + 1 * HOUR).toISOString(), 'floor'],
    ]);
  });
});

describe('clock at a DST change (UTC buckets; the process time zone does not matter)', () => {
  // Backups at 00/06/12/18 America/New_York. EST = UTC-5 until 2026-03-08T07:00Z (02:00 EST -> 03:00 EDT),
  // then EDT = UTC-4: 05/11/17/23Z become 04/10/16/22Z. From 2026-02-01 to 2026-03-12.
  const DST = Date.parse('2026-03-08T07:00:00Z');
  const times: number[] = [];
  for (let day = Date.parse('2026-02-01T00:00:00Z'); day < Date.parse('2026-03-12T00:00:00Z'); day += DAY) {
    for (const h of [0, 6, 12, 18]) {
      const est = day + (h + 5) * HOUR;
      times.push(est < DST ? est : day + (h + 4) * HOUR);
    }
  }
  const history = historyWithCopies(times);

  it('at the DST instant: 4 keep-last, 29 daily, 1 weekly', () => {
    const upToNow = history.filter((s) => s.createdAt!.getTime() <= DST);
    const r = plan(upToNow, '2026-03-08T07:00:00Z');
    // 2026-02-01 .. 2026-03-07 = 35 days x 4 + 2026-03-08T05Z = 141 per region.
    expect(r.summary.byRegion[P].keep + r.summary.byRegion[P].delete).toBe(141);
    // keep-last: after 2026-03-07T07:00Z: Mar 7 11Z, 17Z, 23Z, Mar 8 05Z.
    // daily: UTC days after 2026-02-06T07:00Z: Feb 6 .. Mar 8 = 31, minus 2 keep-last = 29.
    // weekly: Sunday 2026-02-01 23Z (ISO week 5), older than the daily window.
    expect(r.summary.byRegion[P].tiers).toEqual({ 'keep-last': 4, daily: 29, weekly: 1, monthly: 0 });
    expect(decisionAt(r, P, '2026-02-01T23:00:00Z')).toMatchObject({ tier: 'weekly' });
  });

  it('the UTC day of the change keeps its newest backup (22Z after the shift, 23Z before)', () => {
    const r = plan(history, '2026-03-12T03:00:00Z');
    expect(decisionAt(r, P, '2026-03-08T22:00:00Z')).toMatchObject({ action: 'keep', tier: 'daily' });
    expect(decisionAt(r, P, '2026-03-08T16:00:00Z')).toMatchObject({ action: 'delete' });
    expect(decisionAt(r, P, '2026-03-07T23:00:00Z')).toMatchObject({ action: 'keep', tier: 'daily' });
    expect(decisionAt(r, P, '2026-03-09T22:00:00Z')).toMatchObject({ action: 'keep', tier: 'daily' });
  });

  it('gives the same plan whatever the process time zone', () => {
    const saved = process.env.TZ;
    try {
      const plans = ['UTC', 'America/New_York', 'Pacific/Chatham', 'Asia/Kolkata'].map((tz) => {
        process.env.TZ = tz;
        return plan(history, '2026-03-08T07:00:00Z');
      });
      for (const p of plans.slice(1)) expect(p).toEqual(plans[0]);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('a weekly backup that failed', () => {
  const SUNDAY_18 = Date.parse('2026-09-20T18:00:00Z'); // Sunday of ISO week 38, weekly tier only

  it('status failed: the week falls back to the Sunday 12:00 backup, the failed one is left alone', () => {
    const snaps = historyWithCopies(YEAR).map((s) => (s.createdAt!.getTime() === SUNDAY_18 ? { ...s, status: 'failed' } : s));
    const r = plan(snaps, NOW);
    expect(decisionAt(r, P, '2026-09-20T18:00:00Z')).toMatchObject({ action: 'skip', rule: 'not-available' });
    expect(decisionAt(r, P, '2026-09-20T12:00:00Z')).toMatchObject({ action: 'keep', tier: 'weekly' });
    expect(r.summary.byRegion[P].tiers.weekly).toBe(8);
  });

  it('no backup at all on that Sunday: the Saturday 18:00 backup is the weekly', () => {
    const times = YEAR.filter((t) => t < Date.parse('2026-09-20T00:00:00Z') || t >= Date.parse('2026-09-21T00:00:00Z'));
    const r = plan(historyWithCopies(times), NOW);
    expect(decisionAt(r, P, '2026-09-19T18:00:00Z')).toMatchObject({ action: 'keep', tier: 'weekly' });
    expect(r.summary.byRegion[P].tiers.weekly).toBe(8);
  });

  it('verification failed: a verified backup stands in for the week; the unverified one and its copy go', () => {
    const snaps = historyWithCopies(YEAR).map((s) => {
      if (s.createdAt!.getTime() !== SUNDAY_18) return s;
      const { ['muejam:verified-at']: _dropped, ...tags } = s.tags;
      return { ...s, tags };
    });
    const r = plan(snaps, NOW);
    expect(decisionAt(r, P, '2026-09-20T12:00:00Z')).toMatchObject({ action: 'keep', tier: 'weekly' });
    // Past policy since 2026-09-21T18:00Z, far beyond the 7-day grace for an unverified copy.
    expect(decisionAt(r, P, '2026-09-20T18:00:00Z')).toMatchObject({
      action: 'delete',
      rule: 'expired-copy-never-verified',
      verified: false,
    });
    expect(decisionAt(r, B, '2026-09-20T18:00:00Z')).toMatchObject({ action: 'delete', rule: 'expired' });
  });
});

describe('primary snapshots whose backup-region copy is not verified', () => {
  const now = Date.parse(NOW);
  // A backup 4 days old with only keep-last applying: past policy by 3 days.
  function setting(ageDays: number, copy: 'verified' | 'unverified' | 'none' | 'copy-not-available') {
    const anchor = owned(now - HOUR); // newest: keeps the day's daily and the floor away from the subject
    const extra = [owned(now - 2 * HOUR), owned(now - 3 * HOUR)];
    const subject = owned(now - ageDays * DAY - 7 * HOUR, { id: 'subject' });
    const later = owned(now - ageDays * DAY - 6 * HOUR, { id: 'later-same-day' }); // newer same day: subject is not the daily
    const snaps = [anchor, ...extra, subject, later];
    if (copy === 'verified') snaps.push(copyOf(subject));
    if (copy === 'unverified') snaps.push(copyOf(subject, { verified: false }));
    if (copy === 'copy-not-available') snaps.push(copyOf(subject, { status: 'copying' }));
    return snaps;
  }
  const subjectOf = (r: RetentionPlan) => r.decisions.find((d) => d.id === 'subject' && d.region === P)!;

  it('past policy by less than the grace: kept, awaiting a verified copy', () => {
    const r = plan(setting(4, 'unverified'), NOW);
    expect(subjectOf(r)).toMatchObject({ action: 'keep', rule: 'awaiting-verified-copy' });
    expect(subjectOf(r).reason).toMatch(/eu-central-1 copy is not verified/);
  });

  it.each(['none', 'copy-not-available'] as const)('copy %s: also kept within the grace', (copy) => {
    expect(subjectOf(plan(setting(4, copy), NOW))).toMatchObject({ action: 'keep', rule: 'awaiting-verified-copy' });
  });

  it('with a verified copy: deleted as soon as it is past policy', () => {
    expect(subjectOf(plan(setting(4, 'verified'), NOW))).toMatchObject({ action: 'delete', rule: 'expired' });
  });

  it('a 200-day-old backup: the reason gives its age and when each tier ended, not "younger than 24 h" (issue 8)', () => {
    const d = subjectOf(plan(setting(200, 'verified'), NOW));
    expect(d).toMatchObject({ action: 'delete', rule: 'expired' });
    expect(d.reason).toMatch(/^200 d old, past policy since \d{4}-\d{2}-\d{2}T.*: keep-last \(24 h\) ended \d{4}-\d{2}-\d{2}/);
    expect(d.reason).not.toMatch(/younger than/);
  });

  it('past policy by more than the grace: deleted and reported as such', () => {
    expect(subjectOf(plan(setting(9, 'unverified'), NOW))).toMatchObject({ action: 'delete', rule: 'expired-copy-never-verified' });
  });

  it('the grace comes from the policy', () => {
    expect(subjectOf(plan(setting(9, 'unverified'), NOW, { unverifiedCopyGraceDays: 14 }))).toMatchObject({
      action: 'keep',
      rule: 'awaiting-verified-copy',
    });
  });

  it('the boundary: exactly at grace it is kept, one millisecond later it is deleted', () => {
    const snaps = [
      owned(Date.parse('2026-01-01T00:00:00Z'), { id: 'subject', verified: false }),
      owned(Date.parse('2026-01-01T01:00:00Z'), { verified: false }),
    ];
    const policy = { keepLastHours: 24, dailyDays: 0, weeklyDays: 0, floor: 1 };
    // subject expires 2026-01-02T00:00Z (keep-last only); grace 7 days => kept until 2026-01-09T00:00Z.
    expect(subjectOf(plan(snaps, '2026-01-09T00:00:00.000Z', policy))).toMatchObject({ action: 'keep', rule: 'awaiting-verified-copy' });
    expect(subjectOf(plan(snaps, '2026-01-09T00:00:00.001Z', policy))).toMatchObject({
      action: 'delete',
      rule: 'expired-copy-never-verified',
    });
  });
});

describe('what is never touched', () => {
  it('skips foreign, automated, shared, other-deployment, wrong-role and third-region snapshots, however old', () => {
    const old = Date.parse(NOW) - 400 * DAY;
    const r = plan([...foreignSnapshots(old), ...historyWithCopies([old])], NOW);
    const byId = Object.fromEntries(r.decisions.map((d) => [`${d.region}/${d.id}`, d]));
    expect(byId[`${P}/alice-before-migration`]).toMatchObject({ action: 'skip', rule: 'not-owned' });
    expect(byId[`${P}/rds:muejam-db-prod-2025-01-01-03-10`]).toMatchObject({ action: 'skip', rule: 'not-manual' });
    expect(byId[`${P}/staging-copy`]).toMatchObject({ action: 'skip', rule: 'not-owned' });
    expect(byId[`${P}/staging-copy`].reason).toMatch(/deployment "staging"/);
    expect(byId[`${B}/mislabelled-role`]).toMatchObject({ action: 'skip', rule: 'not-owned' });
    expect(byId['us-east-1/third-region']).toMatchObject({ action: 'skip', rule: 'not-owned' });
    expect(byId[`${P}/shared-in`]).toMatchObject({ action: 'skip', rule: 'not-manual' });
    expect(r.summary.skip).toBe(6);
    // The owned ones are the floor of their database in each region.
    expect(r.summary.rules.floor).toBe(2);
    expect(r.summary.delete).toBe(0);
  });

  it.each(['creating', 'copying', 'deleting', 'failed', 'incompatible-restore'])('leaves a %s snapshot alone', (status) => {
    const old = Date.parse(NOW) - 400 * DAY;
    const r = plan([owned(old, { status }), owned(Date.parse(NOW) - HOUR)], NOW);
    expect(r.decisions.find((d) => d.action === 'skip')).toMatchObject({ rule: 'not-available' });
  });

  it('leaves alone a snapshot without a creation time (being created)', () => {
    const s = { ...owned(Date.parse(NOW)), createdAt: undefined };
    expect(plan([s], NOW).decisions[0]).toMatchObject({ action: 'skip', rule: 'no-create-time' });
  });

  it('keeps a snapshot dated in the future (clock skew)', () => {
    const r = plan([owned(Date.parse(NOW) + 2 * HOUR)], NOW);
    expect(r.decisions[0]).toMatchObject({ action: 'keep', tier: 'keep-last' });
  });
});

describe('input validation names the field', () => {
  const now = new Date(NOW);
  it.each([
    [{ dailyDays: -1 }, /policy\.dailyDays: must be an integer from 0 to 3660/],
    [{ floor: 0 }, /policy\.floor: must be an integer from 1 to 100/],
    [{ weeklyDays: 1.5 }, /policy\.weeklyDays/],
    [{ weeklyDay: 90 }, /policy\.weeklyDay: is not a retention setting; allowed: keepLastHours, dailyDays/],
  ] as [Partial<RetentionPolicy>, RegExp][])('policy %j', (policy, msg) => {
    expect(() => planRetention({ snapshots: [], now, identity: IDENTITY, policy })).toThrow(msg);
  });

  it('identity', () => {
    expect(() => planRetention({ snapshots: [], now, identity: { ...IDENTITY, backupRegion: IDENTITY.primaryRegion } })).toThrow(
      /identity\.backupRegion: must differ/,
    );
    expect(() => planRetention({ snapshots: [], now, identity: { ...IDENTITY, primaryRegion: 'Europe' } })).toThrow(
      /identity\.primaryRegion: must be an AWS region/,
    );
    expect(() => planRetention({ snapshots: [], now, identity: { ...IDENTITY, deploymentId: '' } })).toThrow(/identity\.deploymentId/);
  });

  it('now and snapshots', () => {
    expect(() => planRetention({ snapshots: [], now: new Date('nope'), identity: IDENTITY })).toThrow(/now: must be a valid Date/);
    const s = owned(Date.parse(NOW));
    expect(() => planRetention({ snapshots: [s, { ...s }], now, identity: IDENTITY })).toThrow(/snapshots\[1\]\.arn: must be unique/);
    expect(() => planRetention({ snapshots: [{ ...s, createdAt: new Date('x') }], now, identity: IDENTITY })).toThrow(
      /snapshots\[0\]\.createdAt/,
    );
    expect(() => planRetention({ snapshots: [{ ...s, region: '' }], now, identity: IDENTITY })).toThrow(
      /snapshots\[0\]\.region: must be a non-empty string/,
    );
  });

  it('an empty history plans nothing, with both regions in the summary', () => {
    const r = planRetention({ snapshots: [], now, identity: IDENTITY });
    expect(r.decisions).toEqual([]);
    expect(Object.keys(r.summary.byRegion).sort()).toEqual([B, P].sort());
  });
});

describe('tier boundaries: a tier holds a snapshot while now < createdAt + window', () => {
  // Backup-region snapshots with a verified copy source are not subject to the grace; floor 1 is held by a newer one.
  const newest = owned(Date.parse(NOW) - HOUR, { role: 'backup' });
  const at = (ms: number) => owned(ms, { role: 'backup', id: 'subject' });
  const subject = (r: RetentionPlan) => r.decisions.find((d) => d.id === 'subject')!;
  const policy = { floor: 1 };

  it.each([
    ['keep-last', 24 * HOUR, { keepLastHours: 24, dailyDays: 0, weeklyDays: 0 }],
    ['daily', 30 * DAY, { dailyDays: 30, weeklyDays: 0 }],
    ['weekly', 90 * DAY, { weeklyDays: 90 }],
  ] as const)('%s: held 1 ms before the window ends, deleted at its end', (tier, window, p) => {
    const t = Date.parse(NOW) - window;
    const justInside = plan([newest, at(t + 1)], NOW, { ...policy, ...p });
    expect(subject(justInside)).toMatchObject({ action: 'keep', tier });
    const atEnd = plan([newest, at(t)], NOW, { ...policy, ...p });
    expect(subject(atEnd)).toMatchObject({ action: 'delete', rule: 'expired', expiresAt: new Date(Date.parse(NOW)).toISOString() });
  });

  it('monthly: calendar months, the day clamped (Jan 31 + 1 month = Feb 28)', () => {
    const jan31 = Date.parse('2026-01-31T18:00:00Z');
    const r = plan([owned(Date.parse('2026-03-01T00:00:00Z'), { role: 'backup' }), at(jan31)], '2026-02-28T17:59:59.999Z', {
      ...policy,
      dailyDays: 0,
      weeklyDays: 0,
      monthlyMonths: 1,
    });
    expect(subject(r)).toMatchObject({ action: 'keep', tier: 'monthly', expiresAt: '2026-02-28T18:00:00.000Z' });
    const later = plan([owned(Date.parse('2026-03-01T00:00:00Z'), { role: 'backup' }), at(jan31)], '2026-02-28T18:00:00.000Z', {
      ...policy,
      dailyDays: 0,
      weeklyDays: 0,
      monthlyMonths: 1,
    });
    expect(subject(later)).toMatchObject({ action: 'delete' });
  });
});
