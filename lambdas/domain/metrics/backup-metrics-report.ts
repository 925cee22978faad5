/**
 * getBackupMetrics(days), the pure half: which CloudWatch series to read for
 * a window, and how the returned values become the report (success rate,
 * counts, average durations, RPO compliance). The service runs the queries
 * (GetMetricData) and reads the newest verified backups.
 *
 * Sums are taken over every returned datapoint, whatever the period
 * alignment CloudWatch (or the emulator) chose, so the figures do not depend
 * on how the window is cut into periods.
 */
import { InvalidInput } from '../../errors';
import { type DimensionName, METRICS, type MetricDefinition, SERVICE_DIMENSION, SERVICE_NAME } from './catalog';
import { type RegionRole, type ResourceKind, rpoHoursFor } from './rpo';

export const MAX_DAYS = 455;

export function validateDays(value: unknown, field = 'days'): number {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_DAYS) {
    throw new InvalidInput(field, `must be a whole number of days from 1 to ${MAX_DAYS} (CloudWatch keeps hourly data for 455 days)`);
  }
  return n;
}

export type Stat = 'Sum' | 'SampleCount' | 'Maximum';

export interface SeriesQuery {
  id: string;
  metric: MetricDefinition;
  dimensions: Partial<Record<DimensionName, string>>;
  stat: Stat;
  periodSeconds: number;
}

export interface ProtectedResource {
  resource: string;
  kind: ResourceKind;
  workflow: string;
}

/** Periods: the whole window for counts and averages; 15 minutes (the RPO check's cadence) for RPO samples, 1 h past 63 days. */
export function periods(days: number): { totals: number; rpo: number } {
  return { totals: days * 86400, rpo: days <= 63 ? 900 : 3600 };
}

/** CloudWatch dimensions of a query, with the `service` dimension Powertools adds to every metric. */
export function cloudWatchDimensions(q: Pick<SeriesQuery, 'dimensions'>): { Name: string; Value: string }[] {
  return [
    { Name: SERVICE_DIMENSION, Value: SERVICE_NAME },
    ...Object.entries(q.dimensions)
      .filter(([, v]) => v !== undefined)
      .map(([Name, Value]) => ({ Name, Value: Value as string })),
  ];
}

/** Every series the report needs, with stable ids (q0, q1, ...). */
export function backupMetricsQueries(o: {
  days: number;
  resources: readonly ProtectedResource[];
  regions: readonly string[];
}): SeriesQuery[] {
  const p = periods(o.days);
  const out: Omit<SeriesQuery, 'id'>[] = [];
  for (const r of o.resources) {
    const run = { Workflow: r.workflow, Resource: r.resource };
    out.push(
      { metric: METRICS.backupSucceeded, dimensions: run, stat: 'Sum', periodSeconds: p.totals },
      { metric: METRICS.backupSucceeded, dimensions: run, stat: 'SampleCount', periodSeconds: p.totals },
      { metric: METRICS.backupFailed, dimensions: run, stat: 'Sum', periodSeconds: p.totals },
      { metric: METRICS.verificationFailed, dimensions: run, stat: 'Sum', periodSeconds: p.totals },
      { metric: METRICS.backupDuration, dimensions: run, stat: 'Sum', periodSeconds: p.totals },
      { metric: METRICS.backupDuration, dimensions: run, stat: 'SampleCount', periodSeconds: p.totals },
      { metric: METRICS.copyDuration, dimensions: run, stat: 'Sum', periodSeconds: p.totals },
      { metric: METRICS.copyDuration, dimensions: run, stat: 'SampleCount', periodSeconds: p.totals },
    );
    for (const region of o.regions) {
      out.push({
        metric: METRICS.newestVerifiedBackupAge,
        dimensions: { Resource: r.resource, Region: region },
        stat: 'Maximum',
        periodSeconds: p.rpo,
      });
    }
  }
  return out.map((q, i) => ({ id: `q${i}`, ...q }));
}

export interface NewestVerified {
  region: string;
  role: RegionRole;
  snapshotId: string | null;
  recoveryPointTime: string | null;
  ageSeconds: number | null;
  withinRpo: boolean | null;
}

/** The figures of a window, per resource and in total. */
export interface BackupFigures {
  totalBackups: number;
  succeededBackups: number;
  failedBackups: number;
  /** succeeded / total, 0..1; null when there was no run in the window. */
  successRate: number | null;
  verificationFailures: number;
  averageBackupDurationSeconds: number | null;
  averageCopyDurationSeconds: number | null;
  /** Share of RPO check samples (15 min) within the RPO, 0..1; null without samples. */
  rpoCompliance: number | null;
  rpoSamples: number;
}

export interface ResourceBackupMetrics extends BackupFigures {
  resource: string;
  kind: ResourceKind;
  /** The RPO this resource is held to (caches: at least 26 h, they are backed up daily). */
  rpoHours: number;
  workflow: string;
  newestVerified: NewestVerified[];
}

export interface BackupMetricsReport extends BackupFigures {
  days: number;
  from: string;
  to: string;
  rpoHours: number;
  namespace: string;
  resources: ResourceBackupMetrics[];
}

const sum = (xs: readonly number[] | undefined) => (xs ?? []).reduce((a, b) => a + b, 0);
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** Builds the report from the values each query returned (by query id) and the newest verified backups. */
export function buildBackupMetricsReport(o: {
  days: number;
  from: Date;
  to: Date;
  rpoHours: number;
  namespace: string;
  resources: readonly ProtectedResource[];
  regions: readonly string[];
  queries: readonly SeriesQuery[];
  values: Readonly<Record<string, readonly number[]>>;
  newest: Readonly<Record<string, NewestVerified[]>>;
}): BackupMetricsReport {
  const find = (resource: ProtectedResource, metric: MetricDefinition, stat: Stat, region?: string) =>
    o.queries.find(
      (q) =>
        q.metric.name === metric.name &&
        q.stat === stat &&
        q.dimensions.Resource === resource.resource &&
        (region === undefined ? q.dimensions.Workflow === resource.workflow : q.dimensions.Region === region),
    );
  const total = (r: ProtectedResource, m: MetricDefinition, s: Stat) => {
    const q = find(r, m, s);
    return q ? sum(o.values[q.id]) : 0;
  };
  let rpoWithin = 0;

  const resources: ResourceBackupMetrics[] = o.resources.map((r) => {
    const succeeded = total(r, METRICS.backupSucceeded, 'Sum');
    const failed = total(r, METRICS.backupFailed, 'Sum');
    // Every run publishes BackupSucceeded (1 or 0): its sample count is the number of runs.
    const runs = Math.max(total(r, METRICS.backupSucceeded, 'SampleCount'), succeeded + failed);
    const limit = rpoHoursFor(r.kind, o.rpoHours) * 3600;
    let within = 0;
    let samples = 0;
    for (const region of o.regions) {
      const q = find(r, METRICS.newestVerifiedBackupAge, 'Maximum', region);
      for (const v of q ? (o.values[q.id] ?? []) : []) {
        samples += 1;
        if (v <= limit) within += 1;
      }
    }
    rpoWithin += within;
    return {
      resource: r.resource,
      kind: r.kind,
      rpoHours: rpoHoursFor(r.kind, o.rpoHours),
      workflow: r.workflow,
      totalBackups: runs,
      succeededBackups: succeeded,
      failedBackups: failed,
      successRate: ratio(succeeded, runs),
      verificationFailures: total(r, METRICS.verificationFailed, 'Sum'),
      averageBackupDurationSeconds: ratio(total(r, METRICS.backupDuration, 'Sum'), total(r, METRICS.backupDuration, 'SampleCount')),
      averageCopyDurationSeconds: ratio(total(r, METRICS.copyDuration, 'Sum'), total(r, METRICS.copyDuration, 'SampleCount')),
      newestVerified: o.newest[r.resource] ?? [],
      rpoCompliance: ratio(within, samples),
      rpoSamples: samples,
    };
  });

  const all = (f: (r: ResourceBackupMetrics) => number) => resources.reduce((a, r) => a + f(r), 0);
  const totalBackups = all((r) => r.totalBackups);
  const succeededBackups = all((r) => r.succeededBackups);
  const weighted = (metric: MetricDefinition) => {
    let s = 0;
    let n = 0;
    for (const r of o.resources) {
      s += total(r, metric, 'Sum');
      n += total(r, metric, 'SampleCount');
    }
    return ratio(s, n);
  };
  const rpoSamples = all((r) => r.rpoSamples);
  return {
    days: o.days,
    from: o.from.toISOString(),
    to: o.to.toISOString(),
    rpoHours: o.rpoHours,
    namespace: o.namespace,
    totalBackups,
    succeededBackups,
    failedBackups: all((r) => r.failedBackups),
    successRate: ratio(succeededBackups, totalBackups),
    verificationFailures: all((r) => r.verificationFailures),
    averageBackupDurationSeconds: weighted(METRICS.backupDuration),
    averageCopyDurationSeconds: weighted(METRICS.copyDuration),
    rpoCompliance: ratio(rpoWithin, rpoSamples),
    rpoSamples,
    resources,
  };
}

/** Newest verified backup of one region as the report shows it. */
export function newestVerifiedEntry(o: {
  region: string;
  role: RegionRole;
  newest: { snapshotId: string; recoveryPointTime: string } | null;
  now: Date;
  rpoHours: number;
}): NewestVerified {
  if (!o.newest) return { region: o.region, role: o.role, snapshotId: null, recoveryPointTime: null, ageSeconds: null, withinRpo: null };
  const age = Math.max(0, Math.round((o.now.getTime() - Date.parse(o.newest.recoveryPointTime)) / 1000));
  return {
    region: o.region,
    role: o.role,
    snapshotId: o.newest.snapshotId,
    recoveryPointTime: o.newest.recoveryPointTime,
    ageSeconds: age,
    withinRpo: age <= o.rpoHours * 3600,
  };
}
