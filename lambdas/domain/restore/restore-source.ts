/**
 * Which snapshot a restore starts from: `latest` = the newest VERIFIED backup of that database
 * that this deployment made in that region; a named snapshot must exist there, be of that
 * database, be this deployment's, and be verified (unless `allowUnverified`, with a warning). Pure.
 */
import { InvalidInput, PreconditionFailed } from '../../errors';
import { isOwned, type RegionRole, TAG } from '../backup/ownership-tags';

/** The parts of a DBSnapshot the choice needs. */
export interface SnapshotCandidate {
  id: string;
  arn: string;
  /** DBInstanceIdentifier of the snapshot (kept by cross-region copies). */
  dbInstanceIdentifier?: string;
  status?: string;
  /** When the data was captured: OriginalSnapshotCreateTime of a copy, else SnapshotCreateTime. */
  createdAt?: string;
  encrypted: boolean;
  kmsKeyId?: string;
  engine?: string;
  engineVersion?: string;
  allocatedStorage?: number;
  tags: Record<string, string>;
}

export interface SourceScope {
  deploymentId: string;
  db: string;
  regionRole: RegionRole;
  region: string;
}

export interface ChosenSnapshot {
  snapshot: SnapshotCandidate;
  verifiedAt?: string;
  warnings: string[];
}

function owned(s: SnapshotCandidate, scope: SourceScope): boolean {
  return isOwned(s.tags, { deploymentId: scope.deploymentId, resource: scope.db, regionRole: scope.regionRole });
}

/** The newest verified, available snapshot this deployment made of `db` in that region; InvalidInput naming `snapshotId` when none. */
export function pickLatestVerified(candidates: readonly SnapshotCandidate[], scope: SourceScope): ChosenSnapshot {
  const usable = candidates
    .filter((s) => owned(s, scope) && s.tags[TAG.verifiedAt] && s.status === 'available' && s.createdAt)
    .sort((a, b) => Date.parse(b.createdAt!) - Date.parse(a.createdAt!) || b.id.localeCompare(a.id));
  const newest = usable[0];
  if (!newest) {
    throw new InvalidInput(
      'snapshotId',
      `"latest": deployment "${scope.deploymentId}" has no verified, available backup of ${scope.db} in ${scope.region} (${candidates.length} snapshot(s) seen); allowed: the id of an existing snapshot of ${scope.db} in ${scope.region}`,
    );
  }
  return { snapshot: newest, verifiedAt: newest.tags[TAG.verifiedAt], warnings: [] };
}

/** A snapshot named by the operator: refused unless it is this deployment's backup of `db` in that region, available and verified. */
export function checkNamedSnapshot(
  id: string,
  found: SnapshotCandidate | undefined,
  scope: SourceScope,
  allowUnverified: boolean,
): ChosenSnapshot {
  const where = `in ${scope.region}`;
  if (!found)
    throw new InvalidInput(
      'snapshotId',
      `snapshot "${id}" does not exist ${where}; allowed: "latest" or an existing snapshot of ${scope.db} ${where}`,
    );
  if (found.dbInstanceIdentifier && found.dbInstanceIdentifier.toLowerCase() !== scope.db.toLowerCase()) {
    throw new InvalidInput('snapshotId', `snapshot "${id}" is a backup of ${found.dbInstanceIdentifier}, not of ${scope.db}`);
  }
  if (!owned(found, scope)) {
    throw new InvalidInput(
      'snapshotId',
      `snapshot "${id}" ${where} was not made by deployment "${scope.deploymentId}" for ${scope.db} (${scope.regionRole} region); allowed: this deployment's backups of ${scope.db}`,
    );
  }
  if (found.status !== 'available') {
    throw new PreconditionFailed(`snapshot "${id}" ${where} is "${found.status ?? 'unknown'}"; only an available snapshot can be restored`);
  }
  const verifiedAt = found.tags[TAG.verifiedAt];
  if (!verifiedAt) {
    if (!allowUnverified) {
      throw new InvalidInput(
        'snapshotId',
        `snapshot "${id}" ${where} is not verified (no ${TAG.verifiedAt} tag); pass allowUnverified: true to restore it anyway, or use "latest" for the newest verified backup`,
      );
    }
    return {
      snapshot: found,
      warnings: [`snapshot ${id} is NOT verified (allowUnverified: true): check the restored data before using it`],
    };
  }
  return { snapshot: found, verifiedAt, warnings: [] };
}
