/**
 * `dr-drill [<db>] [--out <file>]`: runs the DR drill now (state-machines/dr-drill.asl.json),
 * for one protected database or, without <db>, for each in turn. The plan of every drill is
 * printed first with the drill's own plan step and the read-only inventory (names of the
 * throwaway instances, the drill DNS record, the goals, the restore source, where the report
 * goes); a plan that cannot run (no drill record, a drill record equal to the production record)
 * is refused before anything starts. Then each run is followed live, and the summary table and
 * the report's path and console URL are printed (with --out, the HTML is saved to that file too).
 * With AWS_ENDPOINT_URL set, the ASL runs locally against that emulator.
 */
import { writeFileSync } from 'node:fs';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Command } from 'commander';
import { causeMessage } from '../../lambdas/domain/alerts/alert-message';
import type { DrillPlan } from '../../lambdas/domain/drill/drill-plan';
import type { DrillTest } from '../../lambdas/domain/drill/drill-test';
import type { InventoryResult } from '../../lambdas/domain/drill/inventory';
import { redisBucketName } from '../../lambdas/domain/redis/names';
import { DRILL_SETTINGS } from '../../lambdas/domain/settings/drill';
import { restoreSettingsEnvironment } from '../../lambdas/domain/settings/restore';
import { RESTORE_TEST_SETTINGS } from '../../lambdas/domain/settings/restore-test';
import { WORKFLOWS } from '../../lambdas/domain/workflows/registry';
import { awsClient, type ClientFactory, makeClientFactory } from '../../lambdas/runtime/clients';
import { DrDrillService } from '../../lambdas/services/dr-drill-service';
import { redisBucketEnvironment } from '../../lambdas/services/redis-config';
import { retentionEnvironment } from '../../lambdas/services/retention-config';
import { type BackupConfig, resourcePrefix, toRuntimeConfig } from '../../lib/config';
import { drillSettings } from '../../lib/workflows/dr-drill-workflow';
import { restoreTestSettings } from '../../lib/workflows/restore-test-workflow';
import { DRILL_TABLE_HEADERS, describeDrillStep, drillPlanLines, drillTableRows, reportConsoleUrl } from '../../local/drill/drill-console';
import { loadDeploymentConfig } from '../deployment-config';
import { runWorkflowAgainstEmulator } from '../emulator-mode';
import { type FollowResult, startAndFollow } from '../follow-execution';
import { createOutput, type Output } from '../output';
import { validateDatabaseChoice } from '../validate';
import { EMULATOR_INSTANCE_SECURITY_GROUP } from './restore-test';
import { failoverSettingsEnvironment } from './failover';

interface DrDrillOptions {
  out?: string;
  context?: string[];
}

/** The drill's settings in the environment, as the stack gives its Lambdas (read by the plan here, and by the handlers in emulator mode). */
function applyDrillEnvironment(config: BackupConfig): void {
  Object.assign(process.env, {
    ...DRILL_SETTINGS.environment(drillSettings(config)),
    ...failoverSettingsEnvironment(config),
    ...RESTORE_TEST_SETTINGS.environment(restoreTestSettings(config, EMULATOR_INSTANCE_SECURITY_GROUP)),
    ...restoreSettingsEnvironment(config.restore.settings),
    ...retentionEnvironment({ policy: config.retention }),
    ...(config.redisGroups.length > 0
      ? redisBucketEnvironment({
          primary: redisBucketName(config.deploymentId, config.account, config.primaryRegion),
          backup: redisBucketName(config.deploymentId, config.account, config.backupRegion),
        })
      : {}),
  });
}

/** The plan (read-only): the drill's own plan step and the inventory; or why it cannot start. */
async function judgePlan(
  config: BackupConfig,
  clients: ClientFactory,
  db: string,
  executionName: string,
): Promise<{ plan?: DrillPlan; inventory?: InventoryResult; problem?: string }> {
  const service = new DrDrillService(toRuntimeConfig(config, ''), clients);
  try {
    const plan = service.plan({ dbInstanceIdentifier: db }, { Id: '(plan)', Name: executionName, StartTime: new Date().toISOString() });
    let inventory: InventoryResult | undefined;
    try {
      inventory = await service.inventory(plan);
    } catch {
      // The inventory is the drill's first test: a problem here is reported by the run, not a reason to refuse.
    }
    return { plan, inventory };
  } catch (err) {
    return { problem: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

function runDrill(config: BackupConfig, db: string, executionName: string, out: Output): Promise<FollowResult> {
  const input = { dbInstanceIdentifier: db };
  if (process.env.AWS_ENDPOINT_URL) {
    return runWorkflowAgainstEmulator({
      config,
      aslFile: WORKFLOWS.drDrill.aslFile,
      workflow: WORKFLOWS.drDrill.name,
      input,
      out,
      describe: describeDrillStep,
      executionName,
    });
  }
  return startAndFollow({
    sfn: awsClient(SFNClient, config.primaryRegion),
    stateMachineName: `${resourcePrefix(config)}-${WORKFLOWS.drDrill.name}`,
    input,
    executionName,
    out,
    describe: describeDrillStep,
  });
}

/** The stored report (JSON) and page (HTML) of a run, read back from the backup region's bucket. */
async function readReport(
  clients: ClientFactory,
  region: string,
  plan: DrillPlan,
): Promise<{ tests?: DrillTest[]; overallStatus?: string; html?: string }> {
  const s3 = clients(S3Client, region);
  const get = async (key: string) => {
    try {
      return await (await s3.send(new GetObjectCommand({ Bucket: plan.report.bucket, Key: key }))).Body?.transformToString('utf-8');
    } catch {
      return undefined;
    }
  };
  const json = await get(plan.report.jsonKey);
  const parsed = json ? (JSON.parse(json) as { tests?: DrillTest[]; overallStatus?: string }) : {};
  return { ...parsed, html: await get(plan.report.htmlKey) };
}

async function drDrillCommand(db: string | undefined, opts: DrDrillOptions): Promise<void> {
  const out = createOutput();
  const config = loadDeploymentConfig(opts.context);
  const databases = db ? [validateDatabaseChoice('db', db, config.databases)] : config.databases;
  if (!config.drill.enabled && !process.env.AWS_ENDPOINT_URL) {
    out.fail('muejam.drill.enabled is false: the DR drill is not deployed (docs/configuration.md, muejam.drill.*)');
    process.exitCode = 1;
    return;
  }
  const endpoint = process.env.AWS_ENDPOINT_URL;
  const clients = endpoint ? makeClientFactory({ endpoint }) : awsClient;
  applyDrillEnvironment(config);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 13);
  const runs: { db: string; executionName: string; plan: DrillPlan }[] = [];

  // Every plan first: nothing starts unless all of them can.
  let refused = false;
  for (const d of databases) {
    const executionName = `manual-dr-${d}-${stamp}`.slice(0, 80);
    out.heading(`Plan: DR drill of ${d} (deployment ${config.deploymentId}), throwaway resources only`);
    const judged = await judgePlan(config, clients, d, executionName);
    if (judged.plan) {
      for (const l of drillPlanLines(judged.plan, judged.inventory)) out.line(`  ${l}`);
      runs.push({ db: d, executionName, plan: judged.plan });
    }
    out.line(`  console input: ${JSON.stringify({ dbInstanceIdentifier: d })}`);
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

  for (const run of runs) {
    out.heading(`Starting ${WORKFLOWS.drDrill.name} of ${run.db} (execution ${run.executionName})`);
    const result = await runDrill(config, run.db, run.executionName, out);
    const report = await readReport(clients, config.backupRegion, run.plan);
    const tests = report.tests ?? (result.output as { tests?: DrillTest[] } | undefined)?.tests ?? [];
    out.heading(`DR drill of ${run.db}: ${report.overallStatus ?? result.status}`);
    if (tests.length > 0) out.table(DRILL_TABLE_HEADERS, drillTableRows(tests));
    const where = `s3://${run.plan.report.bucket}/${run.plan.report.htmlKey}`;
    if (report.html === undefined) {
      // Never point at a page that is not there: the report step failed (its alert says why) or the bucket is missing.
      out.line(`  report: not written (${where} cannot be read back); the run's alert and the table above say what happened`);
    } else {
      out.line(`  report: ${where}`);
      out.line(`          ${reportConsoleUrl(run.plan.report.bucket, run.plan.report.htmlKey, config.backupRegion)}`);
      if (opts.out) {
        const file = databases.length > 1 ? opts.out.replace(/(\.html)?$/, `-${run.db}.html`) : opts.out;
        writeFileSync(file, report.html);
        out.line(`          saved to ${file}`);
      }
    }
    if (result.status === 'SUCCEEDED' && report.overallStatus !== 'failed')
      out.ok(`DR drill of ${run.db}: ${report.overallStatus}; nothing of it is left`);
    else {
      out.fail(`DR drill of ${run.db} ${result.status}: ${result.error ?? ''}: ${causeMessage({ Cause: result.cause })}`);
      process.exitCode = 1;
    }
  }
}

export function register(program: Command): void {
  program
    .command('dr-drill [db]')
    .description(
      'run the DR drill now on throwaway resources: inventory, restore + point-in-time restore in the backup region with SQL checks, failover rehearsal on the drill record, RTO/RPO, teardown (plan first, then live, then the table and the report)',
    )
    .option('--out <file>', 'also save the HTML report to this file')
    .option('-c, --context <key=value...>', 'override a cdk.json context value, as with cdk -c')
    .action(drDrillCommand);
}
