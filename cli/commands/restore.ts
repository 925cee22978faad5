/**
 * `restore` (from a snapshot) and `restore-pitr` (to a point in time): both start
 * state-machines/database-restore.asl.json. The plan is read first (the workflow's own validate
 * step, read-only) and printed; then the workflow is started and followed live; the end says
 * where the new instance is, what point in time its data represents and the measured RTO.
 * With AWS_ENDPOINT_URL set, the ASL runs locally against that emulator.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Command } from 'commander';
import { causeMessage } from '../../lambdas/domain/alerts/alert-message';
import { validateDbRestoreRequest } from '../../lambdas/domain/restore/restore-request';
import { restoreSettingsEnvironment } from '../../lambdas/domain/settings/restore';
import { WORKFLOWS } from '../../lambdas/domain/workflows/registry';
import { InvalidInput } from '../../lambdas/errors';
import { awsClient, makeClientFactory } from '../../lambdas/runtime/clients';
import { DatabaseRestoreService } from '../../lambdas/services/database-restore-service';
import type { DbRestoreResult } from '../../lambdas/services/restore-outcome-service';
import { type BackupConfig, resourcePrefix, toRuntimeConfig } from '../../lib/config';
import { loadDeploymentConfig } from '../deployment-config';
import { runWorkflowAgainstEmulator } from '../emulator-mode';
import { startAndFollow } from '../follow-execution';
import { createOutput } from '../output';
import { describeDbRestoreStep, restorePlanLines, restoreResultLines } from '../restore-plan';

interface RestoreOptions {
  db?: string;
  to: string;
  region: string;
  snapshot?: string;
  time?: string;
  allowUnverified?: boolean;
  context?: string[];
}

/** The command-line option of each request field, so an error names what the operator typed. */
const OPTION_OF: Record<string, string> = {
  dbInstanceIdentifier: '--db',
  targetDbInstanceIdentifier: '--to',
  region: '--region',
  snapshotId: '--snapshot',
  restoreTime: '--time',
  allowUnverified: '--allow-unverified',
};

/** The workflow input (the console's JSON) from the command line; absent options left out. */
export function dbRestoreInput(o: RestoreOptions, config: Pick<BackupConfig, 'databases'>): Record<string, unknown> {
  const input: Record<string, unknown> = {
    dbInstanceIdentifier: o.db ?? (config.databases.length === 1 ? config.databases[0] : undefined),
    targetDbInstanceIdentifier: o.to,
    region: o.region,
    snapshotId: o.snapshot,
    restoreTime: o.time,
    allowUnverified: o.allowUnverified ? true : undefined,
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

function namingOption(err: unknown): unknown {
  if (err instanceof InvalidInput && OPTION_OF[err.field])
    return new InvalidInput(`${OPTION_OF[err.field]} (${err.field})`, err.message.slice(err.field.length + 2));
  return err;
}

/** InvalidInput naming the option (and the request field) instead of the field alone; for a promise, its rejection too. */
export function withOptionNames<T>(f: () => T): T {
  try {
    const r = f();
    if (r instanceof Promise)
      return r.catch((err) => {
        throw namingOption(err);
      }) as T;
    return r;
  } catch (err) {
    throw namingOption(err);
  }
}

async function restoreCommand(opts: RestoreOptions): Promise<void> {
  const out = createOutput();
  const config: BackupConfig = loadDeploymentConfig(opts.context);
  const input = dbRestoreInput(opts, config);
  withOptionNames(() => validateDbRestoreRequest(input, config));
  const endpoint = process.env.AWS_ENDPOINT_URL;
  const clients = endpoint ? makeClientFactory({ endpoint }) : awsClient;
  const executionName = `restore-${String(input.targetDbInstanceIdentifier)}-${Date.now()}`.slice(0, 80);
  const execution = { Id: '(plan)', Name: executionName, StartTime: new Date().toISOString() };
  // The workflow's own validate step, read-only: the same checks, printed before anything is created.
  const plan = await withOptionNames(() =>
    new DatabaseRestoreService(toRuntimeConfig(config, ''), config.restore.settings, clients).validateRestore(input, execution),
  );
  out.heading(`Plan: ${plan.mode === 'snapshot' ? 'restore from a snapshot' : 'point-in-time restore'} of ${plan.dbInstanceIdentifier}`);
  for (const l of restorePlanLines(plan)) out.line(`  ${l}`);
  for (const w of plan.warnings) out.warn(w);
  out.line(`  console input: ${JSON.stringify(input)}`);

  out.heading(`Starting ${WORKFLOWS.databaseRestore.name}`);
  const workflow = WORKFLOWS.databaseRestore;
  const result = endpoint
    ? await (async () => {
        Object.assign(process.env, restoreSettingsEnvironment(config.restore.settings));
        return runWorkflowAgainstEmulator({
          config,
          aslFile: workflow.aslFile,
          workflow: workflow.name,
          input,
          out,
          describe: describeDbRestoreStep,
        });
      })()
    : await startAndFollow({
        sfn: awsClient(SFNClient, config.primaryRegion),
        stateMachineName: `${resourcePrefix(config)}-${workflow.name}`,
        input,
        executionName,
        out,
        describe: describeDbRestoreStep,
      });
  if (result.status === 'SUCCEEDED') {
    const r = result.output as DbRestoreResult;
    out.ok(`${r.dbInstanceIdentifier} is available and verified in ${r.region}`);
    for (const l of restoreResultLines(r)) out.line(`  ${l}`);
  } else {
    out.fail(`restore ${result.status}: ${result.error ?? ''}: ${causeMessage({ Cause: result.cause })}`);
    process.exitCode = 1;
  }
}

export function register(program: Command): void {
  program
    .command('restore')
    .description('restore a database from a snapshot into a NEW instance, in the primary or the backup region')
    .requiredOption('--snapshot <id|latest>', '"latest" (the newest verified backup in that region) or a snapshot id')
    .requiredOption('--to <instance>', 'name of the new instance (must not exist, never a protected database)')
    .requiredOption('--region <primary|backup>', 'where to restore')
    .option('--db <instance>', 'the protected database (default: the only one)')
    .option('--allow-unverified', 'restore a snapshot that was not verified (prints a warning)')
    .option('-c, --context <key=value...>', 'override a cdk.json context value, as with cdk -c')
    .action(restoreCommand);
  program
    .command('restore-pitr')
    .description('restore a database to a point in time into a NEW instance (backup region: from the replicated automated backups)')
    .requiredOption('--time <iso|latest>', '"latest" or an ISO-8601 time with a zone, e.g. 2026-12-03T04:10:00Z')
    .requiredOption('--to <instance>', 'name of the new instance (must not exist, never a protected database)')
    .requiredOption('--region <primary|backup>', 'where to restore')
    .option('--db <instance>', 'the protected database (default: the only one)')
    .option('-c, --context <key=value...>', 'override a cdk.json context value, as with cdk -c')
    .action(restoreCommand);
}
