/**
 * `metrics --days N`: the backup record of the last N days (success rate,
 * counts, average durations, newest verified backup per region, RPO
 * compliance) as a table, or as JSON with `--json`. Reads CloudWatch and the
 * backups themselves through BackupService.getBackupMetrics; with
 * AWS_ENDPOINT_URL set it reads that emulator instead.
 */
import type { Command } from 'commander';
import { awsClient } from '../../lambdas/runtime/clients';
import type { BackupMetricsReport } from '../../lambdas/domain/metrics/backup-metrics-report';
import { validateDays } from '../../lambdas/domain/metrics/backup-metrics-report';
import { redisBucketName } from '../../lambdas/domain/redis/names';
import { BackupService } from '../../lambdas/services/backup-service';
import { redisBucketEnvironment } from '../../lambdas/services/redis-config';
import { RPO_ENV, metricsServiceFor } from '../../lambdas/services/rpo-setup';
import { type BackupConfig, toRuntimeConfig } from '../../lib/config';
import { loadDeploymentConfig } from '../deployment-config';
import { printMetrics } from '../../local/console/metrics-table';
import { createOutput } from '../../local/console/output';

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
