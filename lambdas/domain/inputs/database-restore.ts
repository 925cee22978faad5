/**
 * Console input of the database restore (state-machines/database-restore.asl.json; CLI `restore`
 * and `restore-pitr`): the structure (keys, types, identifiers, dates). What depends on the
 * deployment (protected databases, regions, snapshots, the window) is checked by
 * lambdas/domain/restore/restore-request.ts after this schema, then by the validate step.
 */
import type { z } from 'zod';
import { flag, isoDateTimeProblem, oneOf, rdsInstanceId, strictInput, text } from './strict';

export const databaseRestoreInput = strictInput({
  dbInstanceIdentifier: rdsInstanceId(),
  targetDbInstanceIdentifier: rdsInstanceId(),
  region: oneOf(['primary', 'backup'], "allowed (the deployment's region roles)"),
  snapshotId: text('"latest" (the newest verified backup in that region) or a snapshot id').optional(),
  restoreTime: text('"latest" or an ISO-8601 date-time with Z or an offset (e.g. 2026-12-03T04:10:00Z)', (v) =>
    v === 'latest' ? undefined : isoDateTimeProblem(v),
  ).optional(),
  allowUnverified: flag('restore a snapshot that has not been verified; default false').optional(),
  purpose: text('a lower-case kebab-case purpose such as "restore", "restore-test", "dr-drill"').optional(),
});

export type DatabaseRestoreInput = z.output<typeof databaseRestoreInput>;

export const databaseRestoreExample: DatabaseRestoreInput = {
  dbInstanceIdentifier: 'muejam-db-prod',
  targetDbInstanceIdentifier: 'muejam-db-restored',
  region: 'backup',
  snapshotId: 'latest',
};

export const databasePitrExample: DatabaseRestoreInput = {
  dbInstanceIdentifier: 'muejam-db-prod',
  targetDbInstanceIdentifier: 'muejam-db-pitr',
  region: 'primary',
  restoreTime: '2026-12-03T04:10:00Z',
};
