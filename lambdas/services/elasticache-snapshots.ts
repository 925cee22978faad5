/**
 * ElastiCache at the SDK boundary, shared by the Redis backup and restore
 * services: replication groups, their snapshots and tags. Not-found is
 * `undefined`, throttling is `Throttled` (lambdas/services/aws-errors.ts), any
 * other SDK error is re-thrown as it is.
 */
import {
  CopySnapshotCommand,
  CreateReplicationGroupCommand,
  type CreateReplicationGroupCommandInput,
  CreateSnapshotCommand,
  DeleteSnapshotCommand,
  DescribeReplicationGroupsCommand,
  DescribeSnapshotsCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
  type ReplicationGroup,
  type Snapshot,
  type Tag,
} from '@aws-sdk/client-elasticache';
import { PreconditionFailed } from '../errors';
import type { ClientFactory } from '../runtime/clients';
import { tagsToRecord } from '../domain/backup/ownership-tags';
import { hasCode, rethrowTyped } from './aws-errors';

export class ElastiCacheSnapshots {
  constructor(private readonly clients: ClientFactory) {}

  private ec(region: string): ElastiCacheClient {
    return this.clients(ElastiCacheClient, region);
  }

  async describeGroup(region: string, group: string): Promise<ReplicationGroup | undefined> {
    try {
      const out = await this.ec(region).send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: group }));
      return out.ReplicationGroups?.[0];
    } catch (err) {
      if (hasCode(err, 'ReplicationGroupNotFoundFault', 'ReplicationGroupNotFound')) return undefined;
      return rethrowTyped(err, `DescribeReplicationGroups ${group} in ${region}`);
    }
  }

  async describeSnapshot(region: string, name: string): Promise<Snapshot | undefined> {
    try {
      const out = await this.ec(region).send(new DescribeSnapshotsCommand({ SnapshotName: name }));
      return out.Snapshots?.find((s) => s.SnapshotName === name);
    } catch (err) {
      if (hasCode(err, 'SnapshotNotFoundFault', 'SnapshotNotFound')) return undefined;
      return rethrowTyped(err, `DescribeSnapshots ${name} in ${region}`);
    }
  }

  /** Every manual snapshot of the group (paginated with Marker). */
  async groupSnapshots(region: string, group: string): Promise<Snapshot[]> {
    const all: Snapshot[] = [];
    let marker: string | undefined;
    do {
      try {
        const out = await this.ec(region).send(
          new DescribeSnapshotsCommand({ ReplicationGroupId: group, SnapshotSource: 'user', Marker: marker, MaxRecords: 50 }),
        );
        all.push(...(out.Snapshots ?? []));
        marker = out.Marker && out.Marker !== marker ? out.Marker : undefined;
      } catch (err) {
        return rethrowTyped(err, `DescribeSnapshots of ${group} in ${region}`);
      }
    } while (marker);
    return all;
  }

  /** The tags of a snapshot or replication group; `{}` without an ARN. */
  async tagsOf(region: string, arn: string | undefined): Promise<Record<string, string>> {
    if (!arn) return {};
    try {
      const out = await this.ec(region).send(new ListTagsForResourceCommand({ ResourceName: arn }));
      return tagsToRecord(out.TagList);
    } catch (err) {
      return rethrowTyped(err, `ListTagsForResource ${arn}`);
    }
  }

  /** Creates a replication group; 'exists' when one of that name is already there. */
  async createReplicationGroup(region: string, input: CreateReplicationGroupCommandInput): Promise<'created' | 'exists'> {
    try {
      await this.ec(region).send(new CreateReplicationGroupCommand(input));
      return 'created';
    } catch (err) {
      if (hasCode(err, 'ReplicationGroupAlreadyExists', 'ReplicationGroupAlreadyExistsFault')) return 'exists';
      return rethrowTyped(err, `CreateReplicationGroup ${input.ReplicationGroupId} in ${region}`);
    }
  }

  /** Makes a replication-group snapshot; 'exists' when one of that name is already there. */
  async createSnapshot(region: string, group: string, name: string, tags: Tag[]): Promise<'created' | 'exists'> {
    try {
      await this.ec(region).send(new CreateSnapshotCommand({ ReplicationGroupId: group, SnapshotName: name, Tags: tags }));
      return 'created';
    } catch (err) {
      if (hasCode(err, 'SnapshotAlreadyExists', 'SnapshotAlreadyExistsFault')) return 'exists';
      return rethrowTyped(err, `CreateSnapshot ${name}`);
    }
  }

  /** Exports a snapshot to an S3 bucket (CopySnapshot with TargetBucket); 'exists' when the bucket already holds it. */
  async exportToBucket(region: string, name: string, bucket: string): Promise<'requested' | 'exists'> {
    try {
      await this.ec(region).send(new CopySnapshotCommand({ SourceSnapshotName: name, TargetSnapshotName: name, TargetBucket: bucket }));
      return 'requested';
    } catch (err) {
      const message = (err as Error).message ?? '';
      if (/already contains an object/i.test(message) || hasCode(err, 'SnapshotAlreadyExists', 'SnapshotAlreadyExistsFault')) {
        return 'exists';
      }
      if (/has not been granted|permission/i.test(message)) {
        throw new PreconditionFailed(
          `ElastiCache cannot write to s3://${bucket}: ${message}. The bucket policy must grant ${region}.elasticache-snapshot.amazonaws.com ` +
            'the export permissions (deployed by the primary stack; see docs/runbook.md#redis-backups)',
          { cause: err },
        );
      }
      return rethrowTyped(err, `CopySnapshot ${name} to s3://${bucket}`);
    }
  }

  /** Deletes a snapshot; false when it was already gone. */
  async deleteSnapshot(region: string, name: string): Promise<boolean> {
    try {
      await this.ec(region).send(new DeleteSnapshotCommand({ SnapshotName: name }));
      return true;
    } catch (err) {
      if (hasCode(err, 'SnapshotNotFoundFault', 'SnapshotNotFound')) return false;
      return rethrowTyped(err, `DeleteSnapshot ${name}`);
    }
  }
}

/** When the snapshot was taken: the earliest node snapshot's time. */
export function snapshotCreatedAt(s: Snapshot): Date | undefined {
  const times = (s.NodeSnapshots ?? []).map((n) => n.SnapshotCreateTime?.getTime()).filter((t): t is number => typeof t === 'number');
  return times.length ? new Date(Math.min(...times)) : undefined;
}

/** Number of shards (= exported objects) of a snapshot. */
export function shardCount(s: Snapshot, fallback: number): number {
  if (s.NumNodeGroups && s.NumNodeGroups > 0) return s.NumNodeGroups;
  const groups = new Set((s.NodeSnapshots ?? []).map((n) => n.NodeGroupId ?? n.CacheClusterId).filter(Boolean));
  return groups.size > 0 ? groups.size : Math.max(1, fallback);
}

/** What a restore needs from the snapshot's record (kept in the verified marker). */
export function snapshotRecord(s: Snapshot): { createdAt?: string; engine?: string; engineVersion?: string; cacheNodeType?: string } {
  return {
    createdAt: snapshotCreatedAt(s)?.toISOString(),
    engine: s.Engine,
    engineVersion: s.EngineVersion,
    cacheNodeType: s.CacheNodeType,
  };
}

/** The facts of a replication group a backup records. */
export function groupFacts(rg: ReplicationGroup): {
  engine?: string;
  cacheNodeType?: string;
  clusterModeEnabled: boolean;
  numNodeGroups: number;
} {
  return {
    engine: rg.Engine,
    cacheNodeType: rg.CacheNodeType,
    clusterModeEnabled: Boolean(rg.ClusterEnabled),
    numNodeGroups: Math.max(1, rg.NodeGroups?.length ?? 1),
  };
}
