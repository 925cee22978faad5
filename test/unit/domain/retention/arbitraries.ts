/**
 * fast-check generators for retention properties: random histories mixing owned
 * snapshots (both regions, several databases, verified or not, with or without
 * copies) with foreign, automated, other-deployment, wrong-role, third-region and
 * non-available ones; random clocks and policies.
 */
import fc from 'fast-check';
import { MANAGED_BY, RETENTION_TAGS } from '../../../../lambdas/domain/retention/ownership';
import { RETENTION_POLICY_RANGES, type RetentionPolicy } from '../../../../lambdas/domain/retention/policy';
import type { RetentionSnapshot } from '../../../../lambdas/domain/retention/types';
import { arnOf, DAY, HOUR, IDENTITY } from './fixtures';

type Kind = 'primary' | 'backup' | 'person' | 'automated' | 'other-deployment' | 'wrong-role' | 'third-region';

interface Spec {
  kind: Kind;
  /** Age in minutes (negative = dated in the future). */
  ageMinutes: number;
  resource: string;
  verified: boolean;
  status: string;
  undated: boolean;
  /** For backup-region snapshots: index of the primary it copies (modulo the primaries), or -1. */
  copyOf: number;
}

const kindArb: fc.Arbitrary<Kind> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Kind>('primary') },
  { weight: 5, arbitrary: fc.constant<Kind>('backup') },
  { weight: 1, arbitrary: fc.constantFrom<Kind>('person', 'automated', 'other-deployment', 'wrong-role', 'third-region') },
);
const statusArb = fc.oneof(
  { weight: 9, arbitrary: fc.constant('available') },
  { weight: 1, arbitrary: fc.constantFrom('creating', 'copying', 'deleting', 'failed') },
);
// Ages cluster on the 6-hour grid (ties and day boundaries), with some arbitrary minutes.
// Whole hours and whole days hit the tiers' boundaries (age == window) often.
const ageArb = fc.oneof(
  fc.integer({ min: -2, max: 4 * 200 }).map((k) => k * 360),
  fc.integer({ min: 0, max: 80 }).map((h) => h * 60),
  fc.integer({ min: 0, max: 220 }).map((d) => d * 1440),
  fc.integer({ min: -60 * 24, max: 60 * 24 * 400 }),
);

const specArb: fc.Arbitrary<Spec> = fc.record({
  kind: kindArb,
  ageMinutes: ageArb,
  resource: fc.constantFrom('db-a', 'db-b'),
  verified: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  status: statusArb,
  undated: fc.oneof({ weight: 30, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  copyOf: fc.integer({ min: -1, max: 200 }),
});

/** Builds snapshots from specs at a given clock; backup copies link to generated primaries. */
export function buildSnapshots(specs: Spec[], now: number): RetentionSnapshot[] {
  const primaries: RetentionSnapshot[] = [];
  const out: RetentionSnapshot[] = [];
  specs.forEach((sp, i) => {
    const id = `s${i}`;
    const t = now - sp.ageMinutes * 60_000;
    let region = sp.kind === 'backup' || sp.kind === 'wrong-role' ? IDENTITY.backupRegion : IDENTITY.primaryRegion;
    if (sp.kind === 'third-region') region = 'us-east-1';
    const tags: Record<string, string> = {
      [RETENTION_TAGS.managedBy]: MANAGED_BY,
      [RETENTION_TAGS.deployment]: IDENTITY.deploymentId,
      [RETENTION_TAGS.resource]: sp.resource,
      [RETENTION_TAGS.regionRole]: sp.kind === 'backup' ? 'backup' : 'primary',
    };
    if (sp.kind === 'person') for (const k of Object.keys(tags)) delete tags[k];
    if (sp.kind === 'other-deployment') tags[RETENTION_TAGS.deployment] = 'staging';
    if (sp.verified) tags[RETENTION_TAGS.verifiedAt] = new Date(t + HOUR).toISOString();
    if (sp.kind === 'backup' && sp.copyOf >= 0 && primaries.length > 0) {
      const src = primaries[sp.copyOf % primaries.length];
      tags[RETENTION_TAGS.copyOf] = src.arn;
    }
    const s: RetentionSnapshot = {
      id,
      arn: arnOf(region, id),
      region,
      resource: sp.resource,
      status: sp.status,
      snapshotType: sp.kind === 'automated' ? 'automated' : 'manual',
      createdAt: sp.undated ? undefined : new Date(t),
      tags,
    };
    if (sp.kind === 'primary') primaries.push(s);
    out.push(s);
  });
  return out;
}

/** A regular 6-hourly history with random holes, verification failures and missing copies. */
const regularSpecsArb = (maxDays: number): fc.Arbitrary<Spec[]> =>
  fc
    .record({
      days: fc.integer({ min: 0, max: maxDays }),
      offsetMinutes: fc.integer({ min: 0, max: 359 }),
      holes: fc.array(fc.integer({ min: 0, max: 4 * 220 }), { maxLength: 60 }),
      unverified: fc.array(fc.integer({ min: 0, max: 4 * 220 }), { maxLength: 10 }),
      noCopy: fc.array(fc.integer({ min: 0, max: 4 * 220 }), { maxLength: 10 }),
    })
    .map(({ days, offsetMinutes, holes, unverified, noCopy }) => {
      const specs: Spec[] = [];
      const hole = new Set(holes);
      let primaryIndex = 0;
      for (let k = 0; k < days * 4; k++) {
        if (hole.has(k)) continue;
        const ageMinutes = offsetMinutes + k * 360;
        const verified = !unverified.includes(k);
        specs.push({ kind: 'primary', ageMinutes, resource: 'db-a', verified, status: 'available', undated: false, copyOf: -1 });
        if (!noCopy.includes(k)) {
          specs.push({ kind: 'backup', ageMinutes, resource: 'db-a', verified, status: 'available', undated: false, copyOf: primaryIndex });
        }
        primaryIndex++;
      }
      return specs;
    });

/** Random mixed histories, or regular ones of up to `maxDays` days (up to 8 snapshots a day). */
export const specsArb = (maxDays = 220): fc.Arbitrary<Spec[]> =>
  fc.oneof({ weight: 3, arbitrary: fc.array(specArb, { maxLength: 120 }) }, { weight: 1, arbitrary: regularSpecsArb(maxDays) });

export const nowArb: fc.Arbitrary<number> = fc.integer({
  min: Date.parse('2024-01-01T00:00:00Z'),
  max: Date.parse('2030-12-31T23:59:59Z'),
});

/** Policies with small windows, so that every tier and rule is exercised. */
export const policyArb: fc.Arbitrary<RetentionPolicy> = fc.record({
  keepLastHours: fc.integer({ min: 0, max: 72 }),
  dailyDays: fc.integer({ min: 0, max: 60 }),
  weeklyDays: fc.integer({ min: 0, max: 200 }),
  monthlyMonths: fc.integer({ min: 0, max: 14 }),
  floor: fc.integer({ min: 1, max: 6 }),
  unverifiedCopyGraceDays: fc.integer({ min: 0, max: 20 }),
});

/** Non-negative increments of every setting (each may be zero), clamped to the allowed ranges. */
export function lengthen(p: RetentionPolicy, inc: RetentionPolicy): RetentionPolicy {
  const out = { ...p };
  for (const k of Object.keys(p) as (keyof RetentionPolicy)[]) {
    out[k] = Math.min(p[k] + inc[k], RETENTION_POLICY_RANGES[k][1]);
  }
  return out;
}

export const incrementArb: fc.Arbitrary<RetentionPolicy> = fc.record({
  keepLastHours: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 48 })),
  dailyDays: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })),
  weeklyDays: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 })),
  monthlyMonths: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 })),
  floor: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 })),
  unverifiedCopyGraceDays: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 })),
});

export { DAY };
