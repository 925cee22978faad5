/**
 * From a DescribeDBSnapshots entry to the snapshot the plan sees. Structural
 * types only (no SDK import): the service passes the SDK's DBSnapshot as is.
 * The creation time is OriginalSnapshotCreateTime when RDS gives it (a
 * cross-region copy's SnapshotCreateTime is the time of the copy), else
 * SnapshotCreateTime; names are never parsed for dates.
 */
import type { RetentionSnapshot } from './types';

export interface DescribedSnapshotLike {
  DBSnapshotIdentifier?: string;
  DBSnapshotArn?: string;
  DBInstanceIdentifier?: string;
  Status?: string;
  SnapshotType?: string;
  SnapshotCreateTime?: Date;
  OriginalSnapshotCreateTime?: Date;
  TagList?: ReadonlyArray<{ Key?: string; Value?: string }>;
}

function validDate(d: unknown): Date | undefined {
  if (d instanceof Date && !Number.isNaN(d.getTime())) return d;
  if (typeof d === 'string') {
    const parsed = new Date(d);
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  return undefined;
}

/**
 * Maps one listed snapshot. Returns undefined for an entry without an identifier
 * (RDS always gives one; such an entry cannot be acted on and is dropped).
 */
export function toRetentionSnapshot(s: DescribedSnapshotLike, region: string, account = 'unknown'): RetentionSnapshot | undefined {
  const id = s.DBSnapshotIdentifier;
  if (!id) return undefined;
  const tags: Record<string, string> = {};
  for (const t of s.TagList ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
  return {
    id,
    arn: s.DBSnapshotArn || `arn:aws:rds:${region}:${account}:snapshot:${id}`,
    region,
    resource: s.DBInstanceIdentifier || '(unknown)',
    status: s.Status ?? 'unknown',
    snapshotType: s.SnapshotType ?? 'unknown',
    createdAt: validDate(s.OriginalSnapshotCreateTime) ?? validDate(s.SnapshotCreateTime),
    tags,
  };
}
