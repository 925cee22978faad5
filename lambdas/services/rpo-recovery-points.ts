/**
 * Where the RPO check and getBackupMetrics find recovery points: this
 * deployment's own verified backups of each protected resource, per region.
 *
 * Databases: the manual RDS snapshots this deployment made (ownership tags,
 * read from DescribeDBSnapshots' TagList: no per-snapshot tag calls),
 * filtered server-side by instance, paginated with Marker. The recovery point
 * of a backup-region copy is its OriginalSnapshotCreateTime (when the data was
 * taken), not when it was copied.
 */
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import type { ClientFactory } from '../aws/clients';
import { TAG, isOwned, tagsToRecord } from '../domain/backup/ownership-tags';
import type { RecoveryPointCandidate, RegionRole, ResourceKind } from '../domain/metrics/rpo';
import { rethrowTyped } from './aws-errors';

/** One kind of protected resource (databases, caches) and how to read its backups. */
export interface RecoveryPointSource {
  kind: ResourceKind;
  resources: readonly string[];
  candidates(resource: string, region: string, role: RegionRole): Promise<RecoveryPointCandidate[]>;
  /** Point-in-time restore: the newest restorable time, when the kind has one. */
  latestRestorableTime?(resource: string): Promise<Date | undefined>;
}

const MAX_PAGES = 200;

export class RdsRecoveryPoints implements RecoveryPointSource {
  readonly kind = 'database' as const;

  constructor(
    private readonly o: { deploymentId: string; primaryRegion: string; databases: readonly string[]; clients: ClientFactory },
  ) {}

  get resources(): readonly string[] {
    return this.o.databases;
  }

  async candidates(db: string, region: string, role: RegionRole): Promise<RecoveryPointCandidate[]> {
    const rds = this.o.clients(RDSClient, region);
    const out: RecoveryPointCandidate[] = [];
    let marker: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      let res;
      try {
        res = await rds.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: db, SnapshotType: 'manual', Marker: marker }));
      } catch (err) {
        rethrowTyped(err, `DescribeDBSnapshots ${db} in ${region}`);
      }
      for (const s of res.DBSnapshots ?? []) {
        const tags = tagsToRecord(s.TagList);
        if (!isOwned(tags, { deploymentId: this.o.deploymentId, resource: db, regionRole: role })) continue;
        out.push({
          id: s.DBSnapshotIdentifier ?? '',
          region,
          status: s.Status ?? 'unknown',
          recoveryPointTime: (role === 'backup' ? s.OriginalSnapshotCreateTime : undefined) ?? s.SnapshotCreateTime,
          verifiedAt: tags[TAG.verifiedAt] || undefined,
        });
      }
      marker = res.Marker;
      if (!marker) break;
    }
    return out;
  }

  async latestRestorableTime(db: string): Promise<Date | undefined> {
    try {
      const res = await this.o.clients(RDSClient, this.o.primaryRegion).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: db }));
      return res.DBInstances?.[0]?.LatestRestorableTime;
    } catch (err) {
      if ((err as { name?: string }).name === 'DBInstanceNotFoundFault' || (err as { name?: string }).name === 'DBInstanceNotFound') return undefined;
      return rethrowTyped(err, `DescribeDBInstances ${db}`);
    }
  }
}
