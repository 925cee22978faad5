/**
 * The Redis backup's workflow name as its metrics and alerts carry it (dimension
 * `Workflow`). The last step publishes the run's metrics with recordSucceededRun
 * (lambdas/services/run-outcome.ts), like the database backup.
 */
export const REDIS_BACKUP_WORKFLOW = 'redis-backup';
