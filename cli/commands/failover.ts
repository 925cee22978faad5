/**
 * `failover <db> --reason "..." [--to <replica>] [--force]`: prints every guard
 * with its evidence (read with your credentials, nothing changed), refuses
 * before starting anything when a guard says no, else starts the failover
 * workflow (which judges the guards again under its lock) and follows it.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Command } from 'commander';
import { causeMessage } from '../../lambdas/domain/alerts/alert-message';
import { FAILOVER_SETTINGS } from '../../lambdas/domain/settings/failover';
import { awsClient } from '../../lambdas/runtime/clients';
import { FailoverGuardService } from '../../lambdas/services/failover-guard-service';
import { type BackupConfig, resourcePrefix, toRuntimeConfig } from '../../lib/config';
import { loadDeploymentConfig } from '../deployment-config';
import { runWorkflowAgainstEmulator } from '../emulator-mode';
import { type FailoverRunOutput, failoverOutcomeLines, guardRows } from '../failover-format';
import { startAndFollow } from '../follow-execution';
import { createOutput } from '../output';
import { validateDatabaseChoice } from '../validate';

export function failoverSettingsEnvironment(config: BackupConfig): Record<string, string> {
  const { healthSchedule: _s, ...settings } = config.failover;
  return FAILOVER_SETTINGS.environment(settings);
}

export function register(program: Command): void {
  program
    .command('failover <db>')
    .description('fail a database over to its read replica: prints each guard with its evidence first, then follows the run')
    .requiredOption('--reason <text>', 'why (recorded in the alert and the report)')
    .option('--to <replica>', 'the replica to promote (default: the configured one)')
    .option('--force', 'fail over although the primary is not confirmed down (needs --reason)')
    .option('--dns-zone <id>', 'DR drill only: hosted zone id of the configured drill record')
    .option('--dns-record <name>', 'DR drill only: the configured drill record (never the production one)')
    .option('-c, --context <key=value...>', 'override a cdk.json context value, as with cdk -c')
    .action(
      async (
        db: string,
        opts: { reason: string; to?: string; force?: boolean; dnsZone?: string; dnsRecord?: string; context?: string[] },
      ) => {
        const out = createOutput();
        const config = loadDeploymentConfig(opts.context);
        validateDatabaseChoice('db', db, config.databases);
        if (!!opts.dnsZone !== !!opts.dnsRecord) throw new Error('--dns-zone and --dns-record go together (a DR drill record)');
        const input = {
          dbInstanceIdentifier: db,
          reason: opts.reason,
          ...(opts.to ? { targetReplicaId: opts.to } : {}),
          ...(opts.force ? { force: true } : {}),
          ...(opts.dnsZone ? { dns: { hostedZoneId: opts.dnsZone, recordName: opts.dnsRecord! } } : {}),
        };
        Object.assign(process.env, failoverSettingsEnvironment(config));
        const runtime = toRuntimeConfig(
          config,
          `arn:${config.partition}:sns:${config.primaryRegion}:${config.account}:${resourcePrefix(config)}-alerts`,
        );
        out.heading(`Failover of ${db} (deployment ${config.deploymentId}): the guards, judged now`);
        const report = await new FailoverGuardService(runtime, awsClient).inspect(input);
        if (report.problem) {
          out.fail(`refused before starting: ${report.problem}`);
          process.exitCode = 1;
          return;
        }
        out.table(['', 'guard', 'evidence'], guardRows(report.guards));
        if (report.decision === 'refuse') {
          out.fail('a guard refused: nothing was started or changed (docs/runbook.md, "Failover guards")');
          process.exitCode = 1;
          return;
        }
        out.info(
          report.decision === 'resume-after-promotion'
            ? 'resuming a partial failover after promotion (DNS, post-checks, pointer)'
            : 'every guard passes; starting the failover (it judges the guards again under its lock)',
        );
        const result = process.env.AWS_ENDPOINT_URL
          ? await runWorkflowAgainstEmulator({ config, aslFile: 'database-failover.asl.json', workflow: 'database-failover', input, out })
          : await startAndFollow({
              sfn: awsClient(SFNClient, config.primaryRegion),
              stateMachineName: `${resourcePrefix(config)}-database-failover`,
              input,
              executionName: `manual-${db}-${Date.now()}`.slice(0, 80),
              out,
            });
        if (result.status === 'SUCCEEDED') {
          for (const l of failoverOutcomeLines(db, result.output as FailoverRunOutput)) out[l.kind](l.text);
        } else {
          out.fail(`failover of ${db} ${result.status}: ${result.error ?? ''}: ${causeMessage({ Cause: result.cause })}`);
          process.exitCode = 1;
        }
      },
    );
}
