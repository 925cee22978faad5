import { recordSucceededRun } from '../services/run-outcome';
import { stepHandler } from '../runtime/step-handler';
import { WORKFLOWS } from '../domain/workflows/registry';
import { summarizeBackup } from '../domain/backup/backup-summary';
import { readRuntimeConfig } from '../runtime/runtime-config';
import type { BackupRef, BackupVerification, CopyRef, ExecutionRef } from '../services/backup-service';
import { alertPublisher } from '../services/instances';

/** Database backup, last step: the run's figures as metrics and as the execution's output; resolves an open incident. */
export const handler = stepHandler(
  'record-backup-metrics',
  async (e: { backup: BackupRef; copy: CopyRef; verification: BackupVerification; execution: ExecutionRef }) => {
    const now = new Date();
    const summary = summarizeBackup({ ...e, executionStartTime: e.execution.StartTime, now });
    await recordSucceededRun(
      alertPublisher(),
      {
        deployment: readRuntimeConfig().deploymentId,
        workflow: WORKFLOWS.databaseBackup.name,
        resource: summary.dbInstanceIdentifier,
        executionArn: e.execution.Id,
        durationSeconds: summary.backupDurationSeconds,
        copyDurationSeconds: summary.copyDurationSeconds,
        snapshotSizeGiB: e.verification.allocatedStorageGiB,
      },
      now,
    );
    return summary;
  },
);
