/**
 * Retention rules stated one at a time, each in a setting where nothing else decides the outcome
 * (found missing by mutation testing: docs/CONTRIBUTING.md "Mutation testing").
 * Default policy: keep-last 24 h, daily 30 d, weekly 90 d, monthly off, floor 3, grace 7 d.
 */
import { RETENTION_TAGS } from '../../../../lambdas/domain/retention/ownership';
import { planRetention } from '../../../../lambdas/domain/retention/plan';
import type { RetentionPlan, RetentionSnapshot } from '../../../../lambdas/domain/retention/types';
import { copyOf, DAY, HOUR, IDENTITY, owned } from './fixtures';

const NOW = Date.parse('2026-11-24T03:00:00Z');

function plan(snapshots: RetentionSnapshot[], policy = {}): RetentionPlan {
  return planRetention({ snapshots, now: new Date(NOW), identity: IDENTITY, policy });
}
const decisionOf = (p: RetentionPlan, s: RetentionSnapshot) => p.decisions.find((d) => d.arn === s.arn)!;

/**
 * A primary backup 4 days old that only keep-last ever held (past policy by 3 days, inside the 7-day grace):
 * three newer backups hold the floor, a later one the same day holds the day and the ISO week.
 */
function pastPolicyPrimary(): { subject: RetentionSnapshot; others: RetentionSnapshot[] } {
  const subject = owned(NOW - 4 * DAY - 7 * HOUR, { id: 'subject' });
  const others = [owned(NOW - HOUR), owned(NOW - 2 * HOUR), owned(NOW - 3 * HOUR), owned(NOW - 4 * DAY - 6 * HOUR, { id: 'later' })];
  return { subject, others };
}

describe('only a verified copy in the backup region lets a past-policy primary go without the grace', () => {
  it('the reference: with its verified backup-region copy it is deleted as soon as it is past policy', () => {
    const { subject, others } = pastPolicyPrimary();
    expect(decisionOf(plan([subject, ...others, copyOf(subject)]), subject)).toMatchObject({ action: 'delete', rule: 'expired' });
  });

  it('a verified primary-region snapshot tagged copy-of the subject does not count as its copy', () => {
    const { subject, others } = pastPolicyPrimary();
    const sameRegionCopy = owned(NOW - 5 * HOUR, { id: 'same-region-copy', copyOf: subject.arn });
    const p = plan([subject, ...others, sameRegionCopy]);
    expect(decisionOf(p, sameRegionCopy)).toMatchObject({ action: 'keep' }); // it is itself one of ours, a candidate
    expect(decisionOf(p, subject)).toMatchObject({ action: 'keep', rule: 'awaiting-verified-copy' });
  });

  it("another deployment's verified backup-region copy of the subject does not count", () => {
    const { subject, others } = pastPolicyPrimary();
    const foreignCopy = copyOf(subject, { deploymentId: 'staging' });
    expect(decisionOf(plan([subject, ...others, foreignCopy]), subject)).toMatchObject({ action: 'keep', rule: 'awaiting-verified-copy' });
  });

  it('a verified copy naming another primary does not count for the subject', () => {
    const { subject, others } = pastPolicyPrimary();
    const copyOfOther = copyOf(others[0]);
    expect(decisionOf(plan([subject, ...others, copyOfOther]), subject)).toMatchObject({ action: 'keep', rule: 'awaiting-verified-copy' });
  });

  it('a backup-region copy is never held back by the grace itself (only primaries wait for a copy)', () => {
    const { subject, others } = pastPolicyPrimary();
    const copy = copyOf(subject, { verified: false });
    const backupOthers = others.map((o) => copyOf(o));
    expect(decisionOf(plan([subject, ...others, copy, ...backupOthers]), copy)).toMatchObject({ action: 'delete', rule: 'expired' });
  });
});

describe('copy-of read from the tag', () => {
  it('a verified backup-region snapshot without copy-of marks no primary copied', () => {
    const { subject, others } = pastPolicyPrimary();
    const copy = copyOf(subject);
    delete copy.tags[RETENTION_TAGS.copyOf];
    expect(decisionOf(plan([subject, ...others, copy]), subject)).toMatchObject({ action: 'keep', rule: 'awaiting-verified-copy' });
  });
});

describe('the plan lists its decisions in one canonical order, whatever the input order', () => {
  // Canonical order: region, then resource, then newest first (undated last), then ARN.
  function snapshots(): RetentionSnapshot[] {
    const undated = owned(NOW - 2 * DAY, { id: 'a-undated', resource: 'db-a' });
    delete undated.createdAt;
    return [
      owned(NOW - DAY, { id: 'a-1d', resource: 'db-a' }),
      owned(NOW - 3 * DAY, { id: 'a-3d', resource: 'db-a' }),
      undated,
      owned(NOW - 5 * DAY, { id: 'b-5d', resource: 'db-b' }),
      owned(NOW - DAY, { id: 'backup-a-1d-y', resource: 'db-a', role: 'backup' }),
      owned(NOW - DAY, { id: 'backup-a-1d-x', resource: 'db-a', role: 'backup' }),
      owned(NOW - 2 * DAY, { id: 'backup-b-2d', resource: 'db-b', role: 'backup' }),
    ];
  }
  const EXPECTED = ['backup-a-1d-x', 'backup-a-1d-y', 'backup-b-2d', 'a-1d', 'a-3d', 'a-undated', 'b-5d'];
  const ids = (p: RetentionPlan) => p.decisions.map((d) => d.id);

  it.each<[string, (s: RetentionSnapshot[]) => RetentionSnapshot[]]>([
    ['as listed', (s) => s],
    ['reversed', (s) => [...s].reverse()],
    ['rotated', (s) => [...s.slice(3), ...s.slice(0, 3)]],
    ['interleaved', (s) => [s[4], s[0], s[6], s[2], s[5], s[1], s[3]]],
  ])('input %s: the canonical order', (_name, order) => {
    expect(ids(plan(order(snapshots())))).toEqual(EXPECTED);
  });

  it('the same snapshots in any order get the same decisions', () => {
    const forward = plan(snapshots());
    expect(plan([...snapshots()].reverse())).toEqual(forward);
    expect(plan([...snapshots().slice(2), ...snapshots().slice(0, 2)])).toEqual(forward);
  });

  it('a database backed up in both regions is planned per region: each region keeps its own floor', () => {
    // Old backups only (nothing but the floor of 1 holds them), interleaved across the regions in the input.
    const primaries = [10, 20, 30].map((d) => owned(NOW - d * DAY * 10, { id: `p-${d}` }));
    const copies = primaries.map((p) => copyOf(p));
    const p = plan([copies[2], primaries[0], copies[1], primaries[2], copies[0], primaries[1]], { floor: 1 });
    const kept = p.decisions.filter((d) => d.action === 'keep').map((d) => `${d.region}/${d.id}/${d.rule}`);
    expect(kept).toEqual(['eu-central-1/p-10/floor', 'eu-west-1/p-10/floor']);
  });
});

describe('a skipped snapshot says why it is left alone', () => {
  const OLD = NOW - 400 * DAY;
  const skipped = (s: RetentionSnapshot) => plan([s]).decisions[0];

  it.each<[string, string]>([
    ['automated', 'an automated snapshot: only manual snapshots this system made are ever deleted'],
    ['shared', 'a shared snapshot: only manual snapshots this system made are ever deleted'],
    ['awsbackup', 'an awsbackup snapshot: only manual snapshots this system made are ever deleted'],
    ['', 'a non-manual snapshot: only manual snapshots this system made are ever deleted'],
  ])('snapshot type %j, with every ownership tag of ours', (snapshotType, reason) => {
    expect(skipped({ ...owned(OLD), snapshotType })).toMatchObject({ action: 'skip', rule: 'not-manual', reason });
  });

  it('a snapshot that is not available names its status', () => {
    expect(skipped(owned(OLD, { status: 'copying' }))).toMatchObject({
      rule: 'not-available',
      reason: 'status is "copying": only available snapshots are touched',
    });
  });

  it('every decision names the snapshot and, when it has one, its creation time', () => {
    const s = owned(OLD, { id: 'dated' });
    const undated = owned(OLD, { id: 'undated' });
    delete undated.createdAt;
    const p = plan([s, undated]);
    expect(p.decisions[0]).toMatchObject({
      id: 'dated',
      arn: s.arn,
      region: s.region,
      resource: s.resource,
      createdAt: new Date(OLD).toISOString(),
    });
    expect(p.decisions[1]).not.toHaveProperty('createdAt');
  });
});

describe('each decision says which tier holds it, or every tier it outlived', () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  // Backup-region snapshots (no copy to wait for); a young verified one holds the floor of 1.
  const backup = (ms: number, id: string) => owned(ms, { id, role: 'backup', resource: 'db' });
  const planned = (subject: RetentionSnapshot, policy: object) =>
    decisionOf(plan([subject, backup(NOW - HOUR, 'young')], { floor: 1, ...policy }), subject);

  it('keep-last, daily, weekly and monthly holds name their window and period', () => {
    expect(planned(backup(NOW - 2 * HOUR, 's'), {}).reason).toBe(`younger than 24 h; the policy holds it until ${iso(NOW + 22 * HOUR)}`);
    expect(planned(backup(Date.parse('2026-11-21T03:00:00Z'), 's'), {}).reason).toBe(
      'newest backup of 2026-11-21 (UTC), daily tier 30 d; the policy holds it until 2027-02-19T03:00:00.000Z',
    );
    expect(planned(backup(Date.parse('2026-10-15T03:00:00Z'), 's'), {}).reason).toBe(
      'newest backup of ISO week 2026-W42, weekly tier 90 d; the policy holds it until 2027-01-13T03:00:00.000Z',
    );
    expect(planned(backup(Date.parse('2026-07-27T03:00:00Z'), 's'), { monthlyMonths: 12 })).toMatchObject({
      rule: 'monthly',
      reason: 'newest backup of 2026-07 (UTC), monthly tier 12 months; the policy holds it until 2027-07-27T03:00:00.000Z',
    });
  });

  it('an expired backup lists every tier it outlived (monthly only when the monthly tier is on)', () => {
    const old = Date.parse('2025-05-13T03:00:00Z');
    expect(planned(backup(old, 's'), {})).toMatchObject({
      rule: 'expired',
      reason:
        '560 d old, past policy since 2025-08-11T03:00:00.000Z: keep-last (24 h) ended 2025-05-14, daily (30 d) ended 2025-06-12, weekly (90 d) ended 2025-08-11',
    });
    expect(planned(backup(old, 's'), { monthlyMonths: 12 })).toMatchObject({
      rule: 'expired',
      reason:
        '560 d old, past policy since 2026-05-13T03:00:00.000Z: keep-last (24 h) ended 2025-05-14, daily (30 d) ended 2025-06-12, weekly (90 d) ended 2025-08-11, monthly (12 months) ended 2026-05-13',
    });
  });

  it('a primary awaiting its verified copy says until when the grace keeps it', () => {
    const { subject, others } = pastPolicyPrimary();
    const d = decisionOf(plan([subject, ...others]), subject);
    const expires = Date.parse(d.expiresAt!);
    expect(d.reason).toBe(
      `past policy since ${iso(expires)}, but its eu-central-1 copy is not verified; kept until ${iso(expires + 7 * DAY)} (grace 7 d)`,
    );
  });
});

describe('the newest backup of a period stands for it', () => {
  it('when none of the day is verified, the newest of the day is its daily (not an older one)', () => {
    const day = Date.parse('2026-11-10T00:00:00Z');
    const newest = owned(day + 18 * HOUR, { id: 'newest', verified: false });
    const middle = owned(day + 12 * HOUR, { id: 'middle', verified: false });
    const oldest = owned(day + 6 * HOUR, { id: 'oldest', verified: false });
    const floor = [1, 2, 3].map((h) => owned(NOW - h * HOUR));
    const p = plan([oldest, middle, newest, ...floor]);
    expect(decisionOf(p, newest)).toMatchObject({ action: 'keep', rule: 'daily' });
    expect(decisionOf(p, middle).rule).not.toBe('daily');
    expect(decisionOf(p, oldest).rule).not.toBe('daily');
  });
});

describe('planRetention refuses what is not a request', () => {
  it.each([undefined, null, 'snapshots'])('%j', (input) => {
    expect(() => planRetention(input as never)).toThrow(new TypeError('planRetention needs { snapshots, policy, now, identity }'));
  });
});
