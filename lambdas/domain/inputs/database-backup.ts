/**
 * Console input of the database backup (state-machines/database-backup.asl.json),
 * as the schedule sends it and as an operator types it. Structure only: that
 * the database is one this deployment protects is checked by the service.
 */
import { z } from 'zod';
import { isoDateTime, rdsInstanceId, strictInput } from './strict';

export const databaseBackupInput = strictInput({
  /** The RDS instance to back up (one of muejam.databases). */
  dbInstanceIdentifier: rdsInstanceId(),
  /** The schedule tick (names the snapshot); absent: the execution's start time. */
  scheduledTime: isoDateTime().optional(),
});

export type DatabaseBackupInput = z.output<typeof databaseBackupInput>;

/** The README's console input (the schedule adds `scheduledTime`). */
export const databaseBackupExample: DatabaseBackupInput = { dbInstanceIdentifier: 'muejam-db-prod' };

/** What CreateSnapshot receives as `request` (`$`): the input plus CheckSnapshotQuota's result at `$.quota`. */
export const databaseBackupCreateRequest = strictInput({
  ...databaseBackupInput.shape,
  quota: z.unknown().optional(),
});
