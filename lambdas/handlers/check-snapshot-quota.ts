import { databaseBackupInput } from '../domain/inputs/database-backup';
import { parseInput } from '../domain/inputs/strict';
import { awsClient } from '../runtime/clients';
import { lazy } from '../runtime/lazy';
import { stepHandler } from '../runtime/step-handler';
import { alertPublisher } from '../services/instances';
import { SnapshotQuotaService } from '../services/snapshot-quota-service';

const quotaService = /* @__PURE__ */ lazy((c) => new SnapshotQuotaService(c, awsClient, alertPublisher()));

/**
 * Database backup, step 0: manual-snapshot quota headroom in both regions; a warning alert at 80 % or more. Never blocks the backup.
 * Bad input is refused before any AWS call (the ASL then goes on to CreateSnapshot, which refuses it again and alerts).
 */
export const handler = stepHandler('check-snapshot-quota', (e: { request?: unknown; execution?: { Id?: string } }) => {
  parseInput(databaseBackupInput, e.request);
  return quotaService().checkBeforeBackup(e);
});
