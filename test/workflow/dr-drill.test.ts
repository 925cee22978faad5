/**
 * Executes state-machines/dr-drill.asl.json unchanged with the real handlers in-process (the
 * restore workflow's steps, the restore test's SQL checks, the failover's promote and DNS steps)
 * against a real moto_server and a REAL PostgreSQL (PGlite) behind the local endpoint override
 * (local/drill/drill-world.ts). Per path: what the report says, what was alerted, and that the
 * drill left nothing behind (instances, snapshots and records listed after the run).
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { WorkflowAlert } from '../../lambdas/domain/alerts/alert-message';
import { drillInstanceNames } from '../../lambdas/domain/drill/drill-names';
import { seedReplicaLag } from '../../local/failover-world';
import { localRuntimeConfig } from '../../local/local-environment';
import { resetMoto } from '../../local/moto-server';
import { removePitrStandIn } from '../../local/drill/pitr-stand-in';
import { FAILOVER_SETTINGS } from '../../lambdas/domain/settings/failover';
import { type LocalExecution, statesEntered, type StepHandler } from '../../local/run-state-machine';
import { drainAlerts } from '../../local/seed-world';
import {
  automatedBackupsArn,
  backUpOnce,
  DRILL_RECORD,
  type DrillWorld,
  drillLeftovers,
  drillWorld,
  motoEndpoint,
  PRODUCTION_RECORD,
  runDrill,
} from '../../local/drill/drill-world';
import { useMoto } from '../support/moto';

const moto = useMoto();
const DB = 'muejam-db-prod';
const DRILL = 'drill-1';
const NAMES = drillInstanceNames(DB, DRILL);
let world: DrillWorld;
let backupSnapshots: string[];

beforeEach(async () => {
  await resetMoto(moto.endpoint);
  world = await drillWorld(localRuntimeConfig({ deploymentId: 'drw' }), moto.clients, moto.endpoint, { drillIds: [DRILL] });
  const backup = await backUpOnce(world.config, 'backup-1');
  expect(backup.status).toBe('SUCCEEDED');
  backupSnapshots = (await drillLeftovers(world.config, moto.clients, world.zoneId)).snapshots;
}, 120_000);
afterEach(() => world?.stop());

const drill = (handlerOverrides?: Record<string, StepHandler>) => runDrill(world.config, { executionName: DRILL, handlerOverrides });
const alerts = (): Promise<WorkflowAlert[]> => drainAlerts(moto.endpoint, world.config.primaryRegion, world.seeded.alertQueueUrl);
/** The report step's summary (also on the failing paths, where the execution ends in the alert). */
const summaryOf = (r: LocalExecution) => {
  const out = r.events.findLast((e) => e.state?.name === 'ReportDrill' && e.type === 'StateExited')?.state?.output as any;
  return out?.report ?? r.output;
};
const drillPlanOf = (r: LocalExecution) => {
  const out = r.events.find((e) => e.state?.name === 'PlanDrill' && e.type === 'StateExited')?.state?.output as any;
  if (!out?.drill) throw new Error('PlanDrill left no plan');
  return out.drill;
};

/** Nothing of the drill is left: the production database, the backups made before, the production record. */
async function expectNothingLeft(): Promise<void> {
  const left = await drillLeftovers(world.config, moto.clients, world.zoneId);
  expect(left).toEqual({
    instances: [`us-east-1/${DB}`],
    snapshots: backupSnapshots,
    records: [`${PRODUCTION_RECORD}. -> ${motoEndpoint(DB, 'us-east-1')}`],
  });
}

const CLEAN = [
  'PlanDrill',
  'CheckInventory',
  'MeasureInventory',
  'StartRestore',
  'RestoreValidate',
  'RestoreRestore',
  'RestoreWaitUntilAvailable',
  'RestoreApplySettings',
  'RestoreVerify',
  'RestoreSqlChecks',
  'MeasureRestore',
  'StartPitr',
  'PitrValidate',
  'PitrRestore',
  'PitrWaitUntilAvailable',
  'PitrApplySettings',
  'PitrVerify',
  'PitrSqlChecks',
  'MeasurePitr',
  'CanRehearseFailover',
  'StartFailover',
  'CreateDrillReplica',
  'WaitForDrillReplica',
  'JudgeFailoverGuards',
  'GuardsPassed',
  'PromoteDrillReplica',
  'WaitForPromotion',
  'RepointDrillDns',
  'WaitForDrillDns',
  'MeasureFailover',
  'StartTeardown',
  'Teardown',
  'StartTeardownCheck',
  'CheckTeardown',
  'ReportDrill',
  'DrillOutcome',
  'DrillDone',
];

describe('dr-drill.asl.json on moto with a real PostgreSQL', () => {
  it('all steps pass: inventory, restore, point-in-time restore, failover rehearsal, teardown; report in S3; nothing left', async () => {
    const r = await drill();
    expect([r.status, r.error, r.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
    expect(statesEntered(r)).toEqual(CLEAN);
    expect(r.transitions).toBe(CLEAN.length);
    expect(r.output.overallStatus).toBe('passed');
    expect(r.output.teardownClean).toBe(true);
    expect(r.output.tests.map((t: { name: string; status: string }) => `${t.name}: ${t.status}`)).toEqual([
      'inventory: passed',
      'restore: passed',
      'pitr: passed',
      'failover: passed',
      'teardown: passed',
    ]);
    // The point-in-time restore asked for the replicated automated backups at the latest restorable time.
    expect(world.pitr.restores).toEqual([
      {
        target: NAMES.pitr,
        fromSnapshot: expect.any(String),
        request: expect.objectContaining({
          SourceDBInstanceAutomatedBackupsArn: automatedBackupsArn('us-west-2', DB),
          UseLatestRestorableTime: true,
        }),
      },
    ]);
    expect(world.pitr.restores[0].request.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'muejam:purpose', Value: 'dr-drill' },
        { Key: 'muejam:execution', Value: DRILL },
      ]),
    );
    // The drill's own record was made (and removed); the production record never changed.
    const teardown = r.output.tests.find((t: { name: string }) => t.name === 'teardown');
    expect(teardown.detail).toContain('removed 4 drill resource(s)');
    // The report: JSON and HTML in the backup region's bucket.
    const s3 = moto.clients(S3Client, 'us-west-2');
    const json = await s3.send(
      new GetObjectCommand({ Bucket: world.reportBucket, Key: r.output.reportUri.json.split('/').slice(3).join('/') }),
    );
    const stored = JSON.parse(await json.Body!.transformToString());
    expect(stored.overallStatus).toBe('passed');
    expect(stored.tests).toHaveLength(5);
    const html = await s3.send(
      new GetObjectCommand({ Bucket: world.reportBucket, Key: r.output.reportUri.html.split('/').slice(3).join('/') }),
    );
    expect(html.ContentType).toContain('text/html');
    expect(await html.Body!.transformToString()).toContain('<svg');
    expect((await alerts()).filter((a) => a.kind === 'failure')).toEqual([]);
    await expectNothingLeft();
  }, 120_000);

  it('a failing restore check marks the drill failed, still tears down, and alerts naming the check', async () => {
    // The production data the backups hold loses most chapters: the restore test's table minimum fails.
    await world.pg.withClient((c) => c.query('DELETE FROM public.chapters WHERE id > 10'));
    const r = await drill();
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('DrDrillFailed');
    const report = summaryOf(r);
    expect(report.overallStatus).toBe('failed');
    const byName = Object.fromEntries(report.tests.map((t: { name: string; status: string }) => [t.name, t.status]));
    expect(byName).toMatchObject({ inventory: 'passed', restore: 'failed', pitr: 'failed', teardown: 'passed' });
    expect(report.tests.find((t: { name: string }) => t.name === 'restore').detail).toContain('rows public.chapters');
    expect(statesEntered(r)).toEqual(
      expect.arrayContaining(['FailoverNotPossible', 'Teardown', 'CheckTeardown', 'ReportDrill', 'DrillTestsFailed', 'NotifyFailure']),
    );
    const failures = (await alerts()).filter((a) => a.kind === 'failure');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ workflow: 'dr-drill', step: 'drill tests', error: 'DrDrillFailed' });
    expect(failures[0].cause).toContain('restore: restore of');
    expect(failures[0].cause).toContain('rows public.chapters');
    await expectNothingLeft();
  }, 120_000);

  it('a failover guard refusal (replica lag above the maximum) marks it partial: nothing promoted, the drill record never made', async () => {
    await seedReplicaLag(moto.clients, 'us-west-2', NAMES.replica, [[3, 900]]);
    const r = await drill();
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output.overallStatus).toBe('partial');
    const failover = r.output.tests.find((t: { name: string }) => t.name === 'failover');
    expect(failover.status).toBe('refused');
    expect(failover.detail).toContain('a failover guard refused; nothing was promoted');
    const entered = statesEntered(r);
    expect(entered).toContain('JudgeFailoverGuards');
    expect(entered).not.toContain('PromoteDrillReplica');
    expect(entered).not.toContain('RepointDrillDns');
    expect(r.output.tests.find((t: { name: string }) => t.name === 'teardown').status).toBe('passed');
    // The failover was not proven: paged as a warning naming why (and no last-success marker for the 100-day alarm).
    expect(entered.slice(-3)).toEqual(['DrillPartial', 'NotifyPartial', 'DrillDone']);
    const pages = (await alerts()).filter((a) => a.kind === 'failure');
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ workflow: 'dr-drill', severity: 'warning', step: 'failover rehearsal', error: 'DrDrillPartial' });
    expect(pages[0].cause).toContain('partial');
    await expectNothingLeft();
  }, 120_000);

  const denied = (what: string) => () => {
    const e = new Error(`User is not authorized to perform: ${what}`);
    e.name = 'AccessDenied';
    throw e;
  };

  it('a teardown step that fails alerts with its error; the check step tears down again and nothing is left', async () => {
    const r = await drill({ TeardownDrDrill: denied('rds:DeleteDBInstance') });
    expect(r.status).toBe('FAILED');
    expect(statesEntered(r)).toEqual(
      expect.arrayContaining(['TeardownErrored', 'CheckTeardown', 'ReportDrill', 'TeardownIncomplete', 'NotifyFailure']),
    );
    const report = summaryOf(r);
    expect(report.teardownClean).toBe(false);
    const failures = (await alerts()).filter((a) => a.kind === 'failure');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      workflow: 'dr-drill',
      step: 'teardown: drill resources are left',
      error: 'DrillTeardownIncomplete',
    });
    expect(failures[0].cause).toContain('AccessDenied');
    expect(failures[0].cause).toContain('removed 4');
    await expectNothingLeft();
  }, 120_000);

  it('a teardown that cannot remove anything alerts naming every resource left; the drill teardown run again removes them', async () => {
    const r = await drill({ TeardownDrDrill: denied('rds:DeleteDBInstance'), CheckDrillTeardown: denied('rds:DescribeDBInstances') });
    expect(r.status).toBe('FAILED');
    expect(summaryOf(r).teardownClean).toBe(false);
    const failures = (await alerts()).filter((a) => a.kind === 'failure');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ step: 'teardown: drill resources are left', error: 'DrillTeardownIncomplete' });
    for (const id of [NAMES.restore, NAMES.pitr, NAMES.replica]) expect(failures[0].cause).toContain(id);
    const left = await drillLeftovers(world.config, moto.clients, world.zoneId);
    expect(left.instances).toEqual(expect.arrayContaining([NAMES.restore, NAMES.pitr, NAMES.replica].map((id) => `us-west-2/${id}`)));
    // What the runbook says to do: run the drill's own teardown again (it deletes only what carries this drill's tag).
    const { handler } = await import('../../lambdas/handlers/teardown-dr-drill');
    const plan = drillPlanOf(r);
    await handler({ drill: plan });
    await expectNothingLeft();
    expect(DRILL_RECORD).not.toBe(PRODUCTION_RECORD);
  }, 120_000);

  it('without automated-backups replication the point-in-time part fails with the exact cause; the drill still tears down and reports what it removed', async () => {
    removePitrStandIn(world.config); // moto's own answers: nothing replicated to the backup region
    const r = await drill();
    expect(r.error).toBe('DrDrillFailed');
    const report = summaryOf(r);
    const byName = Object.fromEntries(report.tests.map((t: { name: string; status: string }) => [t.name, t.status]));
    expect(byName).toEqual({ inventory: 'passed', restore: 'passed', pitr: 'failed', failover: 'passed', teardown: 'passed' });
    expect(report.tests.find((t: { name: string }) => t.name === 'pitr').detail).toContain('not replicated to us-west-2');
    expect(report.tests.find((t: { name: string }) => t.name === 'teardown').detail).toContain('removed 3 drill resource(s)');
    const [failure] = (await alerts()).filter((a) => a.kind === 'failure');
    expect(failure.cause).toContain('pitr: point-in-time restore to the latest restorable time failed');
    await expectNothingLeft();
  }, 120_000);

  it('refuses when the drill record is the production record: nothing is created, the alert says why', async () => {
    const settings = FAILOVER_SETTINGS.read();
    const db = settings.databases[DB]!;
    Object.assign(process.env, FAILOVER_SETTINGS.environment({ ...settings, databases: { [DB]: { ...db, drillDns: db.dns } } }));
    const r = await drill();
    expect(r.status).toBe('FAILED');
    expect(statesEntered(r)).toEqual(['PlanDrill', 'PlanDrillFailed', 'NotifyFailure', 'DrillFailed']);
    const [failure] = (await alerts()).filter((a) => a.kind === 'failure');
    expect(failure).toMatchObject({ workflow: 'dr-drill', step: 'plan the drill' });
    expect(failure.cause).toContain('production record');
    await expectNothingLeft();
  }, 120_000);
});
