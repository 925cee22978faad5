/** RetentionService with the RDS SDK mocked (aws-sdk-client-mock). */
import { mockClient } from 'aws-sdk-client-mock';
import {
  type DBSnapshot,
  DeleteDBSnapshotCommand,
  DescribeAccountAttributesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { makeClientFactory } from '../../../lambdas/runtime/clients';
import { DEFAULT_RETENTION_POLICY } from '../../../lambdas/domain/retention/policy';
import { readRetentionSettings, retentionEnvironment } from '../../../lambdas/services/retention-config';
import { RetentionService } from '../../../lambdas/services/retention-service';
import { localRuntimeConfig } from '../../../local/local-environment';
import { awsError, foreignSnapshots, ownedSnapshot, paged, sixHourlyHistory } from './retention-fixtures';

const rds = mockClient(RDSClient);
const config = localRuntimeConfig({ deploymentId: 'prod' });
const P = config.primaryRegion;
const B = config.backupRegion;
const NOW = new Date('2026-11-24T03:00:00Z');
const history = sixHourlyHistory(config, '2026-09-25T06:00:00Z', 240); // see test/workflow/database-retention.test.ts: 37 kept, 203 deleted per region
const settings = { policy: { ...DEFAULT_RETENTION_POLICY }, maxDeletesPerRun: 500 };
const sleeps: number[] = [];

function service(o: Partial<ConstructorParameters<typeof RetentionService>[3]> = {}) {
  return new RetentionService(config, makeClientFactory(), () => NOW, {
    settings,
    allowClockOverride: false,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...o,
  });
}

function world(byRegion: Record<string, DBSnapshot[]>, pageSize = 100) {
  const pages = Object.fromEntries(Object.entries(byRegion).map(([r, l]) => [r, paged(l, pageSize)]));
  rds.on(DescribeDBSnapshotsCommand).callsFake(async (input, getClient) => {
    const page = pages[await getClient().config.region()]?.get(input.Marker);
    if (!page) throw new Error(`unexpected Marker ${input.Marker}`);
    return page;
  });
}

async function deleteCalls() {
  return Promise.all(
    rds
      .commandCalls(DeleteDBSnapshotCommand)
      .map(async (c) => `${await (c.thisValue as RDSClient).config.region()}/${c.args[0].input.DBSnapshotIdentifier}`),
  );
}

beforeEach(() => {
  rds.reset();
  sleeps.length = 0;
  world(history);
  rds.on(DeleteDBSnapshotCommand).resolves({});
  rds.on(DescribeAccountAttributesCommand).resolves({ AccountQuotas: [{ AccountQuotaName: 'ManualSnapshots', Used: 850, Max: 1000 }] });
});

describe('listing', () => {
  it('follows Marker over several pages, filtered by database server-side, 100 per page', async () => {
    world({ [P]: history[P], [B]: history[B] }, 40);
    const { snapshots, pages } = await service().listSnapshots(P, 'muejam-db-prod');
    expect(pages).toBe(6);
    expect(snapshots).toHaveLength(240);
    const inputs = rds.commandCalls(DescribeDBSnapshotsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => i.Marker)).toEqual([undefined, 'p1', 'p2', 'p3', 'p4', 'p5']);
    expect(inputs.every((i) => i.DBInstanceIdentifier === 'muejam-db-prod' && i.MaxRecords === 100)).toBe(true);
  });

  it('plans a snapshot listed twice (page boundary moved under it) once', async () => {
    const dup = history[P][10];
    world({ [P]: [...history[P].slice(0, 20), dup, ...history[P].slice(20)], [B]: history[B] }, 20);
    expect((await service().listSnapshots(P, 'muejam-db-prod')).snapshots).toHaveLength(240);
  });

  it('turns listing throttling into Throttled (the state retries with backoff)', async () => {
    rds.on(DescribeDBSnapshotsCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    await expect(service().listSnapshots(P, 'muejam-db-prod')).rejects.toMatchObject({
      name: 'Throttled',
      message: expect.stringContaining('DescribeDBSnapshots muejam-db-prod in us-east-1'),
    });
  });

  it('uses OriginalSnapshotCreateTime for backup-region copies', async () => {
    const { snapshots } = await service().listSnapshots(B, 'muejam-db-prod');
    expect(snapshots[0].createdAt).toEqual(history[B][0].OriginalSnapshotCreateTime);
    expect(snapshots[0].createdAt).not.toEqual(history[B][0].SnapshotCreateTime);
  });
});

describe('plan', () => {
  it('plans both regions with the configured policy and reports quota headroom', async () => {
    const { step, plan } = await service().plan({ dbInstanceIdentifier: 'muejam-db-prod' });
    expect(step).toMatchObject({
      resource: 'muejam-db-prod',
      dryRun: false,
      plannedAt: NOW.toISOString(),
      clockOverridden: false,
      plannedByRegion: { [P]: 203, [B]: 203 },
      listedPages: { [P]: 3, [B]: 3 },
    });
    expect(step.deletes).toHaveLength(406);
    expect(plan.summary.keep).toBe(74);
    expect(step.quota![P]).toEqual({ used: 850, max: 1000, headroom: 150, usedPercent: 85, alert: true });
  });

  it('bounds the deletes of one run (oldest first) and defers the rest', async () => {
    const { step } = await service({ settings: { ...settings, maxDeletesPerRun: 100 } }).plan({ dbInstanceIdentifier: 'muejam-db-prod' });
    expect(step.deletes).toHaveLength(100);
    expect(step.deletes[0].createdAt).toBe('2026-09-25T06:00:00.000Z');
    expect(Object.values(step.deferredByRegion).reduce((a, b) => a + b, 0)).toBe(306);
  });

  it('a longer configured policy protects snapshots that already exist', async () => {
    const { step } = await service({ settings: { ...settings, policy: { ...settings.policy, dailyDays: 90 } } }).plan({
      dbInstanceIdentifier: 'muejam-db-prod',
    });
    // Every day of the 60 keeps its newest backup: 61 days minus the 2 keep-last ones + 4 keep-last = 63 kept, 177 deleted.
    expect(step.plannedByRegion).toEqual({ [P]: 177, [B]: 177 });
  });

  it('a quota that cannot be read is reported as unavailable, never a reason to stop', async () => {
    rds.on(DescribeAccountAttributesCommand).rejects(awsError('InternalFailure', 'not implemented'));
    const { step } = await service().plan({ dbInstanceIdentifier: 'muejam-db-prod' });
    expect(step.quota![B]).toEqual({ unavailable: 'InternalFailure: not implemented' });
  });

  it('a dry run plans the same deletes and hands none to the Map', async () => {
    const { step } = await service().plan({ dbInstanceIdentifier: 'muejam-db-prod', dryRun: true });
    expect(step.deletes).toEqual([]);
    expect(step.plannedByRegion).toEqual({ [P]: 203, [B]: 203 });
  });

  it.each([
    [{ dbInstanceIdentifier: 'not-ours' }, /dbInstanceIdentifier: unknown database "not-ours"; this deployment protects: muejam-db-prod/],
    [{}, /dbInstanceIdentifier: is required/],
    [{ dbInstanceIdentifier: 'muejam-db-prod', dryRun: 'yes' }, /dryRun: must be true or false/],
    [
      { dbInstanceIdentifier: 'muejam-db-prod', clockOverride: '2027-01-01T00:00:00Z' },
      /clockOverride: is accepted only by the local runner/,
    ],
  ])('rejects %j, naming the field, before any AWS call', async (req, msg) => {
    await expect(service().plan(req)).rejects.toThrow(msg);
    expect(rds.commandCalls(DescribeDBSnapshotsCommand)).toHaveLength(0);
  });

  it('accepts a clock override when the local runner allows it', async () => {
    const { step } = await service({ allowClockOverride: true }).plan({
      dbInstanceIdentifier: 'muejam-db-prod',
      clockOverride: '2027-06-01T03:00:00Z',
    });
    expect(step).toMatchObject({ plannedAt: '2027-06-01T03:00:00.000Z', clockOverridden: true });
    // Six months later everything is past policy: only the floor (3 newest verified) stays in each region.
    expect(step.plannedByRegion).toEqual({ [P]: 237, [B]: 237 });
  });
});

describe('deleteSnapshot', () => {
  const req = {
    region: P,
    snapshotId: history[P][0].DBSnapshotIdentifier!,
    resource: 'muejam-db-prod',
    createdAt: '',
    rule: 'expired' as const,
  };

  it('deletes one snapshot by identifier in its region', async () => {
    expect(await service().deleteSnapshot(req)).toEqual({ region: P, snapshotId: req.snapshotId, outcome: 'deleted' });
    expect(await deleteCalls()).toEqual([`${P}/${req.snapshotId}`]);
  });

  it('a snapshot that disappeared mid-run is "already gone", not an error', async () => {
    rds.on(DeleteDBSnapshotCommand).rejects(awsError('DBSnapshotNotFoundFault', 'not found', { code: 'DBSnapshotNotFound' }));
    expect(await service().deleteSnapshot(req)).toMatchObject({ outcome: 'already-gone' });
  });

  it('throttling becomes Throttled (the state retries); any other AWS error is a compact failed outcome', async () => {
    rds
      .on(DeleteDBSnapshotCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(awsError('InvalidDBSnapshotStateFault', `in use\n${'stack line\n'.repeat(50)}`));
    await expect(service().deleteSnapshot(req)).rejects.toMatchObject({ name: 'Throttled' });
    expect(await service().deleteSnapshot(req)).toEqual({
      region: P,
      snapshotId: req.snapshotId,
      outcome: 'failed',
      error: 'InvalidDBSnapshotStateFault',
      detail: 'in use',
    });
  });

  it.each([
    [{ ...req, region: 'eu-north-1' }, /region: "eu-north-1" is not one of this deployment's regions/],
    [
      { ...req, snapshotId: 'alice-before-migration' },
      /snapshotId: "alice-before-migration" is not a name this system gives \(muejam-muejam-db-prod-<time>\)/,
    ],
    [{ ...req, snapshotId: 'rds:muejam-db-prod-2020' }, /snapshotId: .* is not a valid identifier/],
    [{ ...req, resource: 'other-db' }, /resource: unknown database "other-db"/],
  ])('refuses %j without calling AWS', async (bad, msg) => {
    await expect(service().deleteSnapshot(bad)).rejects.toThrow(msg);
    expect(rds.commandCalls(DeleteDBSnapshotCommand)).toHaveLength(0);
  });
});

describe('cleanupOldBackups (in-process run)', () => {
  it('deletes exactly the planned snapshots of both regions and never a foreign one', async () => {
    world({
      [P]: [...history[P], ...foreignSnapshots(config, P, new Date('2020-01-01T00:00:00Z'))],
      [B]: [...history[B], ...foreignSnapshots(config, B, new Date('2020-01-01T00:00:00Z'))],
    });
    const r = await service().cleanupOldBackups('muejam-db-prod');
    expect(r.report).toMatchObject({ ok: true, totals: { deleted: 406, kept: 74, skipped: 6, failed: 0 } });
    const calls = await deleteCalls();
    expect(calls).toHaveLength(406);
    expect(new Set(calls).size).toBe(406);
    expect(calls.some((c) => /alice|rds:|other-deployment/.test(c))).toBe(false);
    const planned = r.plan.decisions.filter((d) => d.action === 'delete').map((d) => `${d.region}/${d.id}`);
    expect(calls.sort()).toEqual(planned.sort());
  });

  it('deletes in bounded parallel (at most `concurrency` at a time)', async () => {
    let inFlight = 0;
    let peak = 0;
    rds.on(DeleteDBSnapshotCommand).callsFake(async () => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return {};
    });
    const r = await service({ concurrency: 3 }).cleanupOldBackups('muejam-db-prod');
    expect(r.report.totals.deleted).toBe(406);
    expect(peak).toBe(3);
  });

  it('retries throttled deletes with growing, jittered pauses, then succeeds', async () => {
    let throttles = 0;
    rds.on(DeleteDBSnapshotCommand).callsFake(async () => {
      if (throttles < 3) {
        throttles++;
        throw awsError('Throttling', 'Rate exceeded');
      }
      return {};
    });
    const r = await service({ concurrency: 1 }).cleanupOldBackups('muejam-db-prod');
    expect(r.report.ok).toBe(true);
    expect(sleeps).toHaveLength(3);
    expect(sleeps[0]).toBeLessThanOrEqual(500);
    expect(sleeps[2]).toBeLessThanOrEqual(2000);
  });

  it('a delete that keeps failing is reported (with its error) and the others still happen', async () => {
    const bad = history[P][5].DBSnapshotIdentifier!;
    rds.on(DeleteDBSnapshotCommand, { DBSnapshotIdentifier: bad }).rejects(awsError('InvalidDBSnapshotStateFault', 'snapshot is in use'));
    const throttled = history[P][6].DBSnapshotIdentifier!;
    rds.on(DeleteDBSnapshotCommand, { DBSnapshotIdentifier: throttled }).rejects(awsError('Throttling', 'Rate exceeded'));
    const r = await service({ maxAttempts: 3 }).cleanupOldBackups('muejam-db-prod');
    expect(r.report.ok).toBe(false);
    expect(r.report.totals).toMatchObject({ deleted: 402, failed: 4 });
    expect(r.report.failures.map((f) => [f.snapshotId, f.error])).toEqual(
      expect.arrayContaining([
        [bad, 'InvalidDBSnapshotStateFault'],
        [throttled, 'Throttled'],
      ]),
    );
    expect(r.report.failureCause).toMatch(/^retention of muejam-db-prod: 4 of 406 deletes failed: /);
    expect(rds.commandCalls(DeleteDBSnapshotCommand)).toHaveLength(402 + 2 + 2 * 3);
  });

  it('a dry run deletes nothing', async () => {
    const r = await service().cleanupOldBackups('muejam-db-prod', { dryRun: true });
    expect(rds.commandCalls(DeleteDBSnapshotCommand)).toHaveLength(0);
    expect(r.report).toMatchObject({ dryRun: true, totals: { deleted: 406 } });
  });

  it('an owned snapshot in the backup region whose copy source is unknown is still planned by policy', async () => {
    const lone = ownedSnapshot(config, new Date('2026-01-01T00:00:00Z'), { role: 'backup' });
    world({ [P]: history[P], [B]: [...history[B], lone] });
    const r = await service().cleanupOldBackups('muejam-db-prod', { dryRun: true });
    expect(r.plan.decisions.find((d) => d.id === lone.DBSnapshotIdentifier && d.region === B)).toMatchObject({
      action: 'delete',
      rule: 'expired',
    });
  });
});

describe('retention settings from the environment', () => {
  it('defaults to the platform policy and a bound of 500 deletes per run', () => {
    expect(readRetentionSettings({})).toEqual({ policy: DEFAULT_RETENTION_POLICY, maxDeletesPerRun: 500 });
  });
  it('round-trips what CDK sets', () => {
    const s = { policy: { ...DEFAULT_RETENTION_POLICY, weeklyDays: 120, monthlyMonths: 12 }, maxDeletesPerRun: 200 };
    expect(readRetentionSettings(retentionEnvironment(s))).toEqual(s);
  });
  it.each([
    [{ RETENTION_POLICY: 'not json' }, /env RETENTION_POLICY: must be a JSON object/],
    [{ RETENTION_POLICY: '{"floor":0}' }, /env RETENTION_POLICY\.floor: must be an integer from 1 to 100/],
    [{ RETENTION_MAX_DELETES_PER_RUN: '0' }, /env RETENTION_MAX_DELETES_PER_RUN: must be a whole number from 1 to 1000/],
  ])('rejects %j naming the variable', (env, msg) => {
    expect(() => readRetentionSettings(env)).toThrow(msg);
  });
});

describe('BackupService.cleanupOldBackups', () => {
  it('delegates to the retention run (dry run: the plan and its report, nothing deleted)', async () => {
    const { BackupService } = await import('../../../lambdas/services/backup-service');
    const saved = process.env.RETENTION_POLICY;
    delete process.env.RETENTION_POLICY;
    try {
      const r = await new BackupService(config, makeClientFactory(), () => NOW).cleanupOldBackups('muejam-db-prod', { dryRun: true });
      expect(r.report).toMatchObject({ resource: 'muejam-db-prod', dryRun: true, ok: true, totals: { deleted: 406, kept: 74 } });
      expect(rds.commandCalls(DeleteDBSnapshotCommand)).toHaveLength(0);
    } finally {
      if (saved !== undefined) process.env.RETENTION_POLICY = saved;
    }
  });
});
