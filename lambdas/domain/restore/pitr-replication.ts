/**
 * Point-in-time recovery in the backup region: whether a protected database's automated backups
 * must be replicated there now (StartDBInstanceAutomatedBackupsReplication, called in the backup
 * region), are already being replicated, or cannot be (with the reason an on-call engineer acts on).
 * And the backup region's PITR lag: now - the newest restorable time of the replicated backups.
 * Pure: the service reads the facts (lambdas/services/pitr-replication-service.ts).
 */

/** What the replication check knows about one database. */
export interface ReplicationFacts {
  db: string;
  backupRegion: string;
  /** The source instance in the primary region; undefined when it does not exist. */
  source?: {
    arn: string;
    encrypted: boolean;
    /** BackupRetentionPeriod of the source (0 = automated backups off). */
    retentionDays: number;
    status: string;
    /** DBInstanceAutomatedBackupsReplications of the source: the ARNs of its replicated backups. */
    replicationArns: readonly string[];
  };
  /** Automated backups of this database in the backup region (DescribeDBInstanceAutomatedBackups there). */
  replicated: readonly { arn?: string; status?: string }[];
}

export type ReplicationDecision =
  | { action: 'start'; db: string; sourceArn: string; reason: string }
  | { action: 'running'; db: string; arn: string; status: string }
  | { action: 'refuse'; db: string; reason: string };

/** Statuses of a replicated automated backup that mean "replication is on" (retained = stopped, old copy kept). */
export const REPLICATION_ON = ['replicating', 'pending', 'creating', 'active'] as const;

/** Instance statuses in which RDS accepts StartDBInstanceAutomatedBackupsReplication. */
const STARTABLE = ['available', 'backing-up', 'modifying', 'configuring-log-exports', 'storage-optimization'];

/** Start, already running, or refuse with a reason naming the database and what to do. */
export function replicationDecision(f: ReplicationFacts): ReplicationDecision {
  const { db, backupRegion } = f;
  const on = f.replicated.find((b) => b.arn && REPLICATION_ON.includes(b.status as (typeof REPLICATION_ON)[number]));
  if (on) return { action: 'running', db, arn: on.arn!, status: on.status! };
  if (!f.source)
    return { action: 'refuse', db, reason: `no RDS instance named "${db}" in the primary region: nothing to replicate to ${backupRegion}` };
  const listed = f.source.replicationArns.find((a) => a.includes(`:${backupRegion}:`));
  if (listed) return { action: 'running', db, arn: listed, status: 'replicating' };
  if (f.source.retentionDays < 1)
    return {
      action: 'refuse',
      db,
      reason: `${db} has automated backups turned off (BackupRetentionPeriod 0): point-in-time recovery is impossible in either region; set a backup retention of at least 1 day on the instance`,
    };
  if (!f.source.encrypted)
    return {
      action: 'refuse',
      db,
      reason: `${db} is not encrypted at rest: this system replicates only encrypted automated backups (under the backup-region key); encrypt the database (snapshot, copy encrypted, restore)`,
    };
  if (!STARTABLE.includes(f.source.status))
    return {
      action: 'refuse',
      db,
      reason: `${db} is "${f.source.status}": replication can start only when it is available (checked again next run)`,
    };
  return {
    action: 'start',
    db,
    sourceArn: f.source.arn,
    reason: f.replicated.length
      ? `the automated backups of ${db} in ${backupRegion} are ${f.replicated.map((b) => b.status ?? 'unknown').join(', ')} (not replicating)`
      : `no automated backups of ${db} in ${backupRegion}`,
  };
}

/** The newest restorable time of replicated backups (their RestoreWindow.LatestTime), or undefined. */
export function newestRestorableTime(backups: readonly { arn?: string; latestTime?: Date }[]): Date | undefined {
  let best: Date | undefined;
  for (const b of backups) {
    if (!b.arn || !b.latestTime || Number.isNaN(b.latestTime.getTime())) continue;
    if (!best || b.latestTime.getTime() > best.getTime()) best = b.latestTime;
  }
  return best;
}

/** Whole seconds the backup region's newest restorable time is behind `now` (0 when ahead), or null when unknown. */
export function backupRegionPitrLagSeconds(latest: Date | undefined, now: Date): number | null {
  if (!latest || Number.isNaN(latest.getTime())) return null;
  return Math.max(0, Math.round((now.getTime() - latest.getTime()) / 1000));
}
