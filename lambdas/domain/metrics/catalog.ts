/**
 * Every metric this system publishes: name, unit and dimension names, in one
 * place. The handlers emit them (lambdas/runtime/publish-metrics.ts), the alarms
 * and the dashboard (lib/observability) and `getBackupMetrics` read them, so
 * a name cannot drift between writer and reader. Pure: no SDK.
 *
 * Dimensions: `service` is added by Powertools to every metric (value
 * POWERTOOLS_SERVICE_NAME = "muejam-backup-dr"); the others are listed per
 * metric. Resource = RDS instance id or ElastiCache replication group id.
 */
export const SERVICE_DIMENSION = 'service';
export const SERVICE_NAME = 'muejam-backup-dr';
export const DEFAULT_NAMESPACE = 'MueJam/Backup';

/** The units used here (a subset of CloudWatch's, spelled as CloudWatch and Powertools spell them). */
export type MetricUnitName = 'Count' | 'Seconds' | 'Gigabytes';

export type DimensionName = 'Workflow' | 'Resource' | 'Region';

export interface MetricDefinition {
  name: string;
  unit: MetricUnitName;
  /** Dimension names besides `service`, in the order they are published. */
  dimensions: readonly DimensionName[];
  description: string;
}

const RUN = ['Workflow', 'Resource'] as const;
const RESOURCE_IN_REGION = ['Resource', 'Region'] as const;
const RESTORE = ['Workflow', 'Resource', 'Region'] as const;

function def(name: string, unit: MetricUnitName, dimensions: readonly DimensionName[], description: string): MetricDefinition {
  return { name, unit, dimensions, description };
}

export const METRICS = {
  // Outcome of each run, per workflow and resource (1 per run).
  backupSucceeded: def('BackupSucceeded', 'Count', RUN, 'A backup run finished and verified (1 per run).'),
  backupFailed: def('BackupFailed', 'Count', RUN, 'A backup run failed at some step (1 per run).'),
  backupDuration: def('BackupDuration', 'Seconds', RUN, 'Start of the run to verified copy in both regions.'),
  copyDuration: def('CopyDuration', 'Seconds', RUN, 'Cross-region copy requested to copy verified.'),
  verificationFailed: def('VerificationFailed', 'Count', RUN, 'A backup (either region) failed verification.'),
  snapshotSize: def('SnapshotSize', 'Gigabytes', RUN, 'Allocated storage of the verified snapshot.'),
  retentionDeleted: def('RetentionDeleted', 'Count', RESOURCE_IN_REGION, 'Snapshots deleted by a retention run.'),
  retentionKept: def('RetentionKept', 'Count', RESOURCE_IN_REGION, 'Snapshots kept by a retention run.'),
  workflowSucceeded: def('WorkflowSucceeded', 'Count', RUN, 'Any workflow run that succeeded (1 per run).'),
  workflowFailed: def('WorkflowFailed', 'Count', RUN, 'Any workflow run that failed (1 per run).'),
  // RPO check, every 15 minutes.
  newestVerifiedBackupAge: def(
    'NewestVerifiedBackupAge',
    'Seconds',
    RESOURCE_IN_REGION,
    'Age of the recovery point of the newest verified backup in that region (RPO check).',
  ),
  pitrLag: def('PitrLag', 'Seconds', ['Resource'], 'now - LatestRestorableTime of the database (RPO check).'),
  backupRegionPitrLag: def(
    'BackupRegionPitrLag',
    'Seconds',
    RESOURCE_IN_REGION,
    'now - the newest restorable time of the automated backups replicated to the backup region (RPO check); absent when none.',
  ),
  // Alert pipeline health (the PagerDuty forwarder).
  routingKeyPlaceholder: def(
    'RoutingKeyPlaceholder',
    'Count',
    [],
    'The PagerDuty forwarder found its routing-key secret still holding the placeholder (1 per alert it could not send).',
  ),
  // Database restores (database-restore, and the restore test / DR drill reusing its steps), per database and region.
  restoreSucceeded: def('RestoreSucceeded', 'Count', RESTORE, 'A database restore finished and verified (1 per run; 0 on failure).'),
  restoreFailed: def('RestoreFailed', 'Count', RESTORE, 'A database restore failed at some step (1 per run; 0 on success).'),
  restoreDuration: def('RestoreDuration', 'Seconds', RESTORE, 'Measured RTO of a restore: request to verified instance.'),
  restoredDataAge: def(
    'RestoredDataAge',
    'Seconds',
    RESTORE,
    'Age of the restored data at the end of the restore (restore target time vs now).',
  ),
  // Restore tests (weekly verification, issue 11), per database and region tested.
  restoreTestSucceeded: def(
    'RestoreTestSucceeded',
    'Count',
    RESOURCE_IN_REGION,
    'A restore test passed every SQL check (1 per run; 0 on failure).',
  ),
  restoreTestFailed: def(
    'RestoreTestFailed',
    'Count',
    RESOURCE_IN_REGION,
    'A restore test failed: a SQL check or any step (1 per run; 0 on success).',
  ),
  restoreTestRto: def(
    'RestoreTestRto',
    'Seconds',
    RESOURCE_IN_REGION,
    'Measured RTO of a restore test: restore requested -> available -> checks passed.',
  ),
  restoreTestProjectedRto: def(
    'RestoreTestProjectedRto',
    'Seconds',
    RESOURCE_IN_REGION,
    'The restore test RTO projected to 100 GiB (restore time scaled linearly by allocated storage, plus the checks).',
  ),
  restoreTestDataAge: def(
    'RestoreTestDataAge',
    'Seconds',
    RESOURCE_IN_REGION,
    'RPO measured from the data: the backup creation time minus the newest configured timestamp in the restored data.',
  ),
  restoreTestSinceSuccess: def(
    'RestoreTestSinceSuccess',
    'Seconds',
    ['Resource'],
    'Time since the last restore test of the database that passed, either region (twice-daily check; the 8-day alarm reads it).',
  ),
  // DR drill (quarterly, issue 13), per protected database.
  drDrillSucceeded: def(
    'DrDrillSucceeded',
    'Count',
    ['Resource'],
    'A DR drill passed every test (1 per run; 0 when it failed or was partial).',
  ),
  drDrillFailed: def('DrDrillFailed', 'Count', ['Resource'], 'A DR drill failed or was partial (1 per run; 0 when it passed).'),
  drDrillRto: def(
    'DrDrillRto',
    'Seconds',
    ['Resource'],
    'The longest recovery time a DR drill measured (restore, point-in-time restore, failover).',
  ),
  drDrillRpo: def('DrDrillRpo', 'Seconds', ['Resource'], 'The largest recovery point (data age) a DR drill measured.'),
  drDrillSinceSuccess: def(
    'DrDrillSinceSuccess',
    'Seconds',
    ['Resource'],
    'Time since the last DR drill that passed (daily check; the 100-day alarm reads it).',
  ),
} as const satisfies Record<string, MetricDefinition>;

export type MetricKey = keyof typeof METRICS;

/** One value to publish. */
export interface MetricPoint {
  metric: MetricDefinition;
  value: number;
  dimensions: Partial<Record<DimensionName, string>>;
  /** When the value was measured; default: when published. */
  timestamp?: Date;
}
