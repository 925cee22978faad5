/**
 * The metric points of a workflow run's outcome. Pure; the emitter publishes
 * them (lambdas/runtime/publish-metrics.ts).
 *
 * Every run publishes WorkflowSucceeded or WorkflowFailed (1); backup runs
 * also publish BackupSucceeded / BackupFailed with the 0 of the other
 * outcome, so a Sum is a count and an Average is the success rate. A failure
 * at verification also publishes VerificationFailed.
 */
import { InvalidInput } from '../../errors';
import { isBackupWorkflow } from '../workflows/registry';
import { METRICS, type MetricPoint } from './catalog';

export interface SucceededRun {
  workflow: string;
  resource: string;
  /** Seconds from the start of the run to the end (backups: verified copy). */
  durationSeconds?: number;
  copyDurationSeconds?: number;
  snapshotSizeGiB?: number;
  at?: Date;
}

export interface FailedRun {
  workflow: string;
  resource: string;
  /** The error name Step Functions caught (VerificationFailed, TerminalStatus, States.Timeout...). */
  error: string;
  at?: Date;
}

function dims(workflow: string, resource: string) {
  if (!workflow || !workflow.trim()) throw new InvalidInput('workflow', 'is required to publish run metrics');
  if (!resource || !resource.trim()) throw new InvalidInput('resource', 'is required to publish run metrics');
  return { Workflow: workflow, Resource: resource };
}

function seconds(field: string, v: number | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isFinite(v) || v < 0) throw new InvalidInput(field, 'must be a number of seconds, 0 or more');
  return v;
}

export function succeededRunPoints(r: SucceededRun): MetricPoint[] {
  const d = dims(r.workflow, r.resource);
  const duration = seconds('durationSeconds', r.durationSeconds);
  const copy = seconds('copyDurationSeconds', r.copyDurationSeconds);
  const size = seconds('snapshotSizeGiB', r.snapshotSizeGiB);
  const at = r.at;
  const points: MetricPoint[] = [{ metric: METRICS.workflowSucceeded, value: 1, dimensions: d, timestamp: at }];
  if (isBackupWorkflow(r.workflow)) {
    points.push(
      { metric: METRICS.backupSucceeded, value: 1, dimensions: d, timestamp: at },
      { metric: METRICS.backupFailed, value: 0, dimensions: d, timestamp: at },
    );
    if (duration !== undefined) points.push({ metric: METRICS.backupDuration, value: duration, dimensions: d, timestamp: at });
    if (copy !== undefined) points.push({ metric: METRICS.copyDuration, value: copy, dimensions: d, timestamp: at });
    if (size !== undefined) points.push({ metric: METRICS.snapshotSize, value: size, dimensions: d, timestamp: at });
  }
  return points;
}

export function failedRunPoints(r: FailedRun): MetricPoint[] {
  const d = dims(r.workflow, r.resource);
  const at = r.at;
  const points: MetricPoint[] = [{ metric: METRICS.workflowFailed, value: 1, dimensions: d, timestamp: at }];
  if (isBackupWorkflow(r.workflow)) {
    points.push(
      { metric: METRICS.backupFailed, value: 1, dimensions: d, timestamp: at },
      { metric: METRICS.backupSucceeded, value: 0, dimensions: d, timestamp: at },
    );
  }
  if (r.error === 'VerificationFailed') points.push({ metric: METRICS.verificationFailed, value: 1, dimensions: d, timestamp: at });
  return points;
}

/** Retention figures of one resource in one region. */
export function retentionPoints(r: { resource: string; region: string; deleted: number; kept: number; at?: Date }): MetricPoint[] {
  for (const [field, v] of [
    ['deleted', r.deleted],
    ['kept', r.kept],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new InvalidInput(field, 'must be a whole number, 0 or more');
  }
  if (!r.resource?.trim()) throw new InvalidInput('resource', 'is required to publish retention metrics');
  if (!r.region?.trim()) throw new InvalidInput('region', 'is required to publish retention metrics');
  const d = { Resource: r.resource, Region: r.region };
  return [
    { metric: METRICS.retentionDeleted, value: r.deleted, dimensions: d, timestamp: r.at },
    { metric: METRICS.retentionKept, value: r.kept, dimensions: d, timestamp: r.at },
  ];
}
