/**
 * `restore-test <db> [--region primary|backup|alternate|both]`: runs the weekly restore test now
 * (state-machines/restore-test.asl.json). The plan is judged first with the workflow's own plan
 * and validate steps (read-only): the region, the throwaway's name and settings, the newest
 * verified backup it would restore, the SQL checks; a plan that cannot run (no verified backup in
 * that region, no network configured) is refused before anything is created. Then the run is
 * started and followed live, and the report is printed (every test, RTO, the 100 GiB projection,
 * the data age, the teardown, where the JSON is). `both` is two runs, primary then backup.
 * With AWS_ENDPOINT_URL set, the ASL runs locally against that emulator.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Command } from 'commander';
import { causeMessage } from '../../lambdas/domain/alerts/alert-message';
import { RESTORE_TEST_RUN_REGIONS } from '../../lambdas/domain/inputs/restore-test';
import { restoreSettingsEnvironment } from '../../lambdas/domain/settings/restore';
import { RESTORE_TEST_SETTINGS, type RestoreTestSettings } from '../../lambdas/domain/settings/restore-test';
import { WORKFLOWS } from '../../lambdas/domain/workflows/registry';
import { InvalidInput } from '../../lambdas/errors';
import { awsClient, type ClientFactory, makeClientFactory } from '../../lambdas/runtime/clients';
import { DatabaseRestoreService } from '../../lambdas/services/database-restore-service';
import type { RestoreTestReport } from '../../lambdas/services/restore-test-record';
import { RestoreTestService } from '../../lambdas/services/restore-test-service';
import { plannedTestNames } from '../../lambdas/services/sql-check-runner';
import { type BackupConfig, resourcePrefix, toRuntimeConfig } from '../../lib/config';
import { restoreTestSettings } from '../../lib/workflows/restore-test-workflow';
import {
  collectingRestoreTestDescriber,
  type RestoreTestRunView,
  restoreTestFigureLines,
  restoreTestTableRows,
} from '../../local/console/restore-test-steps';
import { loadDeploymentConfig } from '../deployment-config';
import { runWorkflowAgainstEmulator } from '../emulator-mode';
import { type FollowResult, startAndFollow } from '../follow-execution';
import { createOutput, type Output } from '../output';
import { restorePlanLines } from '../restore-plan';
import { validateDatabaseChoice } from '../validate';

const REGION_CHOICES = [...RESTORE_TEST_RUN_REGIONS, 'both'] as const;
/** In emulator mode the stack's throwaway security group does not exist: this stands for it. */
export const EMULATOR_INSTANCE_SECURITY_GROUP = 'sg-0e000000000000000';

interface RestoreTestOptions {
  region?: string;
  json?: boolean;
  context?: string[];
}

/** The region of each run: `both` is primary then backup; absent: the configured regionMode. */
export function runRegions(option: string | undefined, configured: string): ('primary' | 'backup' | 'alternate')[] {
  const mode = option ?? configured;
  if (!(REGION_CHOICES as readonly string[]).includes(mode))
    throw new InvalidInput(
      '--region',
      `${JSON.stringify(mode)} is not allowed; allowed: ${REGION_CHOICES.map((m) => `"${m}"`).join(', ')}`,
    );
  return mode === 'both' ? ['primary', 'backup'] : [mode as 'primary' | 'backup' | 'alternate'];
}

/** The settings the Lambdas would read (emulator mode sets them in the environment as the stack does). */
function settingsOf(config: BackupConfig): RestoreTestSettings {
  return restoreTestSettings(config, EMULATOR_INSTANCE_SECURITY_GROUP);
}

/** Plan and validate (read-only): the lines to print, or the reason the run cannot start. */
async function judgePlan(
  config: BackupConfig,
  settings: RestoreTestSettings,
  clients: ClientFactory,
  input: Record<string, unknown>,
): Promise<{ lines: string[]; problem?: string }> {
  const runtime = toRuntimeConfig(config, '');
  const execution = { Id: '(plan)', Name: `restore-test-plan-${Date.now()}`, StartTime: new Date().toISOString() };
  const service = new RestoreTestService(runtime, settings, clients);
  try {
    const target = service.plan(input, execution);
    const plan = await new DatabaseRestoreService(runtime, config.restore.settings, clients).validateRestore(target.request, execution);
    const throwaway = service.adjust(plan, target);
    return {
      lines: [
        ...restorePlanLines(throwaway),
        `SQL checks:      ${plannedTestNames(settings.plan).join(', ')}`,
        `janitor:         before the restore, deletes restore-test instances of this deployment older than ${settings.maxAgeHours} h (both regions)`,
        `teardown:        ${target.instanceId} is deleted whatever the checks find (name and tags checked)`,
        `report:          s3://${settings.reportBucket}/restore-tests/${target.dbInstanceIdentifier}/... (${config.backupRegion})`,
      ],
    };
  } catch (err) {
    return { lines: [], problem: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

async function readStoredReport(clients: ClientFactory, region: string, view: RestoreTestRunView): Promise<RestoreTestReport | undefined> {
  const { reportBucket, reportKey } = view.record ?? {};
  if (!reportBucket || !reportKey) return undefined;
  try {
    const obj = await clients(S3Client, region).send(new GetObjectCommand({ Bucket: reportBucket, Key: reportKey }));
    return JSON.parse((await obj.Body?.transformToString('utf-8')) ?? '') as RestoreTestReport;
  } catch {
    return undefined;
  }
}

function printReport(out: Output, view: RestoreTestRunView, stored: RestoreTestReport | undefined, json: boolean): void {
  const tests = stored?.tests ?? view.tests ?? [];
  if (tests.length > 0) out.table(['test', 'status', 'value', 'seconds', 'detail'], restoreTestTableRows(tests));
  for (const l of restoreTestFigureLines(view, stored?.figures)) out.line(`  ${l}`);
  if (json && stored) out.line(JSON.stringify(stored, null, 2));
  else if (json) out.warn('the stored report could not be read back; the table above is from the run itself');
}

async function runOnce(o: {
  config: BackupConfig;
  input: Record<string, unknown>;
  out: Output;
  view: RestoreTestRunView;
}): Promise<FollowResult> {
  const workflow = WORKFLOWS.restoreTest;
  const describe = collectingRestoreTestDescriber(o.view);
  if (process.env.AWS_ENDPOINT_URL) {
    Object.assign(process.env, restoreSettingsEnvironment(o.config.restore.settings));
    Object.assign(process.env, RESTORE_TEST_SETTINGS.environment(settingsOf(o.config)));
    return runWorkflowAgainstEmulator({
      config: o.config,
      aslFile: workflow.aslFile,
      workflow: workflow.name,
      input: o.input,
      out: o.out,
      describe,
    });
  }
  return startAndFollow({
    sfn: awsClient(SFNClient, o.config.primaryRegion),
    stateMachineName: `${resourcePrefix(o.config)}-${workflow.name}`,
    input: o.input,
    executionName: `manual-rt-${String(o.input.dbInstanceIdentifier)}-${o.input.region}-${Date.now()}`.slice(0, 80),
    out: o.out,
    describe,
  });
}

async function restoreTestCommand(db: string, opts: RestoreTestOptions): Promise<void> {
  const out = createOutput();
  const config = loadDeploymentConfig(opts.context);
  validateDatabaseChoice('db', db, config.databases);
  const regions = runRegions(opts.region, config.restoreTest.regionMode);
  if (!config.restoreTest.enabled) {
    out.fail('muejam.restoreTest.enabled is false: the restore test is not deployed (docs/configuration.md, muejam.restoreTest.*)');
    process.exitCode = 1;
    return;
  }
  const endpoint = process.env.AWS_ENDPOINT_URL;
  const clients = endpoint ? makeClientFactory({ endpoint }) : awsClient;
  const settings = settingsOf(config);
  const inputs = regions.map((region) => ({ dbInstanceIdentifier: db, region }));

  // The plan of every run first: nothing starts unless all of them can.
  let refused = false;
  for (const input of inputs) {
    out.heading(`Plan: restore test of ${db}, region ${input.region} (deployment ${config.deploymentId})`);
    const judged = await judgePlan(config, settings, clients, input);
    for (const l of judged.lines) out.line(`  ${l}`);
    out.line(`  console input: ${JSON.stringify(input)}`);
    if (judged.problem) {
      out.fail(`refused before starting: ${judged.problem}`);
      refused = true;
    }
  }
  if (refused) {
    out.fail('nothing was started or created');
    process.exitCode = 1;
    return;
  }

  for (const input of inputs) {
    out.heading(`Starting ${WORKFLOWS.restoreTest.name} of ${db}, region ${input.region}`);
    const view: RestoreTestRunView = {};
    const result = await runOnce({ config, input, out, view });
    out.heading(`Report: restore test of ${db} in ${view.target?.region ?? input.region}`);
    printReport(out, view, await readStoredReport(clients, config.backupRegion, view), Boolean(opts.json));
    if (result.status === 'SUCCEEDED') out.ok(`restore test of ${db} passed; the throwaway instance is gone`);
    else {
      out.fail(`restore test of ${db} ${result.status}: ${result.error ?? ''}: ${causeMessage({ Cause: result.cause })}`);
      process.exitCode = 1;
    }
  }
}

export function register(program: Command): void {
  program
    .command('restore-test <db>')
    .description(
      'run the weekly restore test now: newest verified backup -> throwaway instance -> SQL checks -> RTO/RPO -> teardown (plan first, then live, then the report)',
    )
    .option('--region <primary|backup|alternate|both>', "which region's backup to restore (default: muejam.restoreTest.regionMode)")
    .option('--json', 'also print the stored report JSON')
    .option('-c, --context <key=value...>', 'override a cdk.json context value, as with cdk -c')
    .action(restoreTestCommand);
}
