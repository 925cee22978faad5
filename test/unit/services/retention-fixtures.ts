/** DescribeDBSnapshots answers for retention tests: owned histories in both regions and foreign snapshots. */
import type { DBSnapshot } from '@aws-sdk/client-rds';
import { minuteStamp } from '../../../lambdas/domain/backup/identifiers';
import { ownershipTags, TAG } from '../../../lambdas/domain/backup/ownership-tags';
import type { RuntimeConfig } from '../../../lambdas/runtime/runtime-config';

export const ACCOUNT = '123456789012';
const HOUR = 3_600_000;

export function snapshotName(c: RuntimeConfig, db: string, at: Date): string {
  return `${c.snapshotPrefix}-${db}-${minuteStamp(at)}`.toLowerCase();
}

export interface OwnedSnapshotOptions {
  role: 'primary' | 'backup';
  verified?: boolean;
  status?: string;
  db?: string;
  deploymentId?: string;
}

export function ownedSnapshot(c: RuntimeConfig, at: Date, o: OwnedSnapshotOptions): DBSnapshot {
  const db = o.db ?? c.databases[0];
  const region = o.role === 'primary' ? c.primaryRegion : c.backupRegion;
  const id = snapshotName(c, db, at);
  const tags = [...ownershipTags({ deploymentId: o.deploymentId ?? c.deploymentId, resource: db, regionRole: o.role, execution: 'e' })];
  if (o.verified ?? true) tags.push({ Key: TAG.verifiedAt, Value: new Date(at.getTime() + HOUR).toISOString() });
  if (o.role === 'backup') tags.push({ Key: TAG.copyOf, Value: `arn:aws:rds:${c.primaryRegion}:${ACCOUNT}:snapshot:${id}` });
  return {
    DBSnapshotIdentifier: id,
    DBSnapshotArn: `arn:aws:rds:${region}:${ACCOUNT}:snapshot:${id}`,
    DBInstanceIdentifier: db,
    Status: o.status ?? 'available',
    SnapshotType: 'manual',
    SnapshotCreateTime: o.role === 'backup' ? new Date(at.getTime() + HOUR / 2) : at,
    OriginalSnapshotCreateTime: at,
    TagList: tags,
  };
}

/** Every 6 hours from `from` for `count` backups, newest last; primaries and their verified copies. */
export function sixHourlyHistory(c: RuntimeConfig, from: string, count: number): Record<string, DBSnapshot[]> {
  const primary: DBSnapshot[] = [];
  const backup: DBSnapshot[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(Date.parse(from) + i * 6 * HOUR);
    primary.push(ownedSnapshot(c, at, { role: 'primary' }));
    backup.push(ownedSnapshot(c, at, { role: 'backup' }));
  }
  return { [c.primaryRegion]: primary, [c.backupRegion]: backup };
}

/** A person's manual snapshot, an automated one, another deployment's: never ours. */
export function foreignSnapshots(c: RuntimeConfig, region: string, at: Date): DBSnapshot[] {
  const db = c.databases[0];
  const base = (id: string, extra: Partial<DBSnapshot>): DBSnapshot => ({
    DBSnapshotIdentifier: id,
    DBSnapshotArn: `arn:aws:rds:${region}:${ACCOUNT}:snapshot:${id}`,
    DBInstanceIdentifier: db,
    Status: 'available',
    SnapshotType: 'manual',
    SnapshotCreateTime: at,
    TagList: [],
    ...extra,
  });
  return [
    base('alice-before-migration', {}),
    base(`rds:${db}-2020-01-01-03-10`, {
      SnapshotType: 'automated',
      TagList: ownershipTags({ deploymentId: c.deploymentId, resource: db, regionRole: 'primary', execution: 'x' }),
    }),
    base(`${c.snapshotPrefix}-${db}-other-deployment`, {
      TagList: ownershipTags({
        deploymentId: 'staging',
        resource: db,
        regionRole: region === c.primaryRegion ? 'primary' : 'backup',
        execution: 'x',
      }),
    }),
  ];
}

/** Splits a list into DescribeDBSnapshots pages with Markers ("p1", "p2", ...). */
export function paged(list: DBSnapshot[], pageSize: number): Map<string | undefined, { DBSnapshots: DBSnapshot[]; Marker?: string }> {
  const pages = new Map<string | undefined, { DBSnapshots: DBSnapshot[]; Marker?: string }>();
  const n = Math.max(1, Math.ceil(list.length / pageSize));
  for (let i = 0; i < n; i++) {
    pages.set(i === 0 ? undefined : `p${i}`, {
      DBSnapshots: list.slice(i * pageSize, (i + 1) * pageSize),
      ...(i + 1 < n ? { Marker: `p${i + 1}` } : {}),
    });
  }
  return pages;
}

export { awsError } from '../../support/aws-error';
