/**
 * The RDS reads of the database restore steps: instances (source and target), snapshots (one by
 * id, or every snapshot of a database in a region, paginated), and automated backups (the PITR
 * window; in the backup region, the replicated automated backups). Typed results; throttling
 * becomes `Throttled` (retried by the state).
 */
import {
  type DBInstance,
  type DBInstanceAutomatedBackup,
  type DBSnapshot,
  DescribeDBInstanceAutomatedBackupsCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { tagsToRecord } from '../domain/backup/ownership-tags';
import type { SnapshotCandidate } from '../domain/restore/restore-source';
import type { ClientFactory } from '../runtime/clients';
import { hasCode, rethrowTyped } from './aws-errors';

export class RdsRestoreReads {
  constructor(private readonly clients: ClientFactory) {}

  rds(region: string): RDSClient {
    return this.clients(RDSClient, region);
  }

  /** The instance, or undefined when it does not exist. */
  async instance(region: string, id: string): Promise<DBInstance | undefined> {
    try {
      const out = await this.rds(region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
      return out.DBInstances?.[0];
    } catch (err) {
      if (hasCode(err, 'DBInstanceNotFound')) return undefined;
      return rethrowTyped(err, `DescribeDBInstances ${id} in ${region}`);
    }
  }

  async snapshot(region: string, id: string): Promise<SnapshotCandidate | undefined> {
    try {
      const out = await this.rds(region).send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id }));
      const s = out.DBSnapshots?.[0];
      return s ? candidate(s) : undefined;
    } catch (err) {
      if (hasCode(err, 'DBSnapshotNotFound')) return undefined;
      return rethrowTyped(err, `DescribeDBSnapshots ${id} in ${region}`);
    }
  }

  /** Every manual snapshot of `db` in `region` (TagList included: no ListTagsForResource per snapshot). */
  async snapshotsOf(region: string, db: string): Promise<SnapshotCandidate[]> {
    const out: SnapshotCandidate[] = [];
    let marker: string | undefined;
    const seen = new Set<string>();
    do {
      let page: { DBSnapshots?: DBSnapshot[]; Marker?: string };
      try {
        page = await this.rds(region).send(
          new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: db, SnapshotType: 'manual', MaxRecords: 100, Marker: marker }),
        );
      } catch (err) {
        return rethrowTyped(err, `DescribeDBSnapshots of ${db} in ${region}`);
      }
      const before = out.length;
      for (const s of page.DBSnapshots ?? []) {
        if (s.DBSnapshotIdentifier && !seen.has(s.DBSnapshotIdentifier)) {
          seen.add(s.DBSnapshotIdentifier);
          out.push(candidate(s));
        }
      }
      // A page that brings nothing new ends the walk (an emulator that ignores Marker would loop forever).
      marker = out.length > before ? page.Marker : undefined;
    } while (marker);
    return out;
  }

  /** The automated backups of `db` in `region` (primary: the instance's own; backup: the replicated ones). */
  async automatedBackups(region: string, db: string): Promise<DBInstanceAutomatedBackup[]> {
    const out: DBInstanceAutomatedBackup[] = [];
    let marker: string | undefined;
    do {
      let page: { DBInstanceAutomatedBackups?: DBInstanceAutomatedBackup[]; Marker?: string };
      try {
        page = await this.rds(region).send(
          new DescribeDBInstanceAutomatedBackupsCommand({ DBInstanceIdentifier: db, MaxRecords: 100, Marker: marker }),
        );
      } catch (err) {
        if (hasCode(err, 'DBInstanceAutomatedBackupNotFound', 'DBInstanceNotFound')) return out;
        return rethrowTyped(err, `DescribeDBInstanceAutomatedBackups of ${db} in ${region}`);
      }
      out.push(...(page.DBInstanceAutomatedBackups ?? []));
      marker = page.Marker;
    } while (marker);
    return out;
  }
}

export function candidate(s: DBSnapshot): SnapshotCandidate {
  const created = s.OriginalSnapshotCreateTime ?? s.SnapshotCreateTime;
  return {
    id: s.DBSnapshotIdentifier ?? '',
    arn: s.DBSnapshotArn ?? '',
    dbInstanceIdentifier: s.DBInstanceIdentifier,
    status: s.Status,
    createdAt: created ? new Date(created).toISOString() : undefined,
    encrypted: Boolean(s.Encrypted),
    kmsKeyId: s.KmsKeyId,
    engine: s.Engine,
    engineVersion: s.EngineVersion,
    allocatedStorage: s.AllocatedStorage,
    tags: tagsToRecord(s.TagList),
  };
}
