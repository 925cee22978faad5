/**
 * The retention plan: snapshots in, one keep / delete / skip decision per
 * snapshot out, each with the rule that decided it. Pure and deterministic
 * (the input order does not matter). One sort, then linear passes: O(n log n).
 *
 * Policy (see docs/runbook.md, "Retention"):
 * - candidates are owned (ownership tags + region), manual, `available` snapshots
 *   with a creation time; everything else is skipped, never deleted;
 * - per database and region, a candidate is held by the finest tier that still holds it:
 *   keep-last (younger than keepLastHours), daily (newest of its UTC day, for dailyDays),
 *   weekly (newest of its ISO week, for weeklyDays), monthly (newest of its UTC month,
 *   for monthlyMonths). "Newest of a period" prefers verified snapshots: a backup that
 *   never passed verification does not stand in for its day, week or month when a
 *   verified one exists;
 * - the floor keeps the newest `floor` verified candidates per database and region;
 * - a primary-region candidate whose backup-region copy (`muejam:copy-of`) is not
 *   verified is kept until it is past policy by more than unverifiedCopyGraceDays;
 * - everything else is deleted.
 */
import { addUtcMonths, DAY_MS, HOUR_MS, isoWeekKey, isoWeekLabel, utcDayKey, utcMonthKey } from './calendar';
import { copySourceOf, isVerified, validateRetentionIdentity, whyNotOwned } from './ownership';
import { validateRetentionPolicy, type RetentionPolicy } from './policy';
import { validateNow, validateRetentionSnapshots } from './snapshot-input';
import { summarizeRetention } from './summary';
import type { RetentionDecision, RetentionIdentity, RetentionPlan, RetentionSnapshot, RetentionTier } from './types';

export interface PlanRetentionInput {
  snapshots: RetentionSnapshot[];
  /** Partial policies take the platform's defaults for the missing fields. */
  policy?: Partial<RetentionPolicy>;
  now: Date;
  identity: RetentionIdentity;
}

const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);
/** How long a tier holds a backup, as the policy says it. */
const tierSpan = (p: RetentionPolicy, tier: string): string =>
  tier === 'keep-last'
    ? `${p.keepLastHours} h`
    : tier === 'daily'
      ? `${p.dailyDays} d`
      : tier === 'weekly'
        ? `${p.weeklyDays} d`
        : `${p.monthlyMonths} months`;
const month = (ms: number) => iso(ms).slice(0, 7);

/** A snapshot with its creation time in ms (read once: the sort compares it n log n times). */
interface Timed {
  s: RetentionSnapshot;
  t: number;
}

/** Canonical order: region, resource, newest first (undated last), arn. */
function compareTimed(a: Timed, b: Timed): number {
  if (a.s.region !== b.s.region) return a.s.region < b.s.region ? -1 : 1;
  if (a.s.resource !== b.s.resource) return a.s.resource < b.s.resource ? -1 : 1;
  if (a.t !== b.t) return b.t > a.t ? 1 : -1;
  if (a.s.arn === b.s.arn) return 0;
  return a.s.arn < b.s.arn ? -1 : 1;
}

function base(s: RetentionSnapshot): Pick<RetentionDecision, 'id' | 'arn' | 'region' | 'resource' | 'createdAt'> {
  return {
    id: s.id,
    arn: s.arn,
    region: s.region,
    resource: s.resource,
    ...(s.createdAt ? { createdAt: s.createdAt.toISOString() } : {}),
  };
}

const article = (w: string) => `${/^[aeiou]/i.test(w) ? 'an' : 'a'} ${w}`;

/** Why a snapshot is not a candidate at all, or undefined when it is one. */
function skipDecision(s: RetentionSnapshot, identity: RetentionIdentity): RetentionDecision | undefined {
  if (s.snapshotType !== 'manual') {
    return {
      ...base(s),
      action: 'skip',
      rule: 'not-manual',
      reason: `${article(s.snapshotType || 'non-manual')} snapshot: only manual snapshots this system made are ever deleted`,
    };
  }
  const notOwned = whyNotOwned(s, identity);
  if (notOwned) return { ...base(s), action: 'skip', rule: 'not-owned', reason: `not owned by this deployment: ${notOwned}` };
  if (s.status !== 'available') {
    return {
      ...base(s),
      action: 'skip',
      rule: 'not-available',
      reason: `status is ${JSON.stringify(s.status)}: only available snapshots are touched`,
    };
  }
  if (!s.createdAt) {
    return { ...base(s), action: 'skip', rule: 'no-create-time', reason: 'no creation time yet: cannot be dated, left alone' };
  }
  return undefined;
}

/** Newest of a period, preferring verified snapshots. `group` is sorted newest first. */
function periodRepresentatives(group: Timed[], keyOf: (ms: number) => number): Set<RetentionSnapshot> {
  const anyFirst = new Map<number, RetentionSnapshot>();
  const verifiedFirst = new Map<number, RetentionSnapshot>();
  for (const { s, t } of group) {
    const k = keyOf(t);
    if (!anyFirst.has(k)) anyFirst.set(k, s);
    if (!verifiedFirst.has(k) && isVerified(s)) verifiedFirst.set(k, s);
  }
  const reps = new Set<RetentionSnapshot>();
  for (const [k, s] of anyFirst) reps.add(verifiedFirst.get(k) ?? s);
  return reps;
}

interface Hold {
  tier: RetentionTier;
  until: number;
  /** Built only for the decision's reason (100,000 snapshots: no string work for tiers not reported). */
  why: () => string;
}

export function planRetention(input: PlanRetentionInput): RetentionPlan {
  if (!input || typeof input !== 'object') throw new TypeError('planRetention needs { snapshots, policy, now, identity }');
  const policy = validateRetentionPolicy(input.policy);
  const identity = validateRetentionIdentity(input.identity);
  const now = validateNow(input.now);
  const snapshots = validateRetentionSnapshots(input.snapshots);

  const sorted = snapshots.map((s): Timed => ({ s, t: s.createdAt ? s.createdAt.getTime() : -Infinity })).sort(compareTimed);
  const decisions = new Map<RetentionSnapshot, RetentionDecision>();
  const candidates: Timed[] = [];
  for (const e of sorted) {
    const skip = skipDecision(e.s, identity);
    if (skip) decisions.set(e.s, skip);
    else candidates.push(e);
  }

  // Primaries whose backup-region copy is verified (an owned, available, verified copy names them).
  const verifiedCopies = new Set<string>();
  for (const { s } of candidates) {
    const src = copySourceOf(s);
    if (s.region === identity.backupRegion && src && isVerified(s)) verifiedCopies.add(src);
  }

  const graceMs = policy.unverifiedCopyGraceDays * DAY_MS;
  let start = 0;
  while (start < candidates.length) {
    const first = candidates[start].s;
    let end = start + 1;
    while (end < candidates.length && candidates[end].s.region === first.region && candidates[end].s.resource === first.resource) end++;
    planGroup(candidates.slice(start, end), policy, identity, now, graceMs, verifiedCopies, decisions);
    start = end;
  }

  const ordered = sorted.map((e) => decisions.get(e.s)!);
  return { decisions: ordered, summary: summarizeRetention(ordered, now, [identity.primaryRegion, identity.backupRegion]) };
}

function planGroup(
  group: Timed[],
  policy: RetentionPolicy,
  identity: RetentionIdentity,
  now: number,
  graceMs: number,
  verifiedCopies: Set<string>,
  out: Map<RetentionSnapshot, RetentionDecision>,
): void {
  const daily = periodRepresentatives(group, utcDayKey);
  const weekly = periodRepresentatives(group, isoWeekKey);
  const monthly = policy.monthlyMonths > 0 ? periodRepresentatives(group, utcMonthKey) : new Set<RetentionSnapshot>();

  const floor = new Set<RetentionSnapshot>();
  for (const { s } of group) {
    if (floor.size >= policy.floor) break;
    if (isVerified(s)) floor.add(s);
  }

  for (const { s, t } of group) {
    const verified = isVerified(s);
    // Every tier that applies to this snapshot, finest first.
    const holds: Hold[] = [
      { tier: 'keep-last', until: t + policy.keepLastHours * HOUR_MS, why: () => `younger than ${policy.keepLastHours} h` },
    ];
    if (daily.has(s))
      holds.push({
        tier: 'daily',
        until: t + policy.dailyDays * DAY_MS,
        why: () => `newest backup of ${day(t)} (UTC), daily tier ${policy.dailyDays} d`,
      });
    if (weekly.has(s))
      holds.push({
        tier: 'weekly',
        until: t + policy.weeklyDays * DAY_MS,
        why: () => `newest backup of ISO week ${isoWeekLabel(t)}, weekly tier ${policy.weeklyDays} d`,
      });
    if (monthly.has(s))
      holds.push({
        tier: 'monthly',
        until: addUtcMonths(t, policy.monthlyMonths),
        why: () => `newest backup of ${month(t)} (UTC), monthly tier ${policy.monthlyMonths} months`,
      });
    let expiresAt = holds[0].until;
    for (const h of holds) if (h.until > expiresAt) expiresAt = h.until;
    const common = { ...base(s), expiresAt: iso(expiresAt), verified };

    const holding = holds.find((h) => now < h.until);
    if (holding) {
      out.set(s, {
        ...common,
        action: 'keep',
        rule: holding.tier,
        tier: holding.tier,
        reason: `${holding.why()}; the policy holds it until ${common.expiresAt}`,
      });
      continue;
    }
    if (floor.has(s)) {
      out.set(s, {
        ...common,
        action: 'keep',
        rule: 'floor',
        reason: `past policy since ${iso(expiresAt)}, but one of the newest ${policy.floor} verified backups of ${s.resource} in ${s.region}`,
      });
      continue;
    }
    if (s.region === identity.primaryRegion && !verifiedCopies.has(s.arn)) {
      const pastBy = now - expiresAt;
      if (pastBy <= graceMs) {
        out.set(s, {
          ...common,
          action: 'keep',
          rule: 'awaiting-verified-copy',
          reason: `past policy since ${iso(expiresAt)}, but its ${identity.backupRegion} copy is not verified; kept until ${iso(expiresAt + graceMs)} (grace ${policy.unverifiedCopyGraceDays} d)`,
        });
      } else {
        out.set(s, {
          ...common,
          action: 'delete',
          rule: 'expired-copy-never-verified',
          reason: `past policy since ${iso(expiresAt)} and past the ${policy.unverifiedCopyGraceDays} d grace; its ${identity.backupRegion} copy was never verified`,
        });
      }
      continue;
    }
    out.set(s, {
      ...common,
      action: 'delete',
      rule: 'expired',
      // Say how old it is and when each tier let go of it (never the tier's "younger than" sentence: it is not).
      reason: `${Math.floor((now - t) / DAY_MS)} d old, past policy since ${iso(expiresAt)}: ${holds.map((h) => `${h.tier} (${tierSpan(policy, h.tier)}) ended ${day(h.until)}`).join(', ')}`,
    });
  }
}
