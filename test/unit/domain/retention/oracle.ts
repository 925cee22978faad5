/**
 * A deliberately naive reference of the retention policy (quadratic, written
 * from the policy's wording, sharing no code with the plan): for every snapshot,
 * should it be deleted? Used by the property tests to check the plan's kept set
 * exactly, on small random histories.
 */
import type { RetentionPolicy } from '../../../../lambdas/domain/retention/policy';
import type { RetentionIdentity, RetentionSnapshot } from '../../../../lambdas/domain/retention/types';

const H = 3_600_000;
const D = 24 * H;

function isCandidate(s: RetentionSnapshot, id: RetentionIdentity): boolean {
  const role = s.region === id.primaryRegion ? 'primary' : s.region === id.backupRegion ? 'backup' : null;
  return (
    s.snapshotType === 'manual' &&
    s.tags['muejam:managed-by'] === 'muejam-backup-dr' &&
    s.tags['muejam:deployment'] === id.deploymentId &&
    role !== null &&
    s.tags['muejam:region-role'] === role &&
    s.status === 'available' &&
    s.createdAt !== undefined
  );
}

const verified = (s: RetentionSnapshot) => !!s.tags['muejam:verified-at'];
const t = (s: RetentionSnapshot) => s.createdAt!.getTime();
/** a comes before b: newer, or same time and smaller ARN. */
const before = (a: RetentionSnapshot, b: RetentionSnapshot) => t(a) > t(b) || (t(a) === t(b) && a.arn < b.arn);

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
function mondayOf(ms: number): string {
  const d = new Date(ms);
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - sinceMonday)).toISOString().slice(0, 10);
}
function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}
function plusMonths(ms: number, n: number): number {
  const d = new Date(ms);
  const total = d.getUTCMonth() + n;
  const year = d.getUTCFullYear() + Math.floor(total / 12);
  const month = total % 12;
  const daysInMonth = [31, (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
    month
  ];
  return Date.UTC(
    year,
    month,
    Math.min(d.getUTCDate(), daysInMonth),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/** The snapshot that stands for its period: the newest verified one if any, else the newest. */
function isRepresentative(s: RetentionSnapshot, group: RetentionSnapshot[], period: (x: RetentionSnapshot) => string): boolean {
  const same = group.filter((x) => period(x) === period(s));
  const pool = same.some(verified) ? same.filter(verified) : same;
  return pool.includes(s) && pool.every((x) => x === s || before(s, x));
}

export type Expected = 'keep' | 'delete' | 'skip';

export function expectedActions(
  snapshots: RetentionSnapshot[],
  p: RetentionPolicy,
  now: number,
  id: RetentionIdentity,
): Map<string, Expected> {
  const out = new Map<string, Expected>();
  const candidates = snapshots.filter((s) => isCandidate(s, id));
  const keys = new Map(candidates.map((s) => [s, { day: dayOf(t(s)), week: mondayOf(t(s)), month: monthOf(t(s)) }]));
  for (const s of snapshots) {
    if (!candidates.includes(s)) {
      out.set(s.arn, 'skip');
      continue;
    }
    const group = candidates.filter((x) => x.region === s.region && x.resource === s.resource);
    const expiries = [t(s) + p.keepLastHours * H];
    if (isRepresentative(s, group, (x) => keys.get(x)!.day)) expiries.push(t(s) + p.dailyDays * D);
    if (isRepresentative(s, group, (x) => keys.get(x)!.week)) expiries.push(t(s) + p.weeklyDays * D);
    if (p.monthlyMonths > 0 && isRepresentative(s, group, (x) => keys.get(x)!.month)) expiries.push(plusMonths(t(s), p.monthlyMonths));
    const held = expiries.some((e) => now < e);
    const inFloor = verified(s) && group.filter((x) => verified(x) && before(x, s)).length < p.floor;
    const hasVerifiedCopy = candidates.some((c) => c.region === id.backupRegion && c.tags['muejam:copy-of'] === s.arn && verified(c));
    const expiresAt = Math.max(...expiries);
    const awaitingCopy = s.region === id.primaryRegion && !hasVerifiedCopy && now - expiresAt <= p.unverifiedCopyGraceDays * D;
    out.set(s.arn, held || inFloor || awaitingCopy ? 'keep' : 'delete');
  }
  return out;
}
