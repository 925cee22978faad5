/**
 * `cleanup <db> [--dry-run]`: prints the retention plan of one database (both
 * regions) as a table, then, unless --dry-run, runs the retention workflow:
 * the deployed state machine (followed live), or, with AWS_ENDPOINT_URL set,
 * the same ASL locally against that emulator.
 */
import type { Command } from 'commander';
import { SFNClient } from '@aws-sdk/client-sfn';
import { awsClient, makeClientFactory } from '../../lambdas/runtime/clients';
import { causeMessage } from '../../lambdas/domain/alerts/alert-message';
import { planTableRows, PLAN_TABLE_HEADERS } from '../../lambdas/domain/retention/plan-table';
import { reportLines, type RetentionReport } from '../../lambdas/domain/retention/report';
import { retentionEnvironment } from '../../lambdas/services/retention-config';
import { RetentionService } from '../../lambdas/services/retention-service';
import { type BackupConfig, resourcePrefix, toRuntimeConfig } from '../../lib/config';
import { describeRetentionStep } from '../../local/console/step-descriptions';
import { loadDeploymentConfig } from '../deployment-config';
import { runWorkflowAgainstEmulator } from '../emulator-mode';
import { type FollowResult, startAndFollow } from '../follow-execution';
import { createOutput, type Output } from '../output';
import { validateDatabaseChoice } from '../validate';

export const RETENTION_ASL = 'database-retention.asl.json';

/** Plans with the operator's credentials (read-only: DescribeDBSnapshots, DescribeAccountAttributes) and prints the table. */
export async function printRetentionPlan(config: BackupConfig, db: string, out: Output, endpoint?: string): Promise<number> {
  const runtime = toRuntimeConfig(
    config,
    `arn:${config.partition}:sns:${config.primaryRegion}:${config.account}:${resourcePrefix(config)}-alerts`,
  );
  const clients = endpoint ? makeClientFactory({ endpoint }) : awsClient;
  const service = new RetentionService(runtime, clients, () => new Date(), {
    settings: { policy: config.retention, maxDeletesPerRun: 500 },
    allowClockOverride: false,
  });
  const { plan, step } = await service.plan({ dbInstanceIdentifier: db, dryRun: true });
  out.table(PLAN_TABLE_HEADERS, planTableRows(plan.decisions));
  const s = plan.summary;
  out.info(
    `policy: keep-last ${config.retention.keepLastHours} h, daily ${config.retention.dailyDays} d, weekly ${config.retention.weeklyDays} d, monthly ${config.retention.monthlyMonths} months, floor ${config.retention.floor}, unverified-copy grace ${config.retention.unverifiedCopyGraceDays} d`,
  );
  out.info(`plan at ${step.plannedAt}: keep ${s.keep}, delete ${s.delete}, leave alone ${s.skip} (not ours, not manual or not available)`);
  const deferred = Object.values(step.deferredByRegion).reduce((a, b) => a + b, 0);
  if (deferred) out.warn(`${deferred} deletes are over the bound of 500 per run: this run makes the oldest 500, the next runs the rest`);
  return s.delete;
}

export function register(program: Command): void {
  program
    .command('cleanup <db>')
    .description(
      'retention of one database in both regions: print the plan (keep / delete / leave alone, with reasons), then delete the expired snapshots this deployment owns',
    )
    .option('--dry-run', 'print the plan only; delete nothing')
    .option('-c, --context <key=value...>', 'override a cdk.json context value, as with cdk -c')
    .action(async (db: string, opts: { dryRun?: boolean; context?: string[] }) => {
      const out = createOutput();
      const config = loadDeploymentConfig(opts.context);
      validateDatabaseChoice('db', db, config.databases);
      const endpoint = process.env.AWS_ENDPOINT_URL || undefined;
      out.heading(
        `Retention of ${db} in ${config.primaryRegion} and ${config.backupRegion} (deployment ${config.deploymentId})${opts.dryRun ? ': dry run' : ''}`,
      );
      const toDelete = await printRetentionPlan(config, db, out, endpoint);
      if (opts.dryRun) {
        out.ok(`dry run: nothing deleted (${toDelete} snapshot${toDelete === 1 ? '' : 's'} would be)`);
        return;
      }
      const input = { dbInstanceIdentifier: db };
      let result: FollowResult;
      if (endpoint) {
        Object.assign(process.env, retentionEnvironment({ policy: config.retention }));
        result = await runWorkflowAgainstEmulator({
          config,
          aslFile: RETENTION_ASL,
          workflow: 'database-retention',
          input,
          out,
          describe: describeRetentionStep,
        });
      } else {
        result = await startAndFollow({
          sfn: awsClient(SFNClient, config.primaryRegion),
          stateMachineName: `${resourcePrefix(config)}-database-retention`,
          input,
          executionName: `manual-cleanup-${db}-${Date.now()}`.slice(0, 80),
          out,
          describe: describeRetentionStep,
        });
      }
      const report = result.output as RetentionReport | undefined;
      if (report?.regions) for (const l of reportLines(report)) out.line(`  ${l}`);
      if (result.status === 'SUCCEEDED') {
        out.ok(`retention of ${db} done`);
      } else {
        out.fail(`retention of ${db} ${result.status}: ${result.error ?? ''}: ${causeMessage({ Cause: result.cause })}`);
        process.exitCode = 1;
      }
    });
}
