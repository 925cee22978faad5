/**
 * Executes state-machines/database-retention.asl.json unchanged, with the real
 * handlers in-process and the AWS SDK mocked (aws-sdk-client-mock).
 */
import { mockClient } from 'aws-sdk-client-mock';
import {
  type DBSnapshot,
  DeleteDBSnapshotCommand,
  DescribeAccountAttributesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { applyLocalEnvironment, localRuntimeConfig } from '../../local/local-environment';
import { type LocalExecution, runStateMachineLocally, statesEntered } from '../../local/run-state-machine';
import { awsError, foreignSnapshots, paged, sixHourlyHistory } from '../unit/services/retention-fixtures';

const rds = mockClient(RDSClient);
const sns = mockClient(SNSClient);
const config = localRuntimeConfig({ deploymentId: 'wf' });
applyLocalEnvironment(config, 'http://127.0.0.1:9');

const P = config.primaryRegion;
const B = config.backupRegion;
// 240 6-hourly backups, 2026-09-25T06:00Z .. 2026-11-24T00:00Z, planned at 2026-11-24T03:00Z (clockOverride: local runs only).
const NOW = '2026-11-24T03:00:00Z';
const history = sixHourlyHistory(config, '2026-09-25T06:00:00Z', 240);
const world: Record<string, DBSnapshot[]> = {
  [P]: [...history[P], ...foreignSnapshots(config, P, new Date('2025-01-01T00:00:00Z'))],
  [B]: [...history[B], ...foreignSnapshots(config, B, new Date('2025-01-01T00:00:00Z'))],
};

function listing(pageSize = 100) {
  const pages = { [P]: paged(world[P], pageSize), [B]: paged(world[B], pageSize) };
  rds.on(DescribeDBSnapshotsCommand).callsFake(async (input, getClient) => {
    const region = await getClient().config.region();
    const page = pages[region].get(input.Marker);
    if (!page) throw new Error(`unexpected Marker ${input.Marker}`);
    return page;
  });
}

const run = (input: Record<string, unknown> = {}) =>
  runStateMachineLocally({
    aslFile: 'database-retention.asl.json',
    input: { dbInstanceIdentifier: 'muejam-db-prod', clockOverride: NOW, ...input },
    region: P,
    stateMachineName: 'muejam-backup-dr-wf-database-retention',
    retryDelayMs: 1,
  });
const entered = (r: LocalExecution) => [...new Set(statesEntered(r))];
const alerts = () => sns.commandCalls(PublishCommand).map((c) => JSON.parse(c.args[0].input.Message!));
const deletedIn = (region: string) =>
  Promise.all(
    rds
      .commandCalls(DeleteDBSnapshotCommand)
      .map(async (c) => ({ region: await (c.thisValue as RDSClient).config.region(), id: c.args[0].input.DBSnapshotIdentifier! })),
  ).then((l) => l.filter((x) => x.region === region).map((x) => x.id));

beforeEach(() => {
  rds.reset();
  sns.reset();
  listing();
  rds.on(DeleteDBSnapshotCommand).resolves({});
  rds.on(DescribeAccountAttributesCommand).resolves({ AccountQuotas: [{ AccountQuotaName: 'ManualSnapshots', Used: 300, Max: 1000 }] });
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
});

describe('database-retention.asl.json', () => {
  it('plans, deletes the expired owned snapshots of both regions and reports, without an alert', async () => {
    const r = await run();
    expect(r.status).toBe('SUCCEEDED');
    expect(entered(r)).toEqual(['PlanRetention', 'DeleteExpired', 'DeleteSnapshot', 'ReportRetention', 'AllDeletesMade', 'RetentionDone']);
    // 240 per region: keep-last 4 (after Nov 23 03:00), daily 29 (Oct 25 .. Nov 24 minus 2 keep-last), weekly 4 (Sundays Sep 27 .. Oct 18) => 37 kept, 203 deleted.
    for (const region of [P, B]) {
      const rep = r.output.regions.find((x: { region: string }) => x.region === region);
      expect(rep).toMatchObject({
        kept: 37,
        deleted: 203,
        failed: 0,
        skipped: 3,
        tiers: { 'keep-last': 4, daily: 29, weekly: 4, monthly: 0 },
      });
      expect(rep.quota).toEqual({ used: 300, max: 1000, headroom: 700, usedPercent: 30, alert: false });
    }
    expect(await deletedIn(P)).toHaveLength(203);
    expect(await deletedIn(B)).toHaveLength(203);
    const deleted = [...(await deletedIn(P)), ...(await deletedIn(B))];
    expect(deleted.some((id) => /alice|rds:|other-deployment/.test(id))).toBe(false);
    expect(r.output.ok).toBe(true);
    expect(sns.calls()).toHaveLength(0);
  });

  it('reads every page of the listing (Marker) and makes no per-snapshot call besides the delete', async () => {
    listing(50);
    const r = await run();
    expect(r.status).toBe('SUCCEEDED');
    const listCalls = rds.commandCalls(DescribeDBSnapshotsCommand);
    expect(listCalls).toHaveLength(2 * Math.ceil(243 / 50));
    expect(listCalls.map((c) => c.args[0].input.Marker)).toEqual(expect.arrayContaining([undefined, 'p1', 'p2', 'p3', 'p4']));
    const kinds = new Set(rds.calls().map((c) => c.args[0].constructor.name));
    expect([...kinds].sort()).toEqual(['DeleteDBSnapshotCommand', 'DescribeAccountAttributesCommand', 'DescribeDBSnapshotsCommand']);
  });

  it('a dry run deletes nothing and reports what it would delete', async () => {
    const r = await run({ dryRun: true });
    expect(r.status).toBe('SUCCEEDED');
    expect(rds.commandCalls(DeleteDBSnapshotCommand)).toHaveLength(0);
    expect(r.output).toMatchObject({ dryRun: true, ok: true, totals: { deleted: 406, kept: 74 } });
  });

  it('deletes at most 5 at a time (Map MaxConcurrency)', async () => {
    let inFlight = 0;
    let peak = 0;
    rds.on(DeleteDBSnapshotCommand).callsFake(async () => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return {};
    });
    const r = await run();
    expect(r.status).toBe('SUCCEEDED');
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(5);
  });

  it('retries throttled deletes with backoff, then reports them deleted', async () => {
    rds
      .on(DeleteDBSnapshotCommand)
      .rejectsOnce(awsError('Throttling', 'Rate exceeded'))
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves({});
    const r = await run();
    expect(r.status).toBe('SUCCEEDED');
    expect(r.events.filter((e) => e.type === 'StateRetried' && e.state?.name === 'DeleteSnapshot')).toHaveLength(2);
    expect(r.output.totals).toMatchObject({ deleted: 406, failed: 0 });
  });

  it('a snapshot gone mid-run is reported as already gone, not as a failure', async () => {
    const gone = history[P][0].DBSnapshotIdentifier!;
    rds
      .on(DeleteDBSnapshotCommand, { DBSnapshotIdentifier: gone })
      .rejects(awsError('DBSnapshotNotFoundFault', `DBSnapshot ${gone} not found.`, { code: 'DBSnapshotNotFound' }));
    const r = await run();
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output.totals).toMatchObject({ alreadyGone: 2, deleted: 404, failed: 0 });
  });

  it('delete failures do not stop the others; the run reports them, alerts and fails', async () => {
    const bad = history[B][3].DBSnapshotIdentifier!;
    rds.on(DeleteDBSnapshotCommand, { DBSnapshotIdentifier: bad }).rejects(awsError('InvalidDBSnapshotStateFault', 'snapshot is in use'));
    const r = await run();
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('DeleteFailed');
    expect(entered(r).slice(-5)).toEqual([
      'AllDeletesMade',
      'DeletesIncomplete',
      'DeleteExpiredFailed',
      'NotifyFailure',
      'RetentionFailed',
    ]);
    // Every other delete was made (the same name fails in both regions).
    expect(rds.commandCalls(DeleteDBSnapshotCommand)).toHaveLength(406);
    const [alert] = alerts();
    expect(alert).toMatchObject({
      workflow: 'database-retention',
      resource: 'muejam-db-prod',
      step: 'delete expired snapshots',
      error: 'DeleteFailed',
      severity: 'warning',
    });
    expect(alert.cause).toMatch(
      new RegExp(`2 of 406 deletes failed: ${bad} in us-(east-1|west-2): InvalidDBSnapshotStateFault \\(snapshot is in use\\)`),
    );
  });

  it('a delete step that itself fails (retries exhausted) is recorded as failed; the Map goes on and the run alerts', async () => {
    const bad = history[P][7].DBSnapshotIdentifier!;
    const r = await runStateMachineLocally({
      aslFile: 'database-retention.asl.json',
      input: { dbInstanceIdentifier: 'muejam-db-prod', clockOverride: NOW },
      region: P,
      stateMachineName: 'muejam-backup-dr-wf-database-retention',
      retryDelayMs: 1,
      handlerOverrides: {
        DeleteDbSnapshot: async (e: unknown) => {
          const req = e as { snapshotId: string; region: string };
          if (req.snapshotId === bad && req.region === P) throw Object.assign(new Error('Rate exceeded'), { name: 'Throttled' });
          const { handler } = await import('../../lambdas/handlers/delete-db-snapshot');
          return handler(req);
        },
      },
    });
    expect(r.status).toBe('FAILED');
    expect(r.events.filter((e) => e.type === 'StateRetried' && e.state?.name === 'DeleteSnapshot')).toHaveLength(8); // MaxAttempts 8 = 8 retries after the first attempt
    expect(r.events.some((e) => e.type === 'StateEntered' && e.state?.name === 'RecordDeleteFailure')).toBe(true);
    expect(rds.commandCalls(DeleteDBSnapshotCommand)).toHaveLength(405);
    expect(alerts()[0].cause).toMatch(new RegExp(`1 of 406 deletes failed: ${bad} in ${P}: Throttled \\(the delete step itself failed`));
  });

  it('stays under the 256 KB state payload with 500 deletes that all fail (the rest deferred to the next runs)', async () => {
    const big = sixHourlyHistory(config, '2026-05-01T00:00:00Z', 800);
    const pages = { [P]: paged(big[P], 100), [B]: paged(big[B], 100) };
    rds.on(DescribeDBSnapshotsCommand).callsFake(async (input, getClient) => pages[await getClient().config.region()].get(input.Marker)!);
    rds
      .on(DeleteDBSnapshotCommand)
      .rejects(
        awsError(
          'AccessDenied',
          `User: arn:aws:sts::123456789012:assumed-role/x/y is not authorized to perform: rds:DeleteDBSnapshot on resource: ${'x'.repeat(300)}`,
        ),
      );
    const r = await run();
    expect(r.status).toBe('FAILED');
    expect(rds.commandCalls(DeleteDBSnapshotCommand)).toHaveLength(500);
    const sizes = r.events
      .flatMap((e) => [e.state?.input, e.state?.output])
      .filter((x) => x !== undefined)
      .map((x) => JSON.stringify(x).length);
    expect(Math.max(...sizes)).toBeLessThan(256 * 1024);
    expect(alerts()[0].cause).toMatch(
      /^retention of muejam-db-prod: 500 of 500 deletes failed: .* AccessDenied \(User: .*\) and 495 more\./,
    );
  });

  it('a listing error alerts at the plan step and deletes nothing', async () => {
    rds.on(DescribeDBSnapshotsCommand).rejects(awsError('AccessDenied', 'not authorized to perform rds:DescribeDBSnapshots'));
    const r = await run();
    expect(r.status).toBe('FAILED');
    expect(rds.commandCalls(DeleteDBSnapshotCommand)).toHaveLength(0);
    expect(alerts()[0]).toMatchObject({ step: 'list and plan', error: 'AccessDenied', severity: 'warning' });
  });

  it('bad input alerts and deletes nothing: unknown database, a clock override outside the local runner', async () => {
    const r = await run({ dbInstanceIdentifier: 'not-ours' });
    expect(r.status).toBe('FAILED');
    expect(alerts()[0]).toMatchObject({
      resource: 'not-ours',
      step: 'list and plan',
      error: 'InvalidInput',
      cause: expect.stringContaining('unknown database "not-ours"'),
    });

    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    process.env.MUEJAM_LOCAL_RUN = 'false';
    try {
      const deployed = await run();
      expect(deployed.status).toBe('FAILED');
      expect(alerts()[0]).toMatchObject({
        error: 'InvalidInput',
        cause: expect.stringContaining('clockOverride: is accepted only by the local runner'),
      });
    } finally {
      process.env.MUEJAM_LOCAL_RUN = 'true';
    }
    expect(rds.commandCalls(DeleteDBSnapshotCommand)).toHaveLength(0);
  });

  it('running it twice in a row deletes nothing the second time', async () => {
    const deletedIds = new Set<string>();
    rds.on(DeleteDBSnapshotCommand).callsFake(async (input, getClient) => {
      deletedIds.add(`${await getClient().config.region()}/${input.DBSnapshotIdentifier}`);
      return {};
    });
    expect((await run()).status).toBe('SUCCEEDED');
    const survivors = {
      [P]: world[P].filter((s) => !deletedIds.has(`${P}/${s.DBSnapshotIdentifier}`)),
      [B]: world[B].filter((s) => !deletedIds.has(`${B}/${s.DBSnapshotIdentifier}`)),
    };
    rds.on(DescribeDBSnapshotsCommand).callsFake(async (_i, getClient) => ({ DBSnapshots: survivors[await getClient().config.region()] }));
    const before = rds.commandCalls(DeleteDBSnapshotCommand).length;
    const second = await run();
    expect(second.status).toBe('SUCCEEDED');
    expect(rds.commandCalls(DeleteDBSnapshotCommand).length - before).toBe(0);
    expect(second.output.totals).toMatchObject({ deleted: 0, kept: 74 });
  });
});
