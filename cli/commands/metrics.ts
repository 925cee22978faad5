/**
 * `metrics --days N`: the backup record of the last N days (success rate,
 * counts, average durations, newest verified backup per region, RPO
 * compliance) as a table, or as JSON with `--json`. Reads CloudWatch and the
 * backups themselves through BackupService.getBackupMetrics; with
 * AWS_ENDPOINT_URL set it reads that emulator instead.
 */
import type { Command } from 'commander';
import { awsClient } from '../../lambdas/runtime/clients';
import type { BackupMetricsReport, NewestVerified } from '../../lambdas/domain/metrics/backup-metrics-report';
import { validateDays } from '../../lambdas/domain/metrics/backup-metrics-report';
import { redisBucketName } from '../../lambdas/domain/redis/names';
import { BackupService } from '../../lambdas/services/backup-service';
import { redisBucketEnvironment } from '../../lambdas/services/redis-config';
import { RPO_ENV, metricsServiceFor } from '../../lambdas/services/rpo-setup';
import { type BackupConfig, toRuntimeConfig } from '../../lib/config';
import { loadDeploymentConfig } from '../deployment-config';
import { type Output, createOutput } from '../output';

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

/** The environment the metrics reader needs for this deployment (RPO, Redis export buckets). */
export function metricsEnvironment(c: BackupConfig, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    [RPO_ENV]: String(c.rpoHours),
    ...(c.redisGroups.length
      ? redisBucketEnvironment({
          primary: redisBucketName(c.deploymentId, c.account, c.primaryRegion),
          backup: redisBucketName(c.deploymentId, c.account, c.backupRegion),
        })
      : {}),
  };
}

export async function backupMetrics(config: BackupConfig, days: number): Promise<BackupMetricsReport> {
  const runtime = toRuntimeConfig(config, '(not used)');
  const service = new BackupService(runtime, awsClient, undefined, metricsServiceFor(runtime, awsClient, metricsEnvironment(config)));
  return service.getBackupMetrics(days);
}

export function register(program: Command): void {
  program
    .command('metrics')
    .description('backup success rate, counts, durations, newest verified backup per region and RPO compliance over the last N days')
    .option('-d, --days <n>', 'window in days (1-455)', '7')
    .option('--json', 'print the report as JSON')
    .option('-c, --context <key=value...>', 'override a cdk.json context value, as with cdk -c')
    .action(async (opts: { days: string; json?: boolean; context?: string[] }) => {
      const days = validateDays(opts.days, '--days');
      const config = loadDeploymentConfig(opts.context);
      const report = await backupMetrics(config, days);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const out = createOutput();
      out.heading(
        `Backup metrics: deployment ${config.deploymentId}${process.env.AWS_ENDPOINT_URL ? ` (emulator ${process.env.AWS_ENDPOINT_URL})` : ''}`,
      );
      printMetrics(out, report);
    });
}
