/** The backup record (getBackupMetrics) as a table: `npm run cli -- metrics` and the rehearsal print the same. */
import type { BackupMetricsReport, NewestVerified } from '../../lambdas/domain/metrics/backup-metrics-report';
import type { Output } from './output';

export const percent = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(1)} %`);

export function duration(s: number | null): string {
  if (s === null) return '-';
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

function newest(n: NewestVerified | undefined): string {
  if (!n || n.snapshotId === null) return 'none verified';
  return `${duration(n.ageSeconds)} old${n.withinRpo ? '' : ' (over RPO)'}`;
}

export const METRICS_HEADERS = [
  'resource',
  'runs',
  'ok',
  'failed',
  'success',
  'verify failed',
  'avg backup',
  'avg copy',
  'RPO compliance',
  'newest verified (primary)',
  'newest verified (backup)',
];

/** The table rows: one per resource, then the total. Pure. */
export function metricsRows(r: BackupMetricsReport): (string | number)[][] {
  const rows: (string | number)[][] = r.resources.map((x) => [
    x.resource,
    x.totalBackups,
    x.succeededBackups,
    x.failedBackups,
    percent(x.successRate),
    x.verificationFailures,
    duration(x.averageBackupDurationSeconds),
    duration(x.averageCopyDurationSeconds),
    x.rpoSamples ? `${percent(x.rpoCompliance)} of ${x.rpoSamples}` : 'no samples',
    newest(x.newestVerified.find((n) => n.role === 'primary')),
    newest(x.newestVerified.find((n) => n.role === 'backup')),
  ]);
  rows.push([
    'all',
    r.totalBackups,
    r.succeededBackups,
    r.failedBackups,
    percent(r.successRate),
    r.verificationFailures,
    duration(r.averageBackupDurationSeconds),
    duration(r.averageCopyDurationSeconds),
    r.rpoSamples ? `${percent(r.rpoCompliance)} of ${r.rpoSamples}` : 'no samples',
    '',
    '',
  ]);
  return rows;
}

export function printMetrics(out: Output, r: BackupMetricsReport): void {
  out.line(`  last ${r.days} day${r.days === 1 ? '' : 's'} (${r.from} → ${r.to}), RPO ${r.rpoHours} h, namespace ${r.namespace}`);
  out.table(METRICS_HEADERS, metricsRows(r));
}
