/**
 * Which of a group's ElastiCache snapshots this system may delete: the ones it
 * named (`<prefix>-<group>-YYYYMMDD`) whose creation time (from ElastiCache, not
 * from the name) is older than the Redis retention, never the current backup and
 * never one whose creation time is unknown. Ownership tags are checked by the
 * caller on these candidates only. Pure.
 */
export interface SnapshotAge {
  name: string;
  createdAt?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function expiredRedisSnapshots(o: {
  snapshots: SnapshotAge[];
  prefix: string;
  group: string;
  retentionDays: number;
  now: Date;
  /** The backup this run made or reused: always kept. */
  current: string;
}): string[] {
  const named = new RegExp(`^${escapeRegExp(`${o.prefix}-${o.group}`.toLowerCase())}-\\d{8}$`);
  const cutoff = o.now.getTime() - o.retentionDays * DAY_MS;
  return o.snapshots
    .filter((s) => named.test(s.name) && s.name !== o.current && s.createdAt !== undefined && s.createdAt.getTime() < cutoff)
    .map((s) => s.name)
    .sort();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
