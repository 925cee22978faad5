/**
 * Names and region choice of a restore test. Pure.
 *
 * The throwaway instance is `<prefix>-rt-<db>-<yyyymmdd>` (the day of the schedule tick, UTC),
 * lower-case, at most 63 characters (the database part is shortened when needed; the
 * `muejam:resource` tag still names the database in full).
 */
import { InvalidInput } from '../../errors';
import { validateRdsIdentifier } from '../backup/identifiers';
import type { RegionRole } from '../backup/ownership-tags';

export const RESTORE_TEST_PURPOSE = 'restore-test';
export const REGION_MODES = ['primary', 'backup', 'alternate', 'both'] as const;
export type RegionMode = (typeof REGION_MODES)[number];

/** `<prefix>-rt-`: every restore-test instance of this prefix starts with it. */
export function restoreTestNamePrefix(prefix: string): string {
  return `${prefix}-rt-`.toLowerCase();
}

export function restoreTestInstanceName(prefix: string, db: string, at: Date): string {
  const day = at.toISOString().slice(0, 10).replace(/-/g, '');
  const head = restoreTestNamePrefix(prefix);
  const room = 63 - head.length - day.length - 1;
  if (room < 1)
    throw new InvalidInput('snapshotPrefix', `"${prefix}" is too long to name a restore-test instance (at most 63 characters in all)`);
  const dbPart = db.toLowerCase().slice(0, room).replace(/-+$/, '');
  return validateRdsIdentifier('restoreTestInstance', `${head}${dbPart}-${day}`, 63);
}

/** ISO-8601 week number of a UTC date (1-53). */
export function isoWeek(at: Date): number {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  return Math.ceil(((d.getTime() - yearStart.getTime()) / 86400000 + 1) / 7);
}

/**
 * The region role a run tests: `primary`/`backup` as given; `alternate` is the primary in even
 * ISO weeks and the backup region in odd ones (so the two alternate week by week).
 * `both` is not a single run's region: the stack makes one schedule per region for it.
 */
export function regionRoleFor(mode: unknown, at: Date): RegionRole {
  if (mode === 'primary' || mode === 'backup') return mode;
  if (mode === 'alternate') return isoWeek(at) % 2 === 0 ? 'primary' : 'backup';
  throw new InvalidInput(
    'region',
    `${JSON.stringify(mode)} is not allowed: "primary", "backup" or "alternate" ("both" is two runs, one per region)`,
  );
}

/** The runs a schedule in `mode` makes: one region per run. */
export function scheduledRegionModes(mode: RegionMode): ('primary' | 'backup' | 'alternate')[] {
  return mode === 'both' ? ['primary', 'backup'] : [mode];
}
