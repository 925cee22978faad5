/**
 * Every documented command works as written (issue #14). The shell commands and
 * console inputs of README.md and docs/*.md are extracted (test/support/doc-commands.ts)
 * and each one is either
 *  - run offline: `npx cdk synth [-c ...]` in-process (test/support/synth-variant.ts, also the
 *    plain one: cdk-nag fails it on findings), `npm run cli -- <command>` /
 *    `npm start` in-process against ONE shared moto_server holding what cdk.json's
 *    deployment protects, console inputs through the local runner (the real ASL, whose
 *    first step validates the input), cdk.json examples through lib/config; or
 *  - in ALLOWLIST with the reason it cannot run offline.
 * A command matching neither, a CLI command bin/cli.ts does not register, an unknown
 * option or an unknown placeholder fails with a message saying what to add where.
 * A CLI command with no entry in CLI_EXPECTATIONS must succeed against moto.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { runWorkflowAgainstEmulator } from '../../cli/emulator-mode';
import { loadDeploymentConfig } from '../../cli/deployment-config';
import type { Output } from '../../cli/output';
import { ALL_WORKFLOWS } from '../../lambdas/domain/workflows/registry';
import { type BackupConfig, loadConfig } from '../../lib/config';
import { buildCliProgram, cliSyntaxProblems, runCliInProcess } from '../support/doc-cli';
import { type DocItem, extractDocItems, runnableForm } from '../support/doc-commands';
import { removeRestoredInstances, seedDocumentedDeployment } from '../support/doc-world';
import { useMoto } from '../support/moto';
import { shellWords } from '../support/shell-words';
import { contextPairs, synthesizeVariant } from '../support/synth-variant';

const ROOT = path.resolve(__dirname, '..', '..');
const DOC_FILES = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
/**
 * Pages whose inline `{...}` spans are not console inputs: code sketches (conventions, architecture) and
 * configuration values (the key reference; its cdk.json blocks are checked as configuration).
 */
const SKETCH_PAGES = new Set(['docs/CONTRIBUTING.md', 'docs/architecture.md', 'docs/configuration.md']);

/** Values of the `<placeholders>` the docs use, for cdk.json's deployment (prod). */
const PLACEHOLDERS: Record<string, string> = {
  db: 'muejam-db-prod',
  group: 'muejam-redis-prod',
  'new group': 'muejam-redis-docs',
  tick: '2026-11-24T06:00:00Z',
  'alarm time': '2026-11-24T06:00:00Z',
  "an AZ other than the new primary's": 'us-east-1c',
  'new primary': 'muejam-db-prod-replica',
  replica: 'muejam-db-prod-replica',
  // fail-back: the zone the primary is not in (the old primary's, after a failover)
  'old AZ': 'us-east-1c',
};

/** What cannot run offline, and why. Matched against the command's words joined by one space. */
const ALLOWLIST: { match: RegExp; reason: string }[] = [
  { match: /^npm ci$/, reason: 'installs the dependencies from the registry; this test runs on the installed tree' },
  { match: /^npm test$/, reason: 'this test suite itself' },
  { match: /^npm run bench$/, reason: 'minutes of measurements (bench/run.ts), not a check; it has its own command' },
  { match: /^npm run test:mutation( |$)/, reason: 'mutation testing (Stryker), tens of minutes; its own command, not part of npm test' },
  { match: /^npx cdk bootstrap /, reason: 'creates the CDK bootstrap stacks in a real AWS account' },
  { match: /^npx cdk deploy --all$/, reason: 'deploys to a real AWS account; its offline half, npx cdk synth, is checked' },
  { match: /^aws /, reason: 'the AWS CLI against a deployed account (Secrets Manager, Lambda, SQS of the deployment)' },
  {
    match: /^npx tsx local\/render-dashboard\.ts$/,
    reason: 'rewrites the committed docs/dashboard.svg; test/unit/local/dashboard-svg.test.ts renders the synthesized dashboard',
  },
  { match: /^(npm run cli --|npx tsx bin\/cli\.ts) <command>$/, reason: 'the generic form; each command is checked in its own row' },
  { match: /^npx cdk synth -c \.\.\.$/, reason: 'the generic form; each synth example is checked where it is shown in full' },
];

interface CliExpectation {
  /** Only for the commands whose arguments (joined by one space) match; the first matching entry counts. */
  args?: RegExp;
  exit: number;
  says: RegExp;
  why: string;
}

/**
 * CLI commands that cannot succeed against moto, with what they must say instead. A
 * registered command missing here must exit 0 against the shared emulator.
 */
const CLI_EXPECTATIONS: Record<string, CliExpectation | CliExpectation[]> = {
  'restore-pitr': {
    args: /--region backup/,
    exit: 1,
    says: /not replicated to us-west-2[\s\S]*restore the latest snapshot copy instead/,
    why: 'moto does not implement automated-backups replication: the backup region has no point in time, and the refusal says to restore the newest snapshot copy, as the runbook says',
  },
  backup: { exit: 0, says: /verified in both regions/, why: 'a full database backup against moto' },
  cleanup: { exit: 0, says: /dry run: nothing deleted|retention of muejam-db-prod done/, why: 'retention against moto' },
  metrics: { exit: 0, says: /muejam-db-prod/, why: 'the backup record from the emulator' },
  rehearse: { exit: 0, says: /Rehearsal succeeded/, why: 'the rehearsal against this emulator (AWS_ENDPOINT_URL)' },
  'redis-backup': {
    exit: 1,
    says: /ExportToS3[\s\S]*moto_server does not implement ElastiCache CopySnapshot/,
    why: 'README: against moto the export step fails, naming the missing call',
  },
  'redis-restore': {
    exit: 1,
    says: /no verified backup of muejam-redis-prod/,
    why: 'moto cannot make a verified Redis backup (no CopySnapshot); the restore refuses as the runbook says',
  },
  'create-replica': {
    exit: 1,
    says: /no read replication status/,
    why: 'moto never reports a read replication status (StatusInfos): the verify step waits for it, then fails the run',
  },
  'replica-health': {
    exit: 1,
    says: /UNHEALTHY: no read replication status reported[\s\S]*no healthy replica/,
    why: 'moto reports neither replication status nor ReplicaLag: no evidence counts as unhealthy, as the runbook says',
  },
  'restore-test': {
    exit: 1,
    says: /== Plan: restore test of muejam-db-prod[\s\S]*restore test of muejam-db-prod FAILED: DBSubnetGroupNotFoundFault/,
    why: 'cdk.json names example DB subnet groups the emulator does not hold: the plan passes, RDS refuses the restore, the teardown runs and the run alerts',
  },
  failover: {
    exit: 1,
    says: /REFUSE {2}replication-normal[\s\S]*REFUSE {2}lag-within-max[\s\S]*a guard refused: nothing was started or changed/,
    why: 'moto reports no read replication status and CloudWatch holds no ReplicaLag datapoint: the guards print their evidence and refuse (no evidence counts as unsafe); nothing starts',
  },
  'dr-drill': {
    exit: 1,
    says: /PitrValidate: PreconditionFailed: the automated backups of muejam-db-prod are not replicated[\s\S]*CheckTeardown: nothing tagged for this drill is left[\s\S]*report: not written[\s\S]*DR drill of muejam-db-prod FAILED/,
    why: "moto cannot replicate automated backups (no backup-region PITR) and the emulator has neither the database's credentials nor the report bucket: the drill fails those parts, tears everything down, checks nothing is left, and says the report was not written",
  },
};

/** Console inputs whose workflow cannot succeed against moto or cdk.json's deployment: how it ends instead. */
const CONSOLE_EXPECTATIONS: Record<string, RegExp | { input: (i: Record<string, unknown>) => boolean; ends: RegExp }> = {
  // moto's automated backups have no RestoreWindow, its instances no EarliestRestorableTime: only `latest` can be checked
  'database-restore': {
    input: (i) => i.restoreTime !== undefined && i.restoreTime !== 'latest',
    ends: /^PreconditionFailed: .*the restorable window cannot be checked/,
  },
  'redis-backup': /CopySnapshot|XML|not implemented/i,
  'redis-restore': /no verified backup/,
  'database-replica': /no read replication status/,
  'replica-health': /./,
  // The stack's restore-test settings hold its security group id (a CloudFormation reference): not in the literal environment.
  'restore-test': /MUEJAM_SETTINGS_RESTORE_TEST: is required|DBSubnetGroupNotFound/,
  // The stack's failover lock table (DynamoDB) is not deployed on the emulator: the lock step, the first that acts, stops the run
  'database-failover': /^ResourceNotFoundException: .*Requested resource not found/,
  // moto cannot replicate automated backups (backup-region PITR): the drill fails that part, tears down and alerts
  'dr-drill': /^DrDrillFailed: /,
};

type Plan =
  | { how: 'allowlisted'; reason: string }
  | { how: 'synth-default' }
  | { how: 'synth'; context: Record<string, string>; expectError?: string; deploy: boolean }
  | { how: 'cli'; argv: string[] }
  /** `npm run cli -- failover ...`: a reference to a command shown elsewhere; it must exist. */
  | { how: 'cli-ref'; argv: string[] }
  | { how: 'console-input'; workflow: string; input: Record<string, unknown> }
  | { how: 'cdk-json'; context: Record<string, unknown> }
  | { how: 'sketch'; reason: string }
  | { how: 'unknown'; problem: string };

interface Checked {
  item: DocItem;
  plan: Plan;
}

const where = (i: DocItem) => `${i.file}:${i.line}`;

function substitute(text: string): string {
  return text.replace(/<([^>]+)>/g, (whole, name: string) => {
    if (!(name in PLACEHOLDERS)) {
      throw new Error(`placeholder ${whole} has no value: add "${name}" to PLACEHOLDERS in test/docs/documented-commands.test.ts`);
    }
    return PLACEHOLDERS[name];
  });
}

/** CLI commands that start a workflow registered under another command (cli/commands/restore.ts registers both). */
const CLI_COMMAND_OF: Record<string, string> = { 'restore-pitr': 'restore' };

/**
 * The workflow of a console input: its table row's CLI command, else the state machine named above it in
 * its section, else in the introduction of an enclosing section (nearest first).
 */
function workflowOf(item: DocItem): string | undefined {
  for (const cell of item.row ?? []) {
    const m = cell.match(/npm run cli -- ([\w-]+)/);
    const w = m && ALL_WORKFLOWS.find((x) => x.cliCommand === (CLI_COMMAND_OF[m[1]] ?? m[1]));
    if (w) return w.name;
  }
  for (const text of [item.before, ...item.outer]) {
    const named = [...text.matchAll(/muejam-backup-dr-<deploymentId>-([\w-]+)/g)].map((m) => m[1]);
    const found = named.reverse().find((n) => ALL_WORKFLOWS.some((w) => w.name === n));
    if (found) return found;
  }
  return undefined;
}

function planShell(item: DocItem): Plan {
  const joined = item.text
    .replace(/\s+#.*$/, '')
    .trim()
    .replace(/\s+/g, ' ');
  const allowed = ALLOWLIST.find((a) => a.match.test(joined));
  if (allowed) return { how: 'allowlisted', reason: allowed.reason };
  if (joined === 'npm start') return { how: 'cli', argv: ['rehearse'] };
  const cli = item.text.match(/^\s*(?:npm run cli --|npx tsx bin\/cli\.ts)\s+(.*?)\s*(#.*)?$/);
  if (cli) {
    const argv = shellWords(cli[1].includes('...') ? cli[1] : runnableForm(cli[1], PLACEHOLDERS));
    return argv.includes('...') ? { how: 'cli-ref', argv: argv.slice(0, 1) } : { how: 'cli', argv };
  }
  const words = shellWords(item.text);
  if (words[0] === 'npx' && words[1] === 'cdk' && (words[2] === 'synth' || (words[2] === 'deploy' && words.includes('-c')))) {
    const context = contextPairs(words);
    if (words[2] === 'synth' && Object.keys(context).length === 0) return { how: 'synth-default' };
    return { how: 'synth', context, expectError: item.expectedOutput, deploy: words[2] === 'deploy' };
  }
  return {
    how: 'unknown',
    problem: `\`${item.text}\` is neither run by the docs test nor allowlisted: teach planShell() to run it, or add it to ALLOWLIST with the reason it cannot run offline`,
  };
}

function planJson(item: DocItem): Plan {
  const sketch = SKETCH_PAGES.has(item.file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(sketch ? item.text : substitute(item.text));
  } catch (err) {
    if (sketch) return { how: 'sketch', reason: 'a code sketch on a conventions page, not a console input' };
    if (!item.text.includes('"')) return { how: 'sketch', reason: 'a description of fields (no JSON strings), not an input' };
    return { how: 'unknown', problem: `console input \`${item.text}\` is not valid JSON: ${(err as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { how: 'unknown', problem: `console input \`${item.text}\` is not a JSON object` };
  }
  const obj = parsed as Record<string, unknown>;
  if (item.kind === 'json-block' && typeof obj.context === 'object')
    return { how: 'cdk-json', context: obj.context as Record<string, unknown> };
  if (sketch) return { how: 'sketch', reason: 'an example on a conventions page, not a console input' };
  const workflow = workflowOf(item);
  if (!workflow) {
    return {
      how: 'unknown',
      problem: `console input \`${item.text}\` names no workflow: put it in a table row with its \`npm run cli -- <command>\` or below the state machine name \`muejam-backup-dr-<deploymentId>-<workflow>\``,
    };
  }
  return { how: 'console-input', workflow, input: obj };
}

function plan(item: DocItem): Plan {
  try {
    return item.kind === 'shell' ? planShell(item) : planJson(item);
  } catch (err) {
    return { how: 'unknown', problem: (err as Error).message };
  }
}

const CLI_COMMANDS = buildCliProgram().commands.map((c) => c.name());
const checked: Checked[] = DOC_FILES.flatMap((f) =>
  extractDocItems(f, readFileSync(path.join(ROOT, f), 'utf8'), CLI_COMMANDS).map((item) => ({ item, plan: plan(item) })),
);
const plansOf = <H extends Plan['how']>(how: H) =>
  checked.filter((c): c is { item: DocItem; plan: Extract<Plan, { how: H }> } => c.plan.how === how);

/** Distinct values by key, with every place the docs show them. */
function distinct<T>(list: { item: DocItem; value: T }[], key: (v: T) => string): { value: T; places: string[] }[] {
  const map = new Map<string, { value: T; places: string[] }>();
  for (const { item, value } of list) {
    const k = key(value);
    if (!map.has(k)) map.set(k, { value, places: [] });
    map.get(k)!.places.push(where(item));
  }
  return [...map.values()];
}

/** The literal (string) environment variables of every Lambda in the templates, merged. */
function lambdaEnvironment(templates: Record<string, any>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const t of Object.values(templates)) {
    for (const r of Object.values(t.Resources ?? {}) as any[]) {
      if (r.Type !== 'AWS::Lambda::Function') continue;
      for (const [k, v] of Object.entries(r.Properties?.Environment?.Variables ?? {})) {
        // Powertools and SDK settings stay the local runner's (quiet logs, the emulator)
        if (typeof v === 'string' && !/^(POWERTOOLS_|AWS_|NODE_OPTIONS)/.test(k)) env[k] = v;
      }
    }
  }
  return env;
}

/** `npx cdk synth` with cdk.json as committed (no `-c`): from the variant cache after the first call. */
const committedSynth = () => synthesizeVariant({});

const silent: Output = { heading() {}, line() {}, ok() {}, fail() {}, info() {}, warn() {}, table() {} };
/** What was run and how it ended, for the summary (`seconds`: wall time, printed only, never asserted). */
const results: { places: string[]; what: string; result: string; seconds?: number }[] = [];
const since = (t0: number) => Math.round((Date.now() - t0) / 100) / 10;

describe('every documented command works as written', () => {
  const moto = useMoto();
  let config: BackupConfig;

  beforeAll(async () => {
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
    config = loadDeploymentConfig();
    await seedDocumentedDeployment(config, moto.endpoint, moto.clients);
  }, 120_000);

  afterAll(() => {
    delete process.env.AWS_ENDPOINT_URL;
    const allowlisted = plansOf('allowlisted');
    const lines = [
      `documented commands and inputs: ${checked.length} found, ${results.length} distinct run, ${allowlisted.length} allowlisted, ${plansOf('sketch').length} sketches`,
      ...results.map(
        (r) => `  ${r.result.padEnd(20)} ${r.what}   (${r.places.join(', ')})${r.seconds === undefined ? '' : ` ${r.seconds} s`}`,
      ),
      ...allowlisted.map((c) => `  allowed  ${c.item.text}   (${where(c.item)}): ${c.plan.reason}`),
    ];
    console.log(lines.join('\n'));
  });

  it('finds the commands of the README and every docs page', () => {
    expect(plansOf('cli').length).toBeGreaterThan(5);
    expect(plansOf('synth').length).toBeGreaterThan(1);
    expect(plansOf('console-input').length).toBeGreaterThan(3);
  });

  it('knows how to check every documented command and input, or allowlists it with a reason', () => {
    const problems = plansOf('unknown').map((c) => `${where(c.item)}: ${c.plan.problem}`);
    expect(problems).toEqual([]);
  });

  it('documents only CLI commands and options that bin/cli.ts registers', () => {
    const program = buildCliProgram();
    const problems = [...plansOf('cli'), ...plansOf('cli-ref')].flatMap((c) =>
      cliSyntaxProblems(program, c.plan.argv, { argumentsElided: c.plan.how === 'cli-ref' }).map((p) => `${where(c.item)}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it('cdk.json examples are accepted by the configuration', () => {
    for (const c of plansOf('cdk-json')) {
      const ctx = c.plan.context;
      expect(() => loadConfig({ context: (k) => ctx[k], contextKeys: Object.keys(ctx), defaultAccount: undefined })).not.toThrow();
      results.push({ places: [where(c.item)], what: 'cdk.json example', result: 'ok' });
    }
  });

  it('npx cdk synth -c ... variants synthesize, or fail with the documented message', () => {
    const variants = distinct(
      plansOf('synth').map((c) => ({ item: c.item, value: c.plan })),
      (p) => JSON.stringify([p.context, p.expectError]),
    );
    for (const { value: p, places } of variants) {
      const r = synthesizeVariant(p.context);
      const what = `${p.deploy ? 'cdk deploy (synthesized)' : 'cdk synth'} ${Object.entries(p.context)
        .map(([k, v]) => `-c ${k}=${v}`)
        .join(' ')}`;
      if (p.expectError) {
        expect({ places, ok: r.ok }).toEqual({ places, ok: false });
        if (!r.ok) expect(r.message).toContain(p.expectError);
      } else {
        expect({ places, error: r.ok ? undefined : r.message }).toEqual({ places, error: undefined });
      }
      results.push({ places, what, result: p.expectError ? 'refused' : 'ok' });
    }
  }, 300_000);

  it('npx cdk synth (cdk.json as committed) synthesizes with cdk-nag failing on findings, as cdk synth does', () => {
    // Unbundled like every variant (test/infra/app.test.ts checks the bundles of the bundled synthesis).
    const places = plansOf('synth-default').map((c) => where(c.item));
    const r = committedSynth();
    expect({ places, error: r.ok ? undefined : r.message }).toEqual({ places, error: undefined });
    if (r.ok) expect(Object.keys(r.templates).length).toBe(2);
    results.push({ places, what: 'cdk synth', result: 'ok' });
  }, 300_000);

  it('console inputs are accepted by their workflow (the real ASL in the local runner)', async () => {
    // What the stack gives the handlers (bucket names, each area's settings): the literal environment of its Lambdas.
    const synth = committedSynth();
    if (!synth.ok) throw new Error(`npx cdk synth fails: ${synth.message}`);
    Object.assign(process.env, lambdaEnvironment(synth.templates));
    const inputs = distinct(
      plansOf('console-input').map((c) => ({ item: c.item, value: c.plan })),
      (p) => JSON.stringify([p.workflow, p.input]),
    );
    const problems: unknown[] = [];
    for (const { value: p, places } of inputs) {
      const w = ALL_WORKFLOWS.find((x) => x.name === p.workflow)!;
      const t0 = Date.now();
      const r = await runWorkflowAgainstEmulator({ config, aslFile: w.aslFile, workflow: w.name, input: p.input, out: silent });
      // the docs show the same restore target in the console input and the CLI command: each assumes it does not exist yet
      await removeRestoredInstances(config, moto.clients);
      const entry = CONSOLE_EXPECTATIONS[p.workflow];
      const expected = entry instanceof RegExp ? entry : entry?.input(p.input) ? entry.ends : undefined;
      const ended = `${r.error}: ${r.cause}`;
      const before = problems.length;
      if (expected && r.status !== 'SUCCEEDED') {
        if (!expected.test(ended)) problems.push({ places, input: p.input, ended, expected: String(expected) });
      } else if (r.status !== 'SUCCEEDED') {
        problems.push({ places, input: p.input, status: r.status, ended, expected: 'SUCCEEDED (no entry in CONSOLE_EXPECTATIONS)' });
      }
      const result = problems.length > before ? 'FAILED' : r.status === 'SUCCEEDED' ? 'ok' : 'accepted, then fails as documented';
      results.push({ places, what: `${p.workflow} ${JSON.stringify(p.input)}`, result, seconds: since(t0) });
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it('CLI commands do what the docs say against the emulator; npm start runs again on it and leaves its resources alone', async () => {
    const rds = moto.clients(RDSClient, config.primaryRegion);
    const prodSnapshots = async () =>
      ((await rds.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: 'muejam-db-prod' }))).DBSnapshots ?? [])
        .map((s) => String(s.DBSnapshotIdentifier))
        .sort();
    const commands = distinct(
      plansOf('cli').map((c) => ({ item: c.item, value: c.plan.argv })),
      (a) => a.join(' '),
    );
    // backups first (metrics then shows them), rehearsals last (they must leave what the CLI made alone)
    const order = (a: string[]) => (a[0] === 'backup' ? 0 : a[0] === 'rehearse' ? 2 : 1);
    commands.sort((x, y) => order(x.value) - order(y.value));
    let before: string[] | undefined;
    const problems: unknown[] = [];
    for (const { value: argv, places } of commands) {
      if (argv[0] === 'rehearse') before ??= await prodSnapshots();
      const expected = [CLI_EXPECTATIONS[argv[0]] ?? []].flat().find((e) => !e.args || e.args.test(argv.join(' '))) ?? {
        exit: 0,
        says: /./,
        why: 'no entry in CLI_EXPECTATIONS, so it must succeed against moto (add an entry saying what it must print if it cannot)',
      };
      const t0 = Date.now();
      const r = await runCliInProcess(argv);
      await removeRestoredInstances(config, moto.clients);
      const failed = r.code !== expected.exit || !expected.says.test(r.output);
      if (failed) {
        const wanted = `exit ${expected.exit}, says ${expected.says}: ${expected.why}`;
        problems.push({ command: argv.join(' '), places, exit: r.code, expected: wanted, output: r.output.slice(-3000) });
      }
      const result = failed ? 'FAILED' : r.code === 0 ? 'ok' : 'fails as documented';
      results.push({ places, what: `npm run cli -- ${argv.join(' ')}`, result, seconds: since(t0) });
    }
    expect(problems).toEqual([]);
    // The rehearsals used their own names: the CLI's database and its snapshots are as they were.
    expect(before).toBeDefined();
    expect(await prodSnapshots()).toEqual(before);
    const instances = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'muejam-db-prod' }));
    expect(instances.DBInstances?.[0]?.DBInstanceStatus).toBe('available');
  }, 600_000);

  it('metrics --days 7 shows the CLI backup run (the handlers EMF reached the emulator CloudWatch)', async () => {
    const r = await runCliInProcess(['metrics', '--days', '7', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.output.slice(r.output.indexOf('{')));
    const db = report.resources.find((x: { resource: string }) => x.resource === 'muejam-db-prod');
    expect(db.succeededBackups).toBeGreaterThanOrEqual(1);
    results.push({ places: ['README.md (Backup record)'], what: 'metrics --days 7 --json after the CLI backup', result: 'ok' });
  }, 120_000);
});
