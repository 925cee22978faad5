/** Powertools Logger and Metrics, one of each per container. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'muejam-backup-dr' });

export const metrics = new Metrics({
  namespace: process.env.METRICS_NAMESPACE || process.env.POWERTOOLS_METRICS_NAMESPACE || 'MueJam/Backup',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'muejam-backup-dr',
});
