/**
 * Executes state-machines/restore-test.asl.json unchanged with the real handlers in-process (the
 * restore steps reused from the database restore), RDS as the in-memory fake, and the SQL checks
 * against a REAL PostgreSQL engine (PGlite over its socket, behind the local endpoint override).
 * Every failure path after the plan must tear down (a test per path) and alert naming the step.
 */
import { DeleteDBInstanceCommand, DescribeDBInstancesCommand, RestoreDBInstanceFromDBSnapshotCommand } from '@aws-sdk/client-rds';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { TAG } from '../../lambdas/domain/backup/ownership-tags';
import { statesEntered } from '../../local/run-state-machine';
import { awsError } from '../support/aws-error';
import { BACKUP, DB, PRIMARY } from '../support/fake-restore-rds';
import { INSTANCE, NEWEST_WRITE, RestoreTestWorld, rds, s3, SETTINGS, SNAPSHOT, SNAPSHOT_TIME } from './restore-test-world';

const world = new RestoreTestWorld();
beforeAll(() => world.startEngine(), 120_000);
afterAll(() => world.pg?.stop());
beforeEach(() => world.reset());

const CLEAN = [
  'PlanRestoreTest',
  'SweepLeftovers',
  'ValidateRestore',
  'AdjustPlan',
  'RestoreInstance',
  'WaitUntilAvailable',
  'RunSqlChecks',
  'Teardown',
  'RecordReport',
  'ChecksPassed',
  'RestoreTestSucceeded',
];
const boom = (name: string) => () => {
  const e = new Error(`${name} broke`);
  e.name = 'Error';
  throw e;
};

describe('restore-test.asl.json: success', () => {
  it('restores the newest verified backup into a throwaway, proves the data with SQL, tears down, reports and records', async () => {
    const r = await world.run();
    expect(r.status).toBe('SUCCEEDED');
    expect(statesEntered(r)).toEqual(CLEAN);
    expect(r.transitions).toBe(CLEAN.length);
    // The restore: the newest verified snapshot, into <prefix>-rt-<db>-<yyyymmdd>, small, private, throwaway, tagged.
    const [restore] = rds.commandCalls(RestoreDBInstanceFromDBSnapshotCommand).map((c) => c.args[0].input);
    expect(restore).toMatchObject({
      DBInstanceIdentifier: INSTANCE,
      DBSnapshotIdentifier: SNAPSHOT,
      DBInstanceClass: 'db.t4g.micro',
      DBSubnetGroupName: 'rt-private',
      VpcSecurityGroupIds: ['sg-0aaaaaaaaaaaaaaaa'],
      PubliclyAccessible: false,
      DeletionProtection: false,
      MultiAZ: false,
    });
    expect(restore.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'muejam:purpose', Value: 'restore-test' },
        { Key: TAG.managedBy, Value: 'muejam-backup-dr' },
        { Key: TAG.deployment, Value: 'rtwf' },
        { Key: TAG.execution, Value: 'rt-1' },
      ]),
    );
    // Teardown deleted exactly that instance.
    expect(world.deletes).toEqual([{ region: PRIMARY, id: INSTANCE }]);
    expect(world.fake.instance(PRIMARY, INSTANCE)).toBeUndefined();
    // The report: every check passed on the real engine; RPO from the data; stored in the backup region's bucket.
    const [report] = world.reports();
    expect(report.overallStatus).toBe('passed');
    expect(report.tests.map((t: { name: string; status: string }) => `${t.name}: ${t.status}`)).toEqual([
      'connect: passed',
      'engine version: passed',
      'not in recovery: passed',
      'tables readable (public): passed',
      'rows public.users: passed',
      'rows public.stories: passed',
      'rows public.chapters: passed',
      'data age: passed',
      'check recent chapters: passed',
      'amcheck public.chapters_story_idx: passed',
      'teardown: passed',
    ]);
    expect(report.dataAgeSeconds).toBe((Date.parse(SNAPSHOT_TIME) - NEWEST_WRITE.getTime()) / 1000);
    expect(report.figures).toMatchObject({ allocatedStorageGiB: 20, rtoTargetSeconds: 14400, projectedWithinTarget: true });
    expect(report.credentialsFrom).toContain('RDS-managed master secret of muejam-db-prod');
    const put = s3.commandCalls(PutObjectCommand)[0];
    expect(put.args[0].input).toMatchObject({
      Bucket: SETTINGS.reportBucket,
      Key: expect.stringMatching(/^restore-tests\/muejam-db-prod\/\d{4}-\d{2}-\d{2}\/rt-1\.json$/),
    });
    expect(await put.args[0].input).toBeDefined();
    expect(world.failureAlerts()).toEqual([]);
    expect(world.alerts().map((a) => a.kind)).toEqual(['recovery']);
    expect(r.output.record).toMatchObject({ overallStatus: 'passed', failedTests: [], dataAgeSeconds: 150 });
    // A passed run leaves the marker the 8-day freshness check reads.
    const marker = s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key === `restore-tests/${DB}/last-success.json`);
    expect(JSON.parse(String(marker?.args[0].input.Body))).toMatchObject({ region: PRIMARY, report: r.output.record.reportKey });
  });

  it('alternates regions by ISO week and restores the backup-region copy with its own network', async () => {
    const r = await world.run({ dbInstanceIdentifier: DB, scheduledTime: '2026-12-06T04:00:00Z' }); // week 49: backup region
    expect(r.error ?? '').toBe('');
    expect(r.status).toBe('SUCCEEDED');
    const [restore] = rds.commandCalls(RestoreDBInstanceFromDBSnapshotCommand);
    expect(await restore.args[0].input).toMatchObject({
      DBSubnetGroupName: 'rt-private-dr',
      VpcSecurityGroupIds: ['sg-0bbbbbbbbbbbbbbbb'],
    });
    expect(world.deletes).toEqual([{ region: BACKUP, id: INSTANCE }]);
    expect(world.reports()[0]).toMatchObject({ regionRole: 'backup', region: BACKUP, overallStatus: 'passed' });
  });
});

describe('restore-test.asl.json: janitor', () => {
  it('deletes leftovers of this deployment older than maxAgeHours, alerts (warning) naming them, keeps everything else', async () => {
    const tags = (deployment: string, purpose = 'restore-test') => [
      { Key: TAG.managedBy, Value: 'muejam-backup-dr' },
      { Key: TAG.deployment, Value: deployment },
      { Key: 'muejam:purpose', Value: purpose },
      { Key: TAG.execution, Value: 'old-run' },
    ];
    const old = new Date(Date.now() - 30 * 3600_000);
    const add = (region: string, id: string, t: { Key: string; Value: string }[], created = old) =>
      world.fake.instances.set(`${region}/${id}`, {
        DBInstanceIdentifier: id,
        DBInstanceStatus: 'available',
        InstanceCreateTime: created,
        TagList: t,
      });
    add(BACKUP, 'muejam-rt-muejam-db-prod-20261129', tags('rtwf'));
    add(PRIMARY, 'muejam-rt-muejam-db-prod-20261122', tags('staging'));
    add(PRIMARY, 'muejam-rt-muejam-db-prod-20261128', tags('rtwf', 'restore'));
    add(PRIMARY, 'muejam-rt-muejam-db-prod-20261205', tags('rtwf'), new Date());
    const r = await world.run();
    expect(r.status).toBe('SUCCEEDED');
    expect(world.deletes).toEqual([
      { region: BACKUP, id: 'muejam-rt-muejam-db-prod-20261129' },
      { region: PRIMARY, id: INSTANCE },
    ]);
    const [warning] = world.failureAlerts();
    expect(world.failureAlerts()).toHaveLength(1);
    expect(warning).toMatchObject({ severity: 'warning', step: 'janitor (leftover restore-test instances)', error: 'LeftoverRestoreTest' });
    expect(warning.cause).toMatch(
      /deleted 1 leftover restore-test instance older than 24 h .*muejam-rt-muejam-db-prod-20261129 in us-west-2 \(30 h\)/,
    );
  });
});

describe('restore-test.asl.json: each failure path tears down and alerts naming the step', () => {
  const expectTornDown = () => {
    expect(world.fake.instance(PRIMARY, INSTANCE)).toBeUndefined();
  };

  it('janitor failure: nothing was created; alert names the janitor', async () => {
    rds.on(DescribeDBInstancesCommand, { MaxRecords: 100 }).rejects(awsError('AccessDenied', 'not allowed to list instances'));
    const r = await world.run();
    expect(r.status).toBe('FAILED');
    expect(statesEntered(r)).toEqual(['PlanRestoreTest', 'SweepLeftovers', 'SweepLeftoversFailed', 'NotifyFailure', 'RestoreTestFailed']);
    expect(world.failureAlerts()[0]).toMatchObject({ step: 'janitor', severity: 'critical' });
    expect(rds.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)).toHaveLength(0);
  });

  it('plan failure (database not protected): nothing created; alert names the plan and the field', async () => {
    const r = await world.run({ dbInstanceIdentifier: 'muejam-db-typo' });
    expect(statesEntered(r)).toEqual(['PlanRestoreTest', 'PlanRestoreTestFailed', 'NotifyFailure', 'RestoreTestFailed']);
    expect(world.failureAlerts()[0]).toMatchObject({ step: 'plan restore test', error: 'InvalidInput' });
    expect(rds.commandCalls(DescribeDBInstancesCommand, { MaxRecords: 100 })).toHaveLength(0);
    expect(world.failureAlerts()[0].cause).toContain('dbInstanceIdentifier');
  });

  it('no verified backup in the region: teardown runs (nothing to delete), clear alert', async () => {
    world.fake.snapshots.clear();
    world.fake.addSnapshot(PRIMARY, SNAPSHOT, { verifiedAt: null });
    const r = await world.run();
    expect(statesEntered(r)).toEqual([
      'PlanRestoreTest',
      'SweepLeftovers',
      'ValidateRestore',
      'ValidateRestoreFailed',
      'TeardownAfterFailure',
      'NotifyFailure',
      'RestoreTestFailed',
    ]);
    expect(world.failureAlerts()[0]).toMatchObject({ step: 'pick the newest verified backup' });
    expect(world.failureAlerts()[0].cause).toMatch(/verified/);
    expect(rds.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)).toHaveLength(0);
  });

  it('throwaway-settings failure: teardown runs, alert names the step', async () => {
    const r = await world.run(undefined, { AdjustRestoreTestPlan: boom('adjust') });
    expect(statesEntered(r)).toContain('TeardownAfterFailure');
    expect(world.failureAlerts()[0]).toMatchObject({ step: 'throwaway settings' });
  });

  it('restore failure: teardown runs, alert names the restore', async () => {
    rds.on(RestoreDBInstanceFromDBSnapshotCommand).rejects(awsError('StorageQuotaExceededFault', 'storage quota exceeded'));
    const r = await world.run();
    expect(statesEntered(r).slice(-4)).toEqual(['RestoreInstanceFailed', 'TeardownAfterFailure', 'NotifyFailure', 'RestoreTestFailed']);
    expect(world.failureAlerts()[0]).toMatchObject({ step: 'restore instance' });
    expectTornDown();
  });

  it('wait failure (instance failed): the created instance is deleted, alert names the wait', async () => {
    world.fake.restoredStatuses = ['creating', 'failed'];
    const r = await world.run();
    expect(statesEntered(r).slice(-4)).toEqual(['WaitUntilAvailableFailed', 'TeardownAfterFailure', 'NotifyFailure', 'RestoreTestFailed']);
    expect(world.deletes).toEqual([{ region: PRIMARY, id: INSTANCE }]);
    expect(world.failureAlerts()[0]).toMatchObject({ step: 'wait until available', error: 'TerminalStatus' });
  });

  it('SQL-check step failure: the instance is deleted, alert names the SQL checks', async () => {
    const r = await world.run(undefined, { RunRestoreTestChecks: boom('checker') });
    expect(statesEntered(r).slice(-4)).toEqual(['RunSqlChecksFailed', 'TeardownAfterFailure', 'NotifyFailure', 'RestoreTestFailed']);
    expect(world.deletes).toEqual([{ region: PRIMARY, id: INSTANCE }]);
    expect(world.failureAlerts()[0]).toMatchObject({ step: 'SQL checks' });
  });

  it('a failed check (a table missing from the data): report stored, teardown done, alert names the check', async () => {
    world.reset({ ...SETTINGS, plan: { ...SETTINGS.plan, tableMinimums: { ...SETTINGS.plan.tableMinimums, 'public.comments': 1 } } });
    const r = await world.run();
    expect(statesEntered(r).slice(-6)).toEqual([
      'Teardown',
      'RecordReport',
      'ChecksPassed',
      'ChecksFailed',
      'NotifyFailure',
      'RestoreTestFailed',
    ]);
    expect(world.deletes).toEqual([{ region: PRIMARY, id: INSTANCE }]);
    expect(world.reports()[0].overallStatus).toBe('failed');
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).not.toContain(`restore-tests/${DB}/last-success.json`);
    const [alert] = world.failureAlerts();
    expect(alert).toMatchObject({ step: 'SQL checks', error: 'VerificationFailed', severity: 'critical' });
    expect(alert.cause).toContain('rows public.comments (relation "public.comments" does not exist (42P01))');
  });

  it('record failure: teardown runs again (already gone: no-op), alert names the record step', async () => {
    s3.on(PutObjectCommand).rejects(awsError('AccessDenied', 'no write to the report bucket'));
    const r = await world.run();
    expect(statesEntered(r).slice(-4)).toEqual(['RecordReportFailed', 'TeardownAfterFailure', 'NotifyFailure', 'RestoreTestFailed']);
    expect(world.deletes).toEqual([{ region: PRIMARY, id: INSTANCE }]);
    expect(world.failureAlerts()[0]).toMatchObject({ step: 'record report' });
  });

  it('teardown failure: retried with backoff, then a critical alert naming the instance and the delete command', async () => {
    rds.on(DeleteDBInstanceCommand).rejects(awsError('InvalidDBInstanceStateFault', 'instance is being modified'));
    const r = await world.run();
    expect(r.events.filter((e) => e.type === 'StateRetried' && e.state?.name === 'Teardown')).toHaveLength(6);
    expect(statesEntered(r).slice(-4)).toEqual(['Teardown', 'TeardownFailed', 'NotifyFailure', 'RestoreTestFailed']);
    const [alert] = world.failureAlerts();
    expect(alert).toMatchObject({ step: 'teardown', severity: 'critical' });
    expect(alert.cause).toContain(
      `aws rds delete-db-instance --region ${PRIMARY} --db-instance-identifier ${INSTANCE} --skip-final-snapshot --delete-automated-backups`,
    );
  });

  it('teardown failure after another failure: one critical alert names the instance, the original step and the command', async () => {
    world.fake.restoredStatuses = ['creating', 'failed'];
    rds.on(DeleteDBInstanceCommand).rejects(awsError('InvalidDBInstanceStateFault', 'instance is being modified'));
    const r = await world.run();
    expect(statesEntered(r).slice(-3)).toEqual(['TeardownAfterFailure', 'NotifyTeardownFailure', 'RestoreTestFailed']);
    const [alert] = world.failureAlerts();
    expect(alert.step).toBe(`teardown of the restore-test instance ${INSTANCE} in ${PRIMARY} after "wait until available" failed`);
    expect(alert.cause).toContain('aws rds delete-db-instance');
  });

  it('an instance with the planned name that this run did not make: never deleted (name AND tags), alert says why', async () => {
    world.fake.addForeignInstance(PRIMARY, INSTANCE, [{ Key: 'team', Value: 'analytics' }]);
    const r = await world.run();
    expect(statesEntered(r).slice(-4)).toEqual([
      'ValidateRestoreFailed',
      'TeardownAfterFailure',
      'NotifyTeardownFailure',
      'RestoreTestFailed',
    ]);
    expect(world.deletes).toEqual([]);
    expect(world.fake.instance(PRIMARY, INSTANCE)).toBeDefined();
    expect(world.failureAlerts()[0].cause).toContain('is not tagged as a restore test of deployment rtwf');
  });
});
