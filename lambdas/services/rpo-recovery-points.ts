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
import {
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  type DescribeDBSnapshotsCommandOutput,
  RDSClient,
} from '@aws-sdk/client-rds';
import { GetObjectCommand, ListObjectsV2Command, type ListObjectsV2CommandOutput, S3Client } from '@aws-sdk/client-s3';
import type { ClientFactory } from '../runtime/clients';
import { TAG, isOwned, tagsToRecord } from '../domain/backup/ownership-tags';
import type { RecoveryPointCandidate, RegionRole, ResourceKind } from '../domain/metrics/rpo';
import { parseManifest } from '../domain/redis/manifest';
import { VERIFIED_PREFIX, backupNameOfMarker } from '../domain/redis/names';
import { newestRestorableTime } from '../domain/restore/pitr-replication';
import { rethrowTyped } from './aws-errors';
import { databaseInstances, resolveDatabaseInstance } from './database-pointer';
import { RdsRestoreReads } from './rds-restore-reads';

/** One kind of protected resource (databases, caches) and how to read its backups. */
export interface RecoveryPointSource {
  kind: ResourceKind;
  resources: readonly string[];
  candidates(resource: string, region: string, role: RegionRole): Promise<RecoveryPointCandidate[]>;
  /** Point-in-time restore: the newest restorable time, when the kind has one. */
  latestRestorableTime?(resource: string): Promise<Date | undefined>;
  /** Point-in-time restore in the backup region: the newest restorable time of the replicated automated backups. */
  backupRegionLatestRestorableTime?(resource: string): Promise<Date | undefined>;
}

const MAX_PAGES = 200;

export class RdsRecoveryPoints implements RecoveryPointSource {
  readonly kind = 'database' as const;

  constructor(
    private readonly o: {
      deploymentId: string;
      primaryRegion: string;
      /** Given: the backup region's PITR lag is measured too (replicated automated backups). */
      backupRegion?: string;
      databases: readonly string[];
      clients: ClientFactory;
    },
  ) {}

  get resources(): readonly string[] {
    return this.o.databases;
  }

  async candidates(db: string, region: string, role: RegionRole): Promise<RecoveryPointCandidate[]> {
    const rds = this.o.clients(RDSClient, region);
    const out: RecoveryPointCandidate[] = [];
    // The database's history: the original primary's snapshots and those of the instance serving it since a failover.
    for (const instanceId of await databaseInstances(this.o.clients, this.o, db)) {
      let marker: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        let res: DescribeDBSnapshotsCommandOutput;
        try {
          res = await rds.send(
            new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: instanceId, SnapshotType: 'manual', Marker: marker }),
          );
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
    }
    return out;
  }

  async latestRestorableTime(db: string): Promise<Date | undefined> {
    try {
      const instanceId = await resolveDatabaseInstance(this.o.clients, this.o, db);
      const res = await this.o
        .clients(RDSClient, this.o.primaryRegion)
        .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instanceId }));
      return res.DBInstances?.[0]?.LatestRestorableTime;
    } catch (err) {
      if ((err as { name?: string }).name === 'DBInstanceNotFoundFault' || (err as { name?: string }).name === 'DBInstanceNotFound')
        return undefined;
      return rethrowTyped(err, `DescribeDBInstances ${db}`);
    }
  }

  async backupRegionLatestRestorableTime(db: string): Promise<Date | undefined> {
    if (!this.o.backupRegion) return undefined;
    const backups = await new RdsRestoreReads(this.o.clients).automatedBackups(this.o.backupRegion, db);
    return newestRestorableTime(backups.map((b) => ({ arn: b.DBInstanceAutomatedBackupsArn, latestTime: b.RestoreWindow?.LatestTime })));
  }
}

/**
 * Caches: the verified markers the Redis backup writes in each region's
 * export bucket (`verified/<group>/<name>.json`, one List call per region;
 * names end in the UTC day, so the last key is the newest) and the manifest
 * of the newest one (one Get), whose snapshotCreatedAt is the recovery point.
 */
export class RedisRecoveryPoints implements RecoveryPointSource {
  readonly kind = 'cache' as const;

  constructor(
    private readonly o: {
      deploymentId: string;
      primaryRegion: string;
      groups: readonly string[];
      buckets: { primary: string; backup: string };
      clients: ClientFactory;
    },
  ) {}

  get resources(): readonly string[] {
    return this.o.groups;
  }

  async candidates(group: string, region: string, role: RegionRole): Promise<RecoveryPointCandidate[]> {
    const s3 = this.o.clients(S3Client, region);
    const bucket = role === 'primary' ? this.o.buckets.primary : this.o.buckets.backup;
    const prefix = `${VERIFIED_PREFIX}${group.toLowerCase()}/`;
    const keys: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      let res: ListObjectsV2CommandOutput;
      try {
        res = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      } catch (err) {
        if ((err as { name?: string }).name === 'NoSuchBucket') return [];
        rethrowTyped(err, `ListObjectsV2 s3://${bucket}/${prefix}`);
      }
      for (const o of res.Contents ?? []) if (o.Key && backupNameOfMarker(group, o.Key)) keys.push(o.Key);
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
      if (!token) break;
    }
    const newest = keys.sort().at(-1);
    if (!newest) return [];
    let text: string;
    try {
      const obj = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: newest }));
      text = (await obj.Body?.transformToString('utf-8')) ?? '';
    } catch (err) {
      return rethrowTyped(err, `GetObject s3://${bucket}/${newest}`);
    }
    const m = parseManifest(text);
    if (!m || m.deploymentId !== this.o.deploymentId) return [];
    const taken = m.snapshotCreatedAt ?? `${m.backupDay}T00:00:00Z`;
    return [{ id: m.backupName, region, status: 'available', recoveryPointTime: new Date(taken), verifiedAt: m.verifiedAt }];
  }
}
