/**
 * Where a database restore's data comes from, read fresh for the validate step: the snapshot
 * (named, or the newest verified one in that region) or the point-in-time window (primary: the
 * instance's automated backups and LatestRestorableTime; backup: the replicated automated backups).
 */
import type { DBInstance, DBInstanceAutomatedBackup } from '@aws-sdk/client-rds';
import { PreconditionFailed } from '../errors';
import { placeRestoreTime, restoreWindowOf } from '../domain/restore/pitr-window';
import type { DbRestorePlan } from '../domain/restore/restore-plan';
import type { DbRestoreRequest } from '../domain/restore/restore-request';
import { checkNamedSnapshot, pickLatestVerified, type SourceScope } from '../domain/restore/restore-source';
import type { RdsRestoreReads } from './rds-restore-reads';

/** The part of the plan that depends on where the data comes from. */
export type SourcePart = Pick<DbRestorePlan, 'mode' | 'snapshot' | 'pitr' | 'pointInTime' | 'expected' | 'warnings'>;

export async function snapshotSource(reads: RdsRestoreReads, deploymentId: string, req: DbRestoreRequest): Promise<SourcePart> {
  if (req.source.kind !== 'snapshot') throw new Error('unreachable');
  const scope: SourceScope = {
    deploymentId: deploymentId,
    db: req.dbInstanceIdentifier,
    regionRole: req.regionRole,
    region: req.region,
  };
  const chosen =
    req.source.snapshotId === 'latest'
      ? pickLatestVerified(await reads.snapshotsOf(req.region, req.dbInstanceIdentifier), scope)
      : checkNamedSnapshot(
          req.source.snapshotId,
          await reads.snapshot(req.region, req.source.snapshotId),
          scope,
          req.source.allowUnverified,
        );
  const s = chosen.snapshot;
  if (!s.encrypted)
    throw new PreconditionFailed(`snapshot ${s.id} in ${req.region} is not encrypted; this system restores only encrypted backups`);
  return {
    mode: 'snapshot' as const,
    snapshot: { id: s.id, arn: s.arn, createdAt: s.createdAt ?? '', verifiedAt: chosen.verifiedAt },
    pointInTime: s.createdAt ?? '',
    expected: { kmsKeyId: s.kmsKeyId, engine: s.engine, engineVersion: s.engineVersion, allocatedStorage: s.allocatedStorage },
    warnings: chosen.warnings,
  };
}

export async function pitrSource(
  reads: RdsRestoreReads,
  req: DbRestoreRequest,
  source: DBInstance | undefined,
  now: Date,
): Promise<SourcePart> {
  if (req.source.kind !== 'pitr') throw new Error('unreachable');
  const db = req.dbInstanceIdentifier;
  const backups = await reads.automatedBackups(req.region, db);
  let window: ReturnType<typeof restoreWindowOf>;
  let expected: DbRestorePlan['expected'];
  let arn: string | undefined;
  if (req.regionRole === 'primary') {
    if (!source)
      throw new PreconditionFailed(
        `no RDS instance named "${db}" in ${req.region}: a point-in-time restore there needs it (restore a snapshot instead)`,
      );
    const own = backups.find((b) => b.DbiResourceId && b.DbiResourceId === source.DbiResourceId) ?? backups[0];
    window = restoreWindowOf({ db, region: req.region, earliest: own?.RestoreWindow?.EarliestTime, latest: source.LatestRestorableTime });
    expected = {
      kmsKeyId: source.KmsKeyId,
      engine: source.Engine,
      engineVersion: source.EngineVersion,
      allocatedStorage: source.AllocatedStorage,
    };
  } else {
    const replicated = newestReplicated(backups);
    if (!replicated) {
      throw new PreconditionFailed(
        `the automated backups of ${db} are not replicated to ${req.region} (no DBInstanceAutomatedBackupsArn there): point-in-time restore in the backup region is not possible; restore the latest snapshot copy instead (snapshotId "latest")`,
      );
    }
    arn = replicated.DBInstanceAutomatedBackupsArn;
    window = restoreWindowOf({
      db,
      region: req.region,
      earliest: replicated.RestoreWindow?.EarliestTime,
      latest: replicated.RestoreWindow?.LatestTime,
    });
    expected = {
      kmsKeyId: replicated.KmsKeyId,
      engine: replicated.Engine,
      engineVersion: replicated.EngineVersion,
      allocatedStorage: replicated.AllocatedStorage,
    };
  }
  const placed = placeRestoreTime(req.source.restoreTime === 'latest' ? 'latest' : new Date(req.source.restoreTime), window, now);
  return {
    mode: 'pitr' as const,
    pitr: {
      useLatestRestorableTime: placed.useLatestRestorableTime,
      restoreTime: placed.useLatestRestorableTime ? undefined : placed.pointInTime,
      window: placed.window,
      position: placed.position,
      sourceDbInstanceIdentifier: req.regionRole === 'primary' ? db : undefined,
      sourceAutomatedBackupsArn: arn,
    },
    pointInTime: placed.pointInTime,
    expected,
    warnings: [] as string[],
  };
}

/** The replicated automated backups with the newest restorable point (the backup region's PITR source). */
export function newestReplicated(backups: readonly DBInstanceAutomatedBackup[]): DBInstanceAutomatedBackup | undefined {
  return backups
    .filter((b) => b.DBInstanceAutomatedBackupsArn && b.RestoreWindow?.LatestTime)
    .sort((a, b) => new Date(b.RestoreWindow!.LatestTime!).getTime() - new Date(a.RestoreWindow!.LatestTime!).getTime())[0];
}
