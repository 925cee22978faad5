/**
 * Which ElastiCache snapshots this deployment may reuse or delete: only those
 * tagged as made by this deployment for the group (ownership tags, primary
 * region role). The backup step reuses an existing snapshot of the day only
 * when it is owned; the prune step deletes only owned snapshots past the Redis
 * retention, never the current backup. Tags are read for the expired
 * candidates only (about one per day), not for every snapshot.
 */
import type { Snapshot } from '@aws-sdk/client-elasticache';
import { PreconditionFailed } from '../errors';
import { isOwned } from '../domain/backup/ownership-tags';
import { expiredRedisSnapshots } from '../domain/redis/snapshot-expiry';
import { type ElastiCacheSnapshots, snapshotCreatedAt } from './elasticache-snapshots';

export interface RedisSnapshotOwner {
  deploymentId: string;
  /** The replication group the snapshots are of. */
  group: string;
}

const owns = (tags: Record<string, string>, o: RedisSnapshotOwner) =>
  isOwned(tags, { deploymentId: o.deploymentId, resource: o.group, regionRole: 'primary' });

/** PreconditionFailed unless `s` carries this deployment's ownership tags for the group. */
export async function assertOwnedSnapshot(
  snapshots: ElastiCacheSnapshots,
  region: string,
  s: Snapshot,
  owner: RedisSnapshotOwner,
): Promise<void> {
  if (!owns(await snapshots.tagsOf(region, s.ARN), owner)) {
    throw new PreconditionFailed(
      `snapshot ${s.SnapshotName} exists but is not owned by deployment "${owner.deploymentId}" for ${owner.group}; refusing to reuse it`,
    );
  }
}

/**
 * Deletes the group's snapshots that this deployment made and that are older than `retentionDays`
 * (by ElastiCache's creation time), never `current`. Returns the names deleted and how many remain.
 */
export async function deleteExpiredOwnedSnapshots(
  snapshots: ElastiCacheSnapshots,
  o: RedisSnapshotOwner & { region: string; prefix: string; retentionDays: number; now: Date; current: string },
): Promise<{ deleted: string[]; kept: number }> {
  const all = await snapshots.groupSnapshots(o.region, o.group);
  const candidates = expiredRedisSnapshots({
    snapshots: all.map((s) => ({ name: s.SnapshotName ?? '', createdAt: snapshotCreatedAt(s) })),
    prefix: o.prefix,
    group: o.group,
    retentionDays: o.retentionDays,
    now: o.now,
    current: o.current,
  });
  const deleted: string[] = [];
  for (const name of candidates) {
    const tags = await snapshots.tagsOf(o.region, all.find((x) => x.SnapshotName === name)?.ARN);
    if (!owns(tags, o)) continue;
    if (await snapshots.deleteSnapshot(o.region, name)) deleted.push(name);
  }
  return { deleted, kept: all.length - deleted.length };
}
