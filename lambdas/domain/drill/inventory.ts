/**
 * Step 1 of the DR drill: the inventory. Every backup the retention policy holds for the
 * database exists in both regions (the primary and its backup-region copy, paired by
 * `muejam:copy-of`), both are verified, and the newest verified backup of each region is
 * within the RPO; the Redis/Valkey groups' newest verified backups too (cache RPO floor).
 * Reuses the retention plan (which backups the policy holds) and the RPO domain (age of
 * the newest verified backup); decides nothing of its own beyond the pairing. Pure.
 */
import { InvalidInput } from '../../errors';
import { type RecoveryPointCandidate, type RegionRpo, regionRpo, rpoHoursFor } from '../metrics/rpo';
import { copySourceOf, isVerified, whyNotOwned } from '../retention/ownership';
import { planRetention } from '../retention/plan';
import type { RetentionPolicy } from '../retention/policy';
import type { RetentionIdentity, RetentionSnapshot } from '../retention/types';
import type { CheckEvidence } from './drill-test';
import type { PartOutcome } from './drill-status';

/** A primary younger than this may still be copying or verifying: listed as in flight, not missing. */
export const DEFAULT_IN_FLIGHT_MINUTES = 120;

export interface CacheRecoveryPoints {
  group: string;
  primary: RecoveryPointCandidate[];
  backup: RecoveryPointCandidate[];
}

export interface InventoryInput {
  database: string;
  identity: RetentionIdentity;
  policy?: Partial<RetentionPolicy>;
  now: Date;
  rpoHours: number;
  /** Every snapshot of the database in both regions, as the retention plan lists them. */
  snapshots: RetentionSnapshot[];
  caches: CacheRecoveryPoints[];
  inFlightMinutes?: number;
}

/** The copy the drill restores from: the newest verified backup-region copy. */
export interface RestoreSource {
  snapshotId: string;
  snapshotArn: string;
  region: string;
  recoveryPointTime: string;
}

export interface InventoryResult {
  database: string;
  held: number;
  paired: number;
  inFlight: string[];
  problems: string[];
  regions: RegionRpo[];
  caches: { group: string; rpoHours: number; regions: RegionRpo[] }[];
  restoreSource: RestoreSource | null;
  outcome: PartOutcome;
}

function candidate(s: RetentionSnapshot): RecoveryPointCandidate {
  return {
    id: s.id,
    region: s.region,
    status: s.status,
    recoveryPointTime: s.createdAt,
    verifiedAt: s.tags['muejam:verified-at'] || undefined,
  };
}

const hoursText = (s: number | null) => (s === null ? 'none' : `${(s / 3600).toFixed(2)} h old`);

export function checkInventory(i: InventoryInput): InventoryResult {
  if (!i.database?.trim()) throw new InvalidInput('database', 'is required');
  const plan = planRetention({ snapshots: i.snapshots, policy: i.policy, now: i.now, identity: i.identity });
  const inFlightMs = (i.inFlightMinutes ?? DEFAULT_IN_FLIGHT_MINUTES) * 60_000;
  const owned = i.snapshots.filter((s) => s.resource === i.database && s.status === 'available' && !whyNotOwned(s, i.identity));
  const byArn = new Map(owned.map((s) => [s.arn, s]));
  const copyOf = new Map<string, RetentionSnapshot>();
  for (const s of owned) {
    const src = copySourceOf(s);
    if (s.region === i.identity.backupRegion && src) copyOf.set(src, s);
  }
  const held = plan.decisions.filter((d) => d.action === 'keep' && d.resource === i.database);
  const problems: string[] = [];
  const inFlight: string[] = [];
  let paired = 0;
  for (const d of held) {
    const s = byArn.get(d.arn);
    if (!s) continue;
    const young = s.createdAt !== undefined && i.now.getTime() - s.createdAt.getTime() < inFlightMs;
    const [primary, copy] = s.region === i.identity.primaryRegion ? [s, copyOf.get(s.arn)] : [byArn.get(copySourceOf(s) ?? ''), s];
    if (s.region === i.identity.backupRegion && !primary) {
      problems.push(
        `${s.id} (${s.region}) is held but its primary ${copySourceOf(s) ?? '(no muejam:copy-of tag)'} is not in ${i.identity.primaryRegion}`,
      );
      continue;
    }
    if (s.region === i.identity.backupRegion) continue; // pairs are counted once, from the primary
    if (!copy) {
      if (young) inFlight.push(`${s.id}: copy to ${i.identity.backupRegion} in flight`);
      else problems.push(`${s.id} is held but has no copy in ${i.identity.backupRegion}`);
      continue;
    }
    const unverified = [s, copy].filter((x) => !isVerified(x)).map((x) => `${x.id} (${x.region})`);
    if (unverified.length > 0) {
      if (young) inFlight.push(`${s.id}: verification in flight`);
      else problems.push(`not verified: ${unverified.join(', ')}`);
      continue;
    }
    paired += 1;
  }
  const heldPrimaries = held.filter((d) => d.region === i.identity.primaryRegion).length;

  const regions = (
    [
      [i.identity.primaryRegion, 'primary'],
      [i.identity.backupRegion, 'backup'],
    ] as const
  ).map(([region, role]) =>
    regionRpo({ region, role, candidates: owned.filter((s) => s.region === region).map(candidate), now: i.now, rpoHours: i.rpoHours }),
  );
  const cacheRpo = rpoHoursFor('cache', i.rpoHours);
  const caches = i.caches.map((c) => ({
    group: c.group,
    rpoHours: cacheRpo,
    regions: [
      regionRpo({ region: i.identity.primaryRegion, role: 'primary', candidates: c.primary, now: i.now, rpoHours: cacheRpo }),
      regionRpo({ region: i.identity.backupRegion, role: 'backup', candidates: c.backup, now: i.now, rpoHours: cacheRpo }),
    ],
  }));

  const evidence: CheckEvidence[] = [
    { check: 'the policy holds at least one backup', passed: heldPrimaries > 0, expected: '>= 1', actual: `${heldPrimaries}` },
    {
      check: 'every held backup is in both regions and verified',
      passed: problems.length === 0,
      expected: `${heldPrimaries - inFlight.length} pairs`,
      actual: `${paired} pairs${problems.length > 0 ? `; ${problems.join('; ')}` : ''}`,
    },
    ...regions.map((g) => ({
      check: `newest verified backup in ${g.region} within ${i.rpoHours} h`,
      passed: g.status === 'ok',
      expected: `<= ${i.rpoHours} h`,
      actual: g.newest ? `${g.newest.snapshotId}, ${hoursText(g.ageSeconds)}` : 'no verified backup',
    })),
    ...caches.flatMap((c) =>
      c.regions.map((g) => ({
        check: `Redis ${c.group}: newest verified backup in ${g.region} within ${c.rpoHours} h`,
        passed: g.status === 'ok',
        expected: `<= ${c.rpoHours} h`,
        actual: g.newest ? `${g.newest.snapshotId}, ${hoursText(g.ageSeconds)}` : 'no verified backup',
      })),
    ),
  ];
  const backup = regions[1];
  const newestId = backup.newest?.snapshotId;
  const sourceSnapshot = newestId ? owned.find((s) => s.region === backup.region && s.id === newestId) : undefined;
  const restoreSource: RestoreSource | null =
    sourceSnapshot && backup.newest
      ? {
          snapshotId: sourceSnapshot.id,
          snapshotArn: sourceSnapshot.arn,
          region: backup.region,
          recoveryPointTime: backup.newest.recoveryPointTime,
        }
      : null;
  const ages = regions.map((g) => g.ageSeconds);
  const rpoS = ages.some((a) => a === null) ? null : Math.max(...(ages as number[]));
  const failed = evidence.filter((e) => !e.passed);
  const detail =
    failed.length === 0
      ? `${paired} held backup(s) in both regions and verified${inFlight.length ? `, ${inFlight.length} in flight` : ''}; newest within RPO in both regions${caches.length ? `; ${caches.length} Redis group(s) within ${cacheRpo} h` : ''}`
      : `${failed.length} inventory check(s) failed: ${failed.map((e) => e.check).join('; ')}`;
  return {
    database: i.database,
    held: heldPrimaries,
    paired,
    inFlight,
    problems,
    regions,
    caches,
    restoreSource,
    outcome: {
      name: 'inventory',
      result: failed.length === 0 ? 'completed' : 'checks-failed',
      durationS: null,
      rtoS: null,
      rpoS,
      detail,
      evidence,
    },
  };
}
