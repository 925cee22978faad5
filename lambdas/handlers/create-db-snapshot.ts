import { databaseBackupCreateRequest } from '../domain/inputs/database-backup';
import { parseInput } from '../domain/inputs/strict';
import { stepHandler } from '../runtime/step-handler';
import { backupService } from '../services/instances';
import type { CreateBackupRequest, ExecutionRef } from '../services/backup-service';

/** Database backup, step 1: create (or continue with) this schedule tick's snapshot. The input is parsed strictly first. */
export const handler = stepHandler('create-db-snapshot', (e: { request: CreateBackupRequest; execution: ExecutionRef }) =>
  backupService().createDatabaseBackup(parseInput(databaseBackupCreateRequest, e.request), e.execution),
);
