/**
 * Validation of a database restore request typed by an operator (console JSON, CLI) or built by
 * another workflow (restore test, DR drill). Every problem names the field and what is allowed;
 * unknown fields are refused with the nearest known one. Pure: the checks that need AWS (target
 * exists, snapshot exists, window) are made by the validate step with these results.
 *
 * Snapshot restore: `snapshotId` ("latest" or an id). Point-in-time restore: `restoreTime`
 * ("latest" or an ISO time with a zone). Exactly one of the two.
 */
import { InvalidInput } from '../../errors';
import { parseTimestamp, validateProtectedDatabase, validateRdsIdentifier } from '../backup/identifiers';
import type { RegionRole } from '../backup/ownership-tags';
import { databaseRestoreInput } from '../inputs/database-restore';
import { parseInput } from '../inputs/strict';
import { validatePurpose } from './restore-tags';
import { validateRestoreTarget } from './restore-target';

export const RESTORE_REQUEST_FIELDS = [
  'dbInstanceIdentifier',
  'targetDbInstanceIdentifier',
  'region',
  'snapshotId',
  'restoreTime',
  'allowUnverified',
  'purpose',
] as const;

export const REGION_ROLES: readonly RegionRole[] = ['primary', 'backup'];

export type RestoreSource =
  | { kind: 'snapshot'; snapshotId: 'latest' | string; allowUnverified: boolean }
  | { kind: 'pitr'; restoreTime: 'latest' | string };

export interface DbRestoreRequest {
  /** The protected database whose backup is restored. */
  dbInstanceIdentifier: string;
  /** The NEW instance to create. */
  targetDbInstanceIdentifier: string;
  regionRole: RegionRole;
  /** The AWS region of that role. */
  region: string;
  source: RestoreSource;
  /** Value of the muejam:purpose tag (default "restore"). */
  purpose: string;
}

export interface RestoreRequestContext {
  primaryRegion: string;
  backupRegion: string;
  databases: readonly string[];
}

function regionRole(v: unknown): RegionRole {
  if (v !== 'primary' && v !== 'backup') {
    throw new InvalidInput('region', `${JSON.stringify(v)} is not allowed: "primary" or "backup" (the deployment's region roles)`);
  }
  return v;
}

function restoreTime(v: unknown): 'latest' | string {
  if (v === 'latest') return 'latest';
  if (typeof v !== 'string')
    throw new InvalidInput(
      'restoreTime',
      `${JSON.stringify(v)} is not allowed: "latest" or an ISO-8601 time with a zone (e.g. 2026-12-03T04:10:00Z)`,
    );
  const d = parseTimestamp('restoreTime', v);
  const [y, m, day] = v.slice(0, 10).split('-').map(Number);
  if (m < 1 || m > 12 || day < 1 || day > new Date(Date.UTC(y, m, 0)).getUTCDate()) {
    throw new InvalidInput('restoreTime', `"${v}" is not a real calendar date (e.g. 2026-12-03T04:10:00Z)`);
  }
  return d.toISOString();
}

export function validateDbRestoreRequest(input: unknown, ctx: RestoreRequestContext): DbRestoreRequest {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidInput('input', `must be a JSON object with the fields ${RESTORE_REQUEST_FIELDS.join(', ')}`);
  }
  // Structure first (unknown keys with the nearest one, types, lower-case ids, real dates with a zone): the shared input rule.
  const raw = parseInput(databaseRestoreInput, input, '') as Record<string, unknown>;
  const db = validateProtectedDatabase('dbInstanceIdentifier', raw.dbInstanceIdentifier, ctx.databases);
  const target = validateRestoreTarget('targetDbInstanceIdentifier', raw.targetDbInstanceIdentifier, ctx.databases);
  const role = regionRole(raw.region);
  const hasSnapshot = raw.snapshotId !== undefined && raw.snapshotId !== null;
  const hasTime = raw.restoreTime !== undefined && raw.restoreTime !== null;
  if (hasSnapshot === hasTime) {
    throw new InvalidInput(
      hasSnapshot ? 'restoreTime' : 'snapshotId',
      'give exactly one of snapshotId ("latest" or a snapshot id: restore from a snapshot) and restoreTime ("latest" or an ISO time with a zone: point-in-time restore)',
    );
  }
  if (raw.allowUnverified !== undefined && typeof raw.allowUnverified !== 'boolean') {
    throw new InvalidInput('allowUnverified', `${JSON.stringify(raw.allowUnverified)} is not allowed: true or false (default false)`);
  }
  if (hasTime && raw.allowUnverified !== undefined) {
    throw new InvalidInput('allowUnverified', 'applies to snapshot restores only; a point-in-time restore has no snapshot to verify');
  }
  const source: RestoreSource = hasSnapshot
    ? {
        kind: 'snapshot',
        snapshotId: raw.snapshotId === 'latest' ? 'latest' : validateRdsIdentifier('snapshotId', raw.snapshotId, 255),
        allowUnverified: raw.allowUnverified === true,
      }
    : { kind: 'pitr', restoreTime: restoreTime(raw.restoreTime) };
  return {
    dbInstanceIdentifier: db,
    targetDbInstanceIdentifier: target,
    regionRole: role,
    region: role === 'primary' ? ctx.primaryRegion : ctx.backupRegion,
    source,
    purpose: validatePurpose('purpose', raw.purpose),
  };
}
