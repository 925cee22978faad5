import { stepHandler } from '../aws/step-handler';
import { emitBackupMetrics } from '../aws/backup-metrics';
import { summarizeBackup } from '../domain/backup/backup-summary';
import type { BackupRef, BackupVerification, CopyRef, ExecutionRef } from '../services/backup-service';

/** Database backup, last step: the run's figures as metrics and as the execution's output. */
export const handler = stepHandler(
  'record-backup-metrics',
  (e: { backup: BackupRef; copy: CopyRef; verification: BackupVerification; execution: ExecutionRef }) => {
    const summary = summarizeBackup({ ...e, executionStartTime: e.execution.StartTime, now: new Date() });
    emitBackupMetrics(summary);
    return summary;
  },
);
