/** Emits the metrics of a finished Redis backup (Powertools EMF: no API call, no IAM). */
import { succeededRunPoints } from '../domain/metrics/run-outcome-points';
import type { RedisBackupSummary } from '../domain/redis/backup-summary';
import { publishMetricPoints } from './publish-metrics';

export const REDIS_BACKUP_WORKFLOW = 'redis-backup';

export function emitRedisBackupMetrics(s: RedisBackupSummary): void {
  publishMetricPoints(
    succeededRunPoints({
      workflow: REDIS_BACKUP_WORKFLOW,
      resource: s.replicationGroupId,
      durationSeconds: s.backupDurationSeconds,
      snapshotSizeGiB: s.totalBytes / 1024 ** 3,
    }),
  );
}
