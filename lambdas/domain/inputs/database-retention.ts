/**
 * Console input of the database retention (state-machines/database-retention.asl.json).
 * `dryrun` (lower-case r) once ran a real cleanup: unknown keys are refused.
 */
import type { z } from 'zod';
import { flag, isLocalRunner, isoDateTime, localOnly, rdsInstanceId, strictInput } from './strict';

/** The schema; `localAllowed` says whether local-only fields are accepted (default: only under the local runner). */
export function databaseRetentionInputWith(localAllowed: () => boolean = isLocalRunner) {
  return strictInput({
    /** The RDS instance whose snapshots are planned (one of muejam.databases). */
    dbInstanceIdentifier: rdsInstanceId(),
    /** true: plan and report, delete nothing. */
    dryRun: flag('true plans and reports without deleting').optional(),
    /** Local runs only (tests, rehearsal): plan at this time instead of now. */
    clockOverride: localOnly(isoDateTime(), 'clockOverride', localAllowed).optional(),
  });
}

export const databaseRetentionInput = databaseRetentionInputWith();

export type DatabaseRetentionInput = z.output<typeof databaseRetentionInput>;

/** The README's console input (`"dryRun": true` plans only). */
export const databaseRetentionExample: DatabaseRetentionInput = { dbInstanceIdentifier: 'muejam-db-prod' };
