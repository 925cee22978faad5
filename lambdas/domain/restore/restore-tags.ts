/**
 * The tags on an instance a restore creates: this deployment's ownership tags plus what it is
 * for (`muejam:purpose`, chosen by the caller: restore, restore-test, dr-drill, ...) and what it
 * was restored from. IAM allows the restore calls only with these tags in the request
 * (lib/workflows/database-restore-workflow.ts). Pure.
 */
import { InvalidInput } from '../../errors';
import { ownershipTags, type RegionRole, type Tag } from '../backup/ownership-tags';

export const RESTORE_TAG = {
  purpose: 'muejam:purpose',
  restoredFrom: 'muejam:restored-from',
  pointInTime: 'muejam:restored-to',
} as const;

export const DEFAULT_RESTORE_PURPOSE = 'restore';
const PURPOSE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const PURPOSE_RULE = 'lower-case kebab-case, 1-32 characters (e.g. "restore", "restore-test", "dr-drill")';

/** The caller's purpose: default "restore"; kebab-case so IAM conditions and cleanups can match it exactly. */
export function validatePurpose(field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return DEFAULT_RESTORE_PURPOSE;
  if (typeof value !== 'string' || value.length > 32 || !PURPOSE.test(value)) {
    throw new InvalidInput(field, `${JSON.stringify(value)} is not allowed: ${PURPOSE_RULE}`);
  }
  return value;
}

export function restoreTags(o: {
  deploymentId: string;
  /** The protected database the data comes from. */
  sourceDb: string;
  regionRole: RegionRole;
  execution: string;
  purpose: string;
  /** Snapshot ARN/id, or the automated backups the point in time came from. */
  restoredFrom: string;
  /** ISO time the data represents. */
  pointInTime: string;
  /** Extra tags from the database's restore settings (never muejam:*; the schema refuses them). */
  extra?: Record<string, string>;
}): Tag[] {
  const own = ownershipTags({ deploymentId: o.deploymentId, resource: o.sourceDb, regionRole: o.regionRole, execution: o.execution });
  const extra = Object.entries(o.extra ?? {})
    .filter(([k]) => !k.startsWith('muejam:'))
    .map(([Key, Value]) => ({ Key, Value }));
  return [
    ...own,
    { Key: RESTORE_TAG.purpose, Value: o.purpose },
    { Key: RESTORE_TAG.restoredFrom, Value: o.restoredFrom.slice(0, 256) },
    { Key: RESTORE_TAG.pointInTime, Value: o.pointInTime },
    ...extra,
  ];
}
