import { stepHandler } from '../runtime/step-handler';
import { WORKFLOWS } from '../domain/workflows/registry';
import { recordSucceededRun } from '../services/run-outcome';
import { summarizeRedisBackup } from '../domain/redis/backup-summary';
import { readRuntimeConfig } from '../runtime/runtime-config';
import type { ExecutionRef } from '../services/backup-service';
import { alertPublisher } from '../services/instances';
import type { CopyResult, ExportedObjects, RedisBackupRef, RedisBackupVerification } from '../services/redis-backup-service';

/** Redis backup, last step: the run's figures as metrics and as the execution's output; resolves an open incident. */
export const handler = stepHandler(
  'record-redis-backup-metrics',
  async (e: {
    backup: RedisBackupRef;
    exported: ExportedObjects;
    copy: CopyResult;
    verification: RedisBackupVerification;
    execution: ExecutionRef;
  }) => {
    const now = new Date();
    const summary = summarizeRedisBackup({ ...e, executionStartTime: e.execution.StartTime, now });
    await recordSucceededRun(
      alertPublisher(),
      {
        deployment: readRuntimeConfig().deploymentId,
        workflow: WORKFLOWS.redisBackup.name,
        resource: summary.replicationGroupId,
        executionArn: e.execution.Id,
        durationSeconds: summary.backupDurationSeconds,
        snapshotSizeGiB: summary.totalBytes / 1024 ** 3,
      },
      now,
    );
    return summary;
  },
);
