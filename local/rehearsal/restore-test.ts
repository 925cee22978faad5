/**
 * Rehearsal section: the weekly restore test on the emulator with a REAL PostgreSQL (PGlite over
 * its socket): a real backup of the "production" database (MueJam-like data), then a passing
 * restore test (RTO, data age, teardown) and a failing one (a backup whose data lacks a table):
 * it alerts naming the check and still tears down. What moto cannot show: real restore times
 * (instances are available at once), TLS with the RDS CA bundle (the local engine is reached
 * plainly through the local endpoint override), the VPC and its security groups.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeDBInstancesCommand, ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { snapshotName } from '../../lambdas/domain/backup/identifiers';
import { RESTORE_TEST_SETTINGS, type RestoreTestSettings } from '../../lambdas/domain/settings/restore-test';
import { seconds } from '../console/output';
import { describeRestoreTestStep } from '../console/restore-test-steps';
import { SMALL } from '../postgres/muejam-schema';
import { LocalRestoreEngine } from '../postgres/local-restore-engine';
import { createMotoSubnetGroup } from '../moto-subnet-group';
import type { RehearsalContext, RehearsalSection, SectionOutcome } from './context';

async function prepare(ctx: RehearsalContext, engine: LocalRestoreEngine): Promise<RestoreTestSettings> {
  const { config, clients } = ctx;
  const db = config.databases[0];
  const region = config.primaryRegion;
  const version = await engine.serverVersion();
  await clients(RDSClient, region).send(
    new ModifyDBInstanceCommand({ DBInstanceIdentifier: db, EngineVersion: version, ApplyImmediately: true }),
  );
  // The DB subnet group the throwaway goes to (moto checks it exists).
  await createMotoSubnetGroup(ctx.endpoint, clients(RDSClient, region), region, 'rt-private');
  const secret = await clients(SecretsManagerClient, region).send(
    new CreateSecretCommand({
      Name: `${config.deploymentId}-restore-test`,
      SecretString: JSON.stringify({ username: 'postgres', password: 'rehearsal' }),
    }),
  );
  const bucket = `muejam-${config.deploymentId}-reports`;
  await clients(S3Client, config.backupRegion).send(
    new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: config.backupRegion as any } }),
  );
  return {
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
    secretArn: secret.ARN!,
    reportBucket: bucket,
    rtoHours: 4,
  };
}

export const restoreTestSection: RehearsalSection = {
  id: 'restore-test',
  title: 'Weekly restore test: newest verified backup → throwaway instance → SQL checks on a real PostgreSQL → RTO/RPO → teardown',
  async run(ctx): Promise<SectionOutcome> {
    const { out, config } = ctx;
    const db = config.databases[0];
    const t1 = new Date(Math.floor(Date.now() / 86400000) * 86400000 + 3600000);
    const t2 = new Date(t1.getTime() + 6 * 3600000);
    out.line('  starting the local PostgreSQL engine (PGlite over its socket) with the MueJam-like "production" data...');
    const engine = await LocalRestoreEngine.start(SMALL, new Date(Date.now() - 150_000)); // moto stamps snapshots with the real time
    try {
      const settings = await prepare(ctx, engine);
      Object.assign(process.env, RESTORE_TEST_SETTINGS.environment(settings));
      out.info(
        `production: PostgreSQL ${await engine.serverVersion()} at ${engine.production.address} (users, stories, chapters); ${db} in moto reports that engine version`,
      );

      const backup = async (at: Date) => {
        const r = await ctx.runWorkflow({
          aslFile: 'database-backup.asl.json',
          workflow: 'database-backup',
          input: { dbInstanceIdentifier: db, scheduledTime: at.toISOString() },
        });
        const id = snapshotName(config.snapshotPrefix, db, at);
        await engine.captureSnapshot(id);
        return { ok: r.status === 'SUCCEEDED', id };
      };
      const restoreTest = (at: Date) =>
        ctx.runWorkflow({
          aslFile: 'restore-test.asl.json',
          workflow: 'restore-test',
          input: { dbInstanceIdentifier: db, region: 'primary', scheduledTime: at.toISOString() },
          describe: describeRestoreTestStep,
          handlerOverrides: { RestoreDbInstance: engine.restoreStep(ctx.clients) },
        });
      const exists = async (id: string) => {
        try {
          const i = await ctx.clients(RDSClient, config.primaryRegion).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
          return i.DBInstances?.[0]?.DBInstanceStatus !== 'deleting';
        } catch {
          return false;
        }
      };

      out.line(`\n  a verified backup of ${db} (the real database-backup workflow); its data is copied at snapshot time`);
      const b1 = await backup(t1);
      out.line(`\n  restore test 1 (expected to pass): ${b1.id}`);
      const pass = await restoreTest(t1);
      const rec = pass.output?.record ?? {};
      const passed =
        b1.ok && pass.status === 'SUCCEEDED' && rec.overallStatus === 'passed' && !(await exists(pass.output.target.instanceId));
      if (passed)
        out.ok(
          `passed in ${pass.transitions} state transitions, ${seconds(pass.durationMs)}: RTO ${rec.rtoSeconds} s (moto restores at once), data age ${rec.dataAgeSeconds} s, teardown ${pass.output.teardown.action} ${pass.output.teardown.instanceId}`,
        );
      else out.fail(`restore test 1 did not pass: ${pass.error}: ${pass.cause}`);
      await ctx.alerts();

      out.line('\n  the production database loses its chapters table; the next backup holds data without it');
      await engine.production.withClient((c) => c.query('DROP TABLE public.chapters CASCADE'));
      const b2 = await backup(t2);
      out.line(`\n  restore test 2 (expected to fail): ${b2.id}`);
      const fail = await restoreTest(t2);
      const alerts = (await ctx.alerts()).filter((a) => a.kind === 'failure');
      const tornDown = !(await exists(fail.output?.target?.instanceId ?? `${config.snapshotPrefix}-rt-${db}`));
      const failedAsExpected =
        fail.status === 'FAILED' &&
        alerts.length === 1 &&
        alerts[0].step === 'SQL checks' &&
        alerts[0].cause.includes('rows public.chapters') &&
        tornDown;
      if (failedAsExpected) {
        out.ok(`failed as it must, tore down the instance (teardown ${fail.output?.teardown?.action ?? 'done'}), and alerted:`);
        out.line(`      ${alerts[0].summary}`);
      } else
        out.fail(
          `the failing restore test was not handled as required (status ${fail.status}, alerts ${alerts.length}, torn down ${tornDown})`,
        );
      out.info(
        'not shown by moto: real restore times (instances are available at once), TLS with the RDS CA bundle (the local engine is reached plainly through MUEJAM_LOCAL_PG_ENDPOINTS), the VPC and its security groups',
      );
      return {
        ok: passed && failedAsExpected,
        summary: [
          ['restore test (passing): transitions', String(pass.transitions)],
          ['restore test (passing): RTO / data age', `${rec.rtoSeconds ?? '?'} s / ${rec.dataAgeSeconds ?? '?'} s`],
          ['restore test (failing): failed check', alerts[0]?.cause.match(/rows public\.chapters/)?.[0] ?? '(none)'],
          ['teardown (both runs)', passed && tornDown ? 'instance deleted' : 'NOT torn down'],
        ],
      };
    } finally {
      delete process.env[RESTORE_TEST_SETTINGS.envName];
      await engine.stop();
    }
  },
};
