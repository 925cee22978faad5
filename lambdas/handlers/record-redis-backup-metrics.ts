import { emitRedisBackupMetrics } from '../aws/redis-backup-metrics';
import { summarizeRedisBackup } from '../domain/redis/backup-summary';
import type { ExecutionRef } from '../services/backup-service';
import type { CopyResult, ExportedObjects, RedisBackupRef, RedisBackupVerification } from '../services/redis-backup-service';

/** Redis backup, last step: the run's figures as metrics and as the execution's output. */
export const handler = (e: { backup: RedisBackupRef; exported: ExportedObjects; copy: CopyResult; verification: RedisBackupVerification; execution: ExecutionRef }) => {
  const summary = summarizeRedisBackup({ ...e, executionStartTime: e.execution.StartTime, now: new Date() });
  emitRedisBackupMetrics(summary);
  return summary;
};
