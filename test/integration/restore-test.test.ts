/**
 * The weekly restore test on a real moto_server with a REAL PostgreSQL behind the endpoint
 * override: a real backup (database-backup workflow) whose data is copied at snapshot time
 * (local/postgres/local-restore-engine.ts), then restore-test.asl.json unchanged with the real
 * handlers: a passing run (report stored in the backup region's bucket, instance deleted), a
 * failing one (a backup whose data lacks a table: alert names the check, instance still
 * deleted), a region without a verified backup (clear alert, nothing created), and the CLI
 * command (plan first, live progress, the report). moto restores at once and keeps no data: the
 * engine stands in for the data; waits and TLS are covered by the workflow and unit tests.
 */
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeDBInstancesCommand, ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { snapshotName } from '../../lambdas/domain/backup/identifiers';
import { RESTORE_TEST_SETTINGS, type RestoreTestSettings } from '../../lambdas/domain/settings/restore-test';
import { restoreTestReportBucketName } from '../../lib/workflows/restore-test-workflow';
import { loadDeploymentConfig } from '../../cli/deployment-config';
import { localRuntimeConfig, stateMachineName } from '../../local/local-environment';
import { createMotoSubnetGroup } from '../../local/moto-subnet-group';
import { SMALL, seedMuejam } from '../../local/postgres/muejam-schema';
import { LocalRestoreEngine } from '../../local/postgres/local-restore-engine';
import { runStateMachineLocally, type StepHandler } from '../../local/run-state-machine';
import { drainAlerts } from '../../local/seed-world';
import { runCliInProcess } from '../support/doc-cli';
import { useMoto } from '../support/moto';

const moto = useMoto();
const DB = 'muejam-db-prod';
const PRIMARY = 'us-east-1';
const BACKUP = 'us-west-2';
// The day of the runs: moto stamps snapshots with the real time, the data is written just before.
const DAY = new Date(Math.floor(Date.now() / 86400000) * 86400000);
const t = (h: number) => new Date(DAY.getTime() + h * 3600000).toISOString();

let engine: LocalRestoreEngine;
beforeAll(async () => {
  engine = await LocalRestoreEngine.start(SMALL, new Date(Date.now() - 120_000));
}, 120_000);
afterAll(() => engine?.stop());

const run = (deploymentId: string, aslFile: string, input: unknown, overrides?: Record<string, StepHandler>) =>
  runStateMachineLocally({
    aslFile,
    input,
    region: PRIMARY,
    stateMachineName: stateMachineName(deploymentId, aslFile.replace('.asl.json', '')),
    retryDelayMs: 1,
    handlerOverrides: overrides,
  });

/** What a deployed account has for restore tests: the source's engine version, a subnet group, a secret, the report bucket. */
async function stage(deploymentId: string, bucket: string) {
  const rds = moto.clients(RDSClient, PRIMARY);
  await rds.send(
    new ModifyDBInstanceCommand({ DBInstanceIdentifier: DB, EngineVersion: await engine.serverVersion(), ApplyImmediately: true }),
  );
  await createMotoSubnetGroup(moto.endpoint, rds, PRIMARY, 'rt-private');
  await createMotoSubnetGroup(moto.endpoint, moto.clients(RDSClient, BACKUP), BACKUP, 'rt-private-dr');
  const secret = await moto.clients(SecretsManagerClient, PRIMARY).send(
    new CreateSecretCommand({
      Name: `${deploymentId}-restore-test`,
      SecretString: JSON.stringify({ username: 'postgres', password: 'x' }),
    }),
  );
  await moto
    .clients(S3Client, BACKUP)
    .send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: BACKUP as never } }));
  return secret.ARN!;
}

async function instanceGone(region: string, id: string): Promise<boolean> {
  try {
    const i = await moto.clients(RDSClient, region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
    return i.DBInstances?.[0]?.DBInstanceStatus === 'deleting';
  } catch (err) {
    return (err as Error).name.startsWith('DBInstanceNotFound');
  }
}

async function backup(deploymentId: string, at: string): Promise<string> {
  const r = await run(deploymentId, 'database-backup.asl.json', { dbInstanceIdentifier: DB, scheduledTime: at });
  expect([r.status, r.error]).toEqual(['SUCCEEDED', undefined]);
  const id = snapshotName('muejam', DB, new Date(at));
  await engine.captureSnapshot(id);
  return id;
}

describe('restore test on moto_server with a real PostgreSQL', () => {
  it('passes on a good backup (report in the backup region, instance deleted), fails on a backup without a table (alert names it, still deleted)', async () => {
    const { world } = await moto.freshWorld(localRuntimeConfig({ deploymentId: 'rti' }));
    const bucket = 'muejam-rti-reports';
    const secretArn = await stage('rti', bucket);
    const settings: RestoreTestSettings = {
      maxAgeHours: 24,
      instanceClass: 'db.t4g.micro',
      regionMode: 'primary',
      network: { primary: { subnetGroup: 'rt-private', securityGroupIds: ['sg-0aaaaaaaaaaaaaaaa'] } },
      plan: {
        database: 'postgres',
        schemas: ['public'],
        tableMinimums: { 'public.users': 20, 'public.stories': 40, 'public.chapters': 120 },
        timestampColumn: { schema: 'public', table: 'chapters', column: 'updated_at' },
        checks: [{ name: 'recent chapters', sql: 'SELECT max(updated_at) FROM public.chapters', expect: { maxAgeMinutes: 60 } }],
        amcheckIndexes: ['public.chapters_story_idx'],
      },
      secretArn,
      reportBucket: bucket,
      rtoHours: 4,
    };
    Object.assign(process.env, RESTORE_TEST_SETTINGS.environment(settings));
    const restoreStep = { RestoreDbInstance: engine.restoreStep(moto.clients) };

    const good = await backup('rti', t(1));
    await drainAlerts(moto.endpoint, PRIMARY, world.alertQueueUrl);
    const pass = await run(
      'rti',
      'restore-test.asl.json',
      { dbInstanceIdentifier: DB, region: 'primary', scheduledTime: t(1) },
      restoreStep,
    );
    expect([pass.status, pass.error, pass.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
    const instance = pass.output.target.instanceId as string;
    expect(instance).toBe(`muejam-rt-${DB}-${t(1).slice(0, 10).replace(/-/g, '')}`);
    expect(pass.output.plan.snapshot.id).toBe(good);
    expect(await instanceGone(PRIMARY, instance)).toBe(true);
    const stored = await moto.clients(S3Client, BACKUP).send(new GetObjectCommand({ Bucket: bucket, Key: pass.output.record.reportKey }));
    const report = JSON.parse(await stored.Body!.transformToString());
    expect(report.overallStatus).toBe('passed');
    expect(report.tests.map((x: { name: string; status: string }) => `${x.name}: ${x.status}`)).toContain('rows public.chapters: passed');
    expect(report.tests.at(-1)).toMatchObject({ name: 'teardown', status: 'passed' });
    expect(report.dataAgeSeconds).toBeGreaterThan(0);
    expect(report.figures.allocatedStorageGiB).toBeGreaterThan(0);
    expect(report.credentialsFrom).toContain(secretArn);
    expect((await drainAlerts(moto.endpoint, PRIMARY, world.alertQueueUrl)).map((a) => [a.severity, a.kind])).toEqual([
      ['info', 'recovery'],
    ]);

    await engine.production.withClient((c) => c.query('DROP TABLE public.chapters CASCADE'));
    await backup('rti', t(7));
    const fail = await run(
      'rti',
      'restore-test.asl.json',
      { dbInstanceIdentifier: DB, region: 'primary', scheduledTime: t(7) },
      restoreStep,
    );
    expect(fail.status).toBe('FAILED');
    expect(fail.error).toBe('VerificationFailed');
    const alerts = (await drainAlerts(moto.endpoint, PRIMARY, world.alertQueueUrl)).filter((a) => a.kind === 'failure');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'critical', step: 'SQL checks' });
    expect(alerts[0].cause).toContain('rows public.chapters');
    expect(await instanceGone(PRIMARY, instance)).toBe(true);
  }, 180_000);

  it('no verified backup in the backup region: a clear critical alert, nothing created', async () => {
    const { world } = await moto.freshWorld(localRuntimeConfig({ deploymentId: 'rtn' }));
    await stage('rtn', 'muejam-rtn-reports');
    Object.assign(
      process.env,
      RESTORE_TEST_SETTINGS.environment({
        maxAgeHours: 24,
        instanceClass: 'db.t4g.micro',
        regionMode: 'backup',
        network: { backup: { subnetGroup: 'rt-private-dr', securityGroupIds: ['sg-0bbbbbbbbbbbbbbbb'] } },
        plan: { database: 'postgres', schemas: ['public'], tableMinimums: {}, checks: [], amcheckIndexes: [] },
        reportBucket: 'muejam-rtn-reports',
        rtoHours: 4,
      }),
    );
    const r = await run('rtn', 'restore-test.asl.json', { dbInstanceIdentifier: DB, region: 'backup', scheduledTime: t(1) });
    expect(r.status).toBe('FAILED');
    const [alert] = (await drainAlerts(moto.endpoint, PRIMARY, world.alertQueueUrl)).filter((a) => a.kind === 'failure');
    expect(alert).toMatchObject({ severity: 'critical', step: 'pick the newest verified backup' });
    expect(alert.cause).toMatch(/no verified/i);
    const all = await moto.clients(RDSClient, BACKUP).send(new DescribeDBInstancesCommand({}));
    expect(all.DBInstances ?? []).toEqual([]);
  }, 120_000);

  it('npm run cli -- restore-test: the plan first, then the run live, then the report; the throwaway is gone', async () => {
    const deployment = loadDeploymentConfig();
    const { world } = await moto.freshWorld(localRuntimeConfig({ deploymentId: deployment.deploymentId }));
    await engine.production.withClient((c) => c.query('DROP TABLE IF EXISTS public.chapters CASCADE'));
    await engine.production.withClient((c) => c.query('DROP TABLE IF EXISTS public.stories CASCADE'));
    await engine.production.withClient((c) => c.query('DROP TABLE IF EXISTS public.users CASCADE'));
    await engine.production.withClient((c) => seedMuejam(c, SMALL, new Date(Date.now() - 60_000)));
    const bucket = restoreTestReportBucketName(deployment);
    const secretArn = await stage(deployment.deploymentId, bucket);
    await createMotoSubnetGroup(moto.endpoint, moto.clients(RDSClient, PRIMARY), PRIMARY, deployment.restoreTest.dbSubnetGroup!);
    const snapshot = await backup(deployment.deploymentId, new Date().toISOString());
    await drainAlerts(moto.endpoint, PRIMARY, world.alertQueueUrl);
    // moto names an instance's endpoint <id>.<same suffix as the source>: serve the snapshot's copy there.
    const source = (await moto.clients(RDSClient, PRIMARY).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: DB })))
      .DBInstances![0];
    const instance = `muejam-rt-${DB}-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`;
    await engine.serveSnapshotAt(snapshot, source.Endpoint!.Address!.replace(DB, instance));

    const cli = await runCliInProcess([
      'restore-test',
      DB,
      '--region',
      'primary',
      '-c',
      'muejam.restoreTest.database=postgres',
      '-c',
      `muejam.restoreTest.secretArn=${secretArn}`,
    ]);
    expect(cli.output).toContain(`== Plan: restore test of ${DB}, region primary`);
    expect(cli.output).toContain(`target:          NEW instance ${instance} (purpose restore-test)`);
    expect(cli.output).toContain(`source:          snapshot ${snapshot}`);
    const plan = cli.output.indexOf('== Plan');
    const started = cli.output.indexOf('== Starting restore-test');
    const reportAt = cli.output.indexOf('== Report');
    expect(plan).toBeGreaterThanOrEqual(0);
    expect(started).toBeGreaterThan(plan);
    expect(cli.output.indexOf('→ RunSqlChecks')).toBeGreaterThan(started);
    expect(reportAt).toBeGreaterThan(cli.output.indexOf('→ RecordReport'));
    expect(cli.output.slice(reportAt)).toMatch(/rows public\.chapters\s+PASSED\s+120/);
    expect(cli.output.slice(reportAt)).toMatch(/teardown:\s+deleted muejam-rt-/);
    expect(cli.output).toContain(`report:          s3://${bucket}/restore-tests/${DB}/`);
    expect(cli.output).toContain('restore test of muejam-db-prod passed');
    expect(cli.code).toBe(0);
    expect(await instanceGone(PRIMARY, instance)).toBe(true);
  }, 180_000);
});
