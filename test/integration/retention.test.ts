/**
 * The database retention workflow against a real moto_server: the ASL executed
 * unchanged, real handlers, real SDK calls over HTTP to the emulator, in both
 * regions. moto stamps every snapshot with the current time, so the plan's
 * clock is moved forward with `clockOverride` (accepted by the local runner only).
 */
import { localRuntimeConfig, stateMachineName } from '../../local/local-environment';
import { snapshotIds, stageRetentionWorld } from '../../local/retention-world';
import { runStateMachineLocally } from '../../local/run-state-machine';
import { drainAlerts } from '../../local/seed-world';
import { useMoto } from '../support/moto';

const moto = useMoto();
const DB = 'muejam-db-prod';
const DAY = 24 * 3_600_000;
const run = (config: ReturnType<typeof localRuntimeConfig>, input: Record<string, unknown>) =>
  runStateMachineLocally({
    aslFile: 'database-retention.asl.json',
    input: { dbInstanceIdentifier: DB, ...input },
    region: config.primaryRegion,
    stateMachineName: stateMachineName(config.deploymentId, 'database-retention'),
  });

async function stage(deploymentId: string) {
  const { config, world } = await moto.freshWorld(localRuntimeConfig({ deploymentId }));
  const staged = await stageRetentionWorld(moto.clients, config, world.backupKeyArn!, DB);
  const P = config.primaryRegion;
  const B = config.backupRegion;
  const before = { [P]: await snapshotIds(moto.clients, P, DB), [B]: await snapshotIds(moto.clients, B, DB) };
  return { config, world, staged, P, B, before };
}

describe('database retention on moto_server', () => {
  it('deletes the expired owned snapshots in both regions; the floor, the unverified-copy source and foreign snapshots survive', async () => {
    const { config, world, staged, P, B } = await stage('rit1');
    // A person's manual snapshot, another deployment's, and the automated snapshot moto makes for the instance.
    expect(staged.foreign[P]).toEqual(
      expect.arrayContaining([
        'alice-before-migration',
        'muejam-muejam-db-prod-staging-deployment',
        expect.stringMatching(/^rds:muejam-db-prod-/),
      ]),
    );
    const r = await run(config, { clockOverride: new Date(Date.now() + 3 * DAY).toISOString() });
    expect(r.status).toBe('SUCCEEDED');

    const after = { [P]: await snapshotIds(moto.clients, P, DB), [B]: await snapshotIds(moto.clients, B, DB) };
    const [r01, r02, r03, r04, r05, r06] = staged.verified;
    // Primary: r01-r03 expired with verified copies -> gone; r04-r06 = floor; the unverified-copy source is within its grace.
    expect([...after[P]].sort()).toEqual([r04, r05, r06, staged.unverifiedCopySource, ...staged.foreign[P]].sort());
    // Backup: r01-r03 and the never-verified copy (no grace for copies) -> gone; r04-r06 = floor; another deployment's copy stays.
    expect([...after[B]].sort()).toEqual([r04, r05, r06, ...staged.foreign[B]].sort());
    for (const id of [r01, r02, r03]) {
      expect(after[P].has(id)).toBe(false);
      expect(after[B].has(id)).toBe(false);
    }

    expect(r.output).toMatchObject({ ok: true, dryRun: false, clockOverridden: true, totals: { deleted: 7, failed: 0, alreadyGone: 0 } });
    const primary = r.output.regions.find((x: { region: string }) => x.region === P);
    expect(primary.rules).toMatchObject({ floor: 2, daily: 1, 'awaiting-verified-copy': 1, expired: 3 });
    expect(primary.quota.unavailable).toBeDefined(); // moto: DescribeAccountAttributes is not implemented
    expect(await drainAlerts(moto.endpoint, P, world.alertQueueUrl)).toEqual([]);
  });

  it('running it twice in a row deletes nothing the second time', async () => {
    const { config, P, B } = await stage('rit2');
    const clockOverride = new Date(Date.now() + 3 * DAY).toISOString();
    expect((await run(config, { clockOverride })).output.totals.deleted).toBe(7);
    const between = { [P]: await snapshotIds(moto.clients, P, DB), [B]: await snapshotIds(moto.clients, B, DB) };
    const again = await run(config, { clockOverride });
    expect(again.status).toBe('SUCCEEDED');
    expect(again.output.totals).toMatchObject({ deleted: 0, failed: 0 });
    expect(await snapshotIds(moto.clients, P, DB)).toEqual(between[P]);
    expect(await snapshotIds(moto.clients, B, DB)).toEqual(between[B]);
  });

  it('a dry run and a run at the real time (everything younger than 24 h) delete nothing', async () => {
    const { config, P, B, before } = await stage('rit3');
    const dry = await run(config, { clockOverride: new Date(Date.now() + 3 * DAY).toISOString(), dryRun: true });
    expect(dry.output).toMatchObject({ dryRun: true, totals: { deleted: 7 } });
    const now = await run(config, {});
    expect(now.status).toBe('SUCCEEDED');
    expect(now.output).toMatchObject({ clockOverridden: false, totals: { deleted: 0 } });
    expect(await snapshotIds(moto.clients, P, DB)).toEqual(before[P]);
    expect(await snapshotIds(moto.clients, B, DB)).toEqual(before[B]);
  });

  it('a hundred days later only the floor of owned snapshots is left (the unverified-copy source is past its grace)', async () => {
    const { config, staged, P, B } = await stage('rit4');
    const r = await run(config, { clockOverride: new Date(Date.now() + 100 * DAY).toISOString() });
    expect(r.status).toBe('SUCCEEDED');
    const floor = staged.verified.slice(-3);
    expect([...(await snapshotIds(moto.clients, P, DB))].sort()).toEqual([...floor, ...staged.foreign[P]].sort());
    expect([...(await snapshotIds(moto.clients, B, DB))].sort()).toEqual([...floor, ...staged.foreign[B]].sort());
    const primary = r.output.regions.find((x: { region: string }) => x.region === P);
    expect(primary.rules).toMatchObject({ floor: 3, 'expired-copy-never-verified': 1 });
  });
});
