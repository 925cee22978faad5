/**
 * ElastiCache allows 20 manual backups per node per rolling 24 hours. A run that
 * finds the day's backup reuses it; a run that would make a new one first checks
 * the headroom from the group's recent manual snapshots. Pure.
 */
export const MANUAL_BACKUPS_PER_NODE_PER_DAY = 20;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SnapshotAge {
  name: string;
  /** manual | automated (ElastiCache SnapshotSource). */
  source: string;
  /** When the snapshot (its earliest node snapshot) was created; undefined while just started. */
  createdAt?: Date;
}

export interface QuotaHeadroom {
  used: number;
  limit: number;
  remaining: number;
  /** When the oldest counted backup leaves the 24-hour window (only when remaining is 0). */
  nextSlotAt?: string;
}

/** Manual backups of one group in the 24 hours before `now`; a snapshot without a time counts (it is being made). */
export function manualBackupHeadroom(snapshots: SnapshotAge[], now: Date, limit = MANUAL_BACKUPS_PER_NODE_PER_DAY): QuotaHeadroom {
  const since = now.getTime() - DAY_MS;
  const counted = snapshots
    .filter((s) => s.source === 'manual')
    .filter((s) => s.createdAt === undefined || s.createdAt.getTime() > since)
    .map((s) => s.createdAt?.getTime() ?? now.getTime())
    .sort((a, b) => a - b);
  const remaining = Math.max(0, limit - counted.length);
  const out: QuotaHeadroom = { used: counted.length, limit, remaining };
  if (remaining === 0) {
    // The window frees a slot when the (used - limit + 1)-th oldest backup turns 24 hours old.
    out.nextSlotAt = new Date(counted[counted.length - limit] + DAY_MS).toISOString();
  }
  return out;
}
