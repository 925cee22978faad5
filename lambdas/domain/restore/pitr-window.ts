/**
 * The point-in-time restore window of a database and where a requested time falls in it. Pure.
 *
 * AWS facts (moto hides them): an instance has no `EarliestRestorableTime`; the window is the
 * `RestoreWindow` (EarliestTime, LatestTime) of DescribeDBInstanceAutomatedBackups, and the
 * instance's `LatestRestorableTime` is the newest point (primary region). In the backup region
 * (replicated automated backups) there is no instance: both ends come from the RestoreWindow.
 * `RestoreTime` and `UseLatestRestorableTime` are exclusive: `latest` maps to the second.
 */
import { InvalidInput, PreconditionFailed } from '../../errors';

export interface RestoreWindow {
  /** Oldest restorable point; undefined when AWS did not report it (only `latest` can then be placed). */
  earliest?: Date;
  /** Newest restorable point. */
  latest: Date;
}

/** Where the requested time falls: the exact point restored and how to ask RDS for it. */
export interface PitrPlacement {
  /** True for `latest`: RestoreDBInstanceToPointInTime with UseLatestRestorableTime (no RestoreTime). */
  useLatestRestorableTime: boolean;
  /** The point in time the data will represent (for `latest`: the newest point known now). */
  pointInTime: string;
  window: { earliest?: string; latest: string };
  /** One line for the plan: "12 min before the latest restorable time (window ... to ...)". */
  position: string;
}

const iso = (d: Date) => d.toISOString();

function toDate(v: Date | string | undefined): Date | undefined {
  // null and undefined (`== null`); new Date(null) would be 1970, a restorable point that does not exist
  if (v == null) return undefined;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The window from what AWS reported; PreconditionFailed when there is no latest point (no automated backups). */
export function restoreWindowOf(o: { db: string; region: string; earliest?: Date | string; latest?: Date | string }): RestoreWindow {
  const latest = toDate(o.latest);
  if (!latest) {
    throw new PreconditionFailed(
      `${o.db} has no restorable point in time in ${o.region} (no automated backups, or their replication to this region is not active)`,
    );
  }
  const earliest = toDate(o.earliest);
  return earliest && earliest.getTime() <= latest.getTime() ? { earliest, latest } : { latest, earliest: undefined };
}

/** "from 2026-12-01T04:00:00.000Z to 2026-12-03T04:55:00.000Z" (the earliest end says when it is unknown). */
export function describeWindow(w: RestoreWindow): string {
  return `from ${w.earliest ? iso(w.earliest) : '(earliest not reported)'} to ${iso(w.latest)}`;
}

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m < 120 ? `${m} min` : `${(m / 60).toFixed(1)} h`;
}

/**
 * Places a requested restore time (`'latest'` or an instant) in the window at `now`.
 * Refused with InvalidInput('restoreTime') naming the window: a time in the future, before the
 * earliest or after the latest restorable point; PreconditionFailed when an explicit time is asked
 * for but AWS reported no earliest point (the window cannot be checked).
 */
export function placeRestoreTime(requested: 'latest' | Date, window: RestoreWindow, now: Date): PitrPlacement {
  const w = { earliest: window.earliest ? iso(window.earliest) : undefined, latest: iso(window.latest) };
  const span = describeWindow(window);
  if (requested === 'latest') {
    return { useLatestRestorableTime: true, pointInTime: w.latest, window: w, position: `the latest restorable time (window ${span})` };
  }
  const t = requested.getTime();
  if (t > now.getTime()) {
    throw new InvalidInput(
      'restoreTime',
      `${iso(requested)} is in the future (now ${iso(now)}); allowed: a time in the window ${span}, or "latest"`,
    );
  }
  if (!window.earliest) {
    throw new PreconditionFailed(
      `the restorable window cannot be checked (AWS reported no earliest restorable time, latest ${w.latest}); use restoreTime "latest"`,
    );
  }
  if (t < window.earliest.getTime()) {
    throw new InvalidInput(
      'restoreTime',
      `${iso(requested)} is ${minutes(window.earliest.getTime() - t)} before the earliest restorable time; allowed: a time in the window ${span}, or "latest"`,
    );
  }
  if (t > window.latest.getTime()) {
    throw new InvalidInput(
      'restoreTime',
      `${iso(requested)} is ${minutes(t - window.latest.getTime())} after the latest restorable time; allowed: a time in the window ${span}, or "latest"`,
    );
  }
  return {
    useLatestRestorableTime: false,
    pointInTime: iso(requested),
    window: w,
    position: `${minutes(t - window.earliest.getTime())} after the earliest and ${minutes(window.latest.getTime() - t)} before the latest restorable time (window ${span})`,
  };
}
