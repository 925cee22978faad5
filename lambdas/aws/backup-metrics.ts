/** Emits the metrics of a finished database backup (Powertools EMF: no API call, no IAM). */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { BackupSummary } from '../domain/backup/backup-summary';
import { metrics } from './powertools';

export function emitBackupMetrics(s: BackupSummary): void {
  metrics.addDimension('DBInstanceIdentifier', s.dbInstanceIdentifier);
  metrics.addMetric('BackupSucceeded', MetricUnit.Count, s.isValid ? 1 : 0);
  metrics.addMetric('BackupDuration', MetricUnit.Seconds, s.backupDurationSeconds);
  metrics.addMetric('CopyDuration', MetricUnit.Seconds, s.copyDurationSeconds);
  metrics.publishStoredMetrics();
}
