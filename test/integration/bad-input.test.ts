/**
 * Issue 8's bad-input table, against one real moto_server and one world: every bad console input
 * of every workflow of the registry (run through the real ASL and handlers, with the environment
 * the stacks give the Lambdas) and every bad CDK context / CLI `-c` value (read by the CLI's
 * loadDeploymentConfig AND by the CDK app, lib/app.ts buildApp, as `cdk synth` runs it) is
 * refused, the refusal names the field, and the emulator's resource list (RDS snapshots and
 * instances in both regions, ElastiCache snapshots and groups) is identical before and after.
 * The retention world holds expired snapshots and the cases that reach it move the clock past
 * them, so a typo that slipped through would delete. The counts (tried / refused / named the
 * field / changed anything) are printed at the end. Cases: test/integration/bad-input-cases.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeReplicationGroupsCommand, DescribeSnapshotsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { App } from 'aws-cdk-lib';
import { loadDeploymentConfig, parseContextPairs } from '../../cli/deployment-config';
import { redisBucketName } from '../../lambdas/domain/redis/names';
import { DRILL_SETTINGS } from '../../lambdas/domain/settings/drill';
import { FAILOVER_SETTINGS, FAILOVER_SETTINGS_SCHEMA } from '../../lambdas/domain/settings/failover';
import { RESTORE_TEST_SETTINGS } from '../../lambdas/domain/settings/restore-test';
import { ALL_WORKFLOWS, workflowByName } from '../../lambdas/domain/workflows/registry';
import { buildApp } from '../../lib/app';
import { ConfigError } from '../../lib/config';
import { restoreTestSettings } from '../../lib/workflows/restore-test-workflow';
import { localRuntimeConfig, stateMachineName } from '../../local/local-environment';
import { stageRetentionWorld } from '../../local/retention-world';
import { REPO_ROOT, runStateMachineLocally } from '../../local/run-state-machine';
import { useMoto } from '../support/moto';
import { CONFIG_CASES, type ConfigCase, DB, LATER, WORKFLOW_CASES, type WorkflowCase } from './bad-input-cases';

const moto = useMoto();

interface Row {
  kind: 'console input' | 'context value';
  label: string;
  refused: boolean;
  namesField: boolean;
  changed: boolean;
}
const rows: Row[] = [];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What the emulator holds that a bad input could create, change or delete; sorted. */
async function worldList(config: ReturnType<typeof localRuntimeConfig>): Promise<string[]> {
  const lists = [config.primaryRegion, config.backupRegion].flatMap((region) => {
    const rds = moto.clients(RDSClient, region);
    const ec = moto.clients(ElastiCacheClient, region);
    return [
      rds
        .send(new DescribeDBSnapshotsCommand({}))
        .then((o) => (o.DBSnapshots ?? []).map((s) => `rds snapshot ${region} ${s.DBSnapshotIdentifier} ${s.Status}`)),
      rds
        .send(new DescribeDBInstancesCommand({}))
        .then((o) => (o.DBInstances ?? []).map((i) => `rds instance ${region} ${i.DBInstanceIdentifier} ${i.DBInstanceStatus}`)),
      ec
        .send(new DescribeSnapshotsCommand({}))
        .then((o) => (o.Snapshots ?? []).map((s) => `elasticache snapshot ${region} ${s.SnapshotName} ${s.SnapshotStatus}`)),
      ec
        .send(new DescribeReplicationGroupsCommand({}))
        .then((o) => (o.ReplicationGroups ?? []).map((g) => `elasticache group ${region} ${g.ReplicationGroupId} ${g.Status}`)),
    ];
  });
  return (await Promise.all(lists)).flat().sort();
}

/** What the stacks set on the Lambdas besides the runtime config (bucket names, each area's settings), from cdk.json. */
function stackEnvironment(config: ReturnType<typeof localRuntimeConfig>): Record<string, string> {
  const deployed = loadDeploymentConfig([]);
  const reportBucket = `${config.deploymentId}-reports-123456789012-${config.backupRegion}`;
  const { healthSchedule: _h, ...failover } = deployed.failover;
  return {
    ...FAILOVER_SETTINGS.environment(FAILOVER_SETTINGS_SCHEMA.parse(failover)),
    ...RESTORE_TEST_SETTINGS.environment(restoreTestSettings(deployed, 'sg-0123456789abcdef0')),
    ...DRILL_SETTINGS.environment({ rtoHours: deployed.rtoHours, rpoHours: deployed.rpoHours, reportBucket, inFlightMinutes: 120 }),
    REDIS_BUCKET_PRIMARY: redisBucketName(config.deploymentId, '123456789012', config.primaryRegion),
    REDIS_BUCKET_BACKUP: redisBucketName(config.deploymentId, '123456789012', config.backupRegion),
  };
}

/** `cdk synth -c ...`: the CDK app built from cdk.json's context plus the `-c` strings; the ConfigError's message, or ''. */
function synthRefusal(pairs: string[]): string {
  const context = { ...JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')).context, ...parseContextPairs(pairs) };
  const outdir = mkdtempSync(join(tmpdir(), 'bad-input-synth-'));
  try {
    buildApp(new App({ builtinCloudFormationValidation: false, outdir, context }), '123456789012');
    return '';
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function cliRefusal(pairs: string[]): string {
  try {
    loadDeploymentConfig(pairs);
    return '';
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
}

describe('bad input on moto_server: refused, field named, nothing changed', () => {
  let config: ReturnType<typeof localRuntimeConfig>;
  let before: string[];

  beforeAll(async () => {
    const fresh = await moto.freshWorld(localRuntimeConfig({ deploymentId: 'badin' }));
    config = fresh.config;
    Object.assign(process.env, stackEnvironment(config));
    await stageRetentionWorld(moto.clients, config, fresh.world.backupKeyArn!, DB);
    before = await worldList(config);
    expect(before.filter((l) => l.startsWith('rds snapshot')).length).toBeGreaterThan(10);
  }, 120_000);

  afterAll(() => {
    const line = (what: string, rs: Row[]) =>
      `${what}: ${rs.length} tried, ${rs.filter((r) => r.refused).length} refused, ${rs.filter((r) => r.refused && r.namesField).length} refused naming the field, ${rs.filter((r) => r.changed).length} changed anything`;
    // The closing note's figures.
    console.log(
      `${line('bad-input table', rows)}\n  ${line(
        'console inputs (real ASL)',
        rows.filter((r) => r.kind === 'console input'),
      )}\n  ${line(
        'context values (CLI + cdk synth)',
        rows.filter((r) => r.kind === 'context value'),
      )}\n` +
        rows
          .filter((r) => !(r.refused && r.namesField) || r.changed)
          .map((r) => `  NOT OK: ${r.label}`)
          .join('\n'),
    );
  });

  it('the table covers every workflow of the registry', () => {
    const covered = new Set(WORKFLOW_CASES.map(([, w]) => w));
    expect(ALL_WORKFLOWS.map((w) => w.name).filter((w) => !covered.has(w))).toEqual([]);
  });

  // Object rows: jest would take a trailing optional parameter of an array row for a `done` callback.
  const workflowRows = WORKFLOW_CASES.map(([label, workflow, input, field, opts]: WorkflowCase) => ({
    label,
    workflow,
    input,
    field,
    opts,
  }));
  it.each(workflowRows)('$label ($workflow)', async ({ label, workflow, input, field, opts }) => {
    const previous = process.env.MUEJAM_LOCAL_RUN;
    if (opts?.deployed) process.env.MUEJAM_LOCAL_RUN = 'false';
    let r: Awaited<ReturnType<typeof runStateMachineLocally>>;
    try {
      r = await runStateMachineLocally({
        aslFile: workflowByName(workflow)!.aslFile,
        input,
        region: config.primaryRegion,
        stateMachineName: stateMachineName(config.deploymentId, workflow),
      });
    } finally {
      process.env.MUEJAM_LOCAL_RUN = previous;
    }
    // The step that refused (its InvalidInput in the events) and how the run ended (what the alert quotes).
    const ended = `${r.error}: ${r.cause}`;
    const text = JSON.stringify(r.events).replace(/\\+"/g, '"');
    const refused = r.status === 'FAILED' && /"InvalidInput"|InvalidInput:/.test(text);
    const namesField = new RegExp(`(^|[\\s"'.(])${escapeRegExp(field)}(\\[\\d+\\])?: `).test(text);
    const changed = JSON.stringify(await worldList(config)) !== JSON.stringify(before);
    rows.push({ kind: 'console input', label, refused, namesField, changed });
    expect({ refused, namesField, changed, ended: refused && namesField ? '' : ended }).toEqual({
      refused: true,
      namesField: true,
      changed: false,
      ended: '',
    });
  });

  const configRows = CONFIG_CASES.map(([label, pairs, key]: ConfigCase) => ({ label, pairs, key }));
  it.each(configRows)('$label (CLI and cdk synth)', async ({ label, pairs, key }) => {
    const messages = { cli: cliRefusal(pairs), synth: synthRefusal(pairs) };
    const refused = messages.cli !== '' && messages.synth !== '';
    const names = new RegExp(`^  - ${escapeRegExp(key)}(\\[\\d+\\])?: `, 'm');
    const namesField = names.test(messages.cli) && names.test(messages.synth);
    const changed = JSON.stringify(await worldList(config)) !== JSON.stringify(before);
    rows.push({ kind: 'context value', label, refused, namesField, changed });
    expect({ refused, namesField, changed, messages: refused && namesField ? {} : messages }).toEqual({
      refused: true,
      namesField: true,
      changed: false,
      messages: {},
    });
  });

  it('a correct input still works (the table is not refusing everything): a dry-run plan deletes nothing and succeeds', async () => {
    const r = await runStateMachineLocally({
      aslFile: workflowByName('database-retention')!.aslFile,
      input: { dbInstanceIdentifier: DB, clockOverride: LATER, dryRun: true },
      region: config.primaryRegion,
      stateMachineName: stateMachineName(config.deploymentId, 'database-retention'),
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(await worldList(config)).toEqual(before);
  });
});
