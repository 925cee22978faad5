import { stepHandler } from '../runtime/step-handler';
import { backupService } from '../services/instances';
import type { BackupRef, ExecutionRef } from '../services/backup-service';

/** Database backup, step 2: copy to the backup region under its customer-managed key. */
export const handler = stepHandler('copy-db-snapshot', (e: { backup: BackupRef; execution: ExecutionRef }) =>
  backupService().copyToBackupRegion(e.backup, e.execution),
);
