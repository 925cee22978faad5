import { stepHandler } from '../runtime/step-handler';
import { backupService } from '../services/instances';
import type { BackupRef, CopyRef } from '../services/backup-service';

/** Database backup, step 3: verify both snapshots; fails with VerificationFailed naming every failed check. */
export const handler = stepHandler('verify-db-backup', (e: { backup: BackupRef; copy: CopyRef }) =>
  backupService().verifyBackupOrFail(e.backup, e.copy),
);
