import { checkInventory } from '../../../../lambdas/domain/drill/inventory';
import type { RecoveryPointCandidate } from '../../../../lambdas/domain/metrics/rpo';
import { copyOf, foreignSnapshots, historyWithCopies, HOUR, IDENTITY, owned, sixHourlyTimes } from '../retention/fixtures';

const NOW = new Date('2026-11-24T05:00:00Z');
const times = sixHourlyTimes('2026-11-20T00:00:00Z', '2026-11-24T00:00:00Z');
const healthy = () => historyWithCopies(times);
const redis = (ageH: number, region: string): RecoveryPointCandidate[] => [
  {
    id: `muejam-redis-prod-${region}`,
    region,
    status: 'available',
    recoveryPointTime: new Date(NOW.getTime() - ageH * HOUR),
    verifiedAt: 'x',
  },
];
const caches = (ageH = 3) => [
  { group: 'muejam-redis-prod', primary: redis(ageH, IDENTITY.primaryRegion), backup: redis(ageH, IDENTITY.backupRegion) },
];

function run(snapshots = healthy(), o: Partial<Parameters<typeof checkInventory>[0]> = {}) {
  return checkInventory({ database: 'muejam-db-prod', identity: IDENTITY, now: NOW, rpoHours: 6, snapshots, caches: caches(), ...o });
}

describe('drill inventory', () => {
  it('passes when every held backup is paired and verified and the newest is within RPO, databases and caches', () => {
    const r = run();
    // the plan holds the last 24 h (4 backups) and the newest of each older day (3): the 10 others are due for deletion
    expect(r.held).toBe(7);
    expect(r.paired).toBe(7);
    expect(r.problems).toEqual([]);
    expect(r.outcome).toMatchObject({ name: 'inventory', result: 'completed', rpoS: 5 * 3600 });
    expect(r.outcome.evidence!.every((e) => e.passed)).toBe(true);
    expect(r.outcome.evidence!.map((e) => e.check)).toContain(
      'Redis muejam-redis-prod: newest verified backup in eu-central-1 within 26 h',
    );
  });

  it('names the newest verified backup-region copy as the restore source', () => {
    const newest = `muejam-muejam-db-prod-20261124T0000Z`;
    expect(run().restoreSource).toEqual({
      snapshotId: newest,
      snapshotArn: `arn:aws:rds:${IDENTITY.backupRegion}:123456789012:snapshot:${newest}`,
      region: IDENTITY.backupRegion,
      recoveryPointTime: '2026-11-24T00:00:00.000Z',
    });
  });

  it('a held backup without its copy fails the inventory and is named', () => {
    const p = owned('2026-11-22T00:00:00Z', { id: 'lonely' });
    const r = run([...healthy(), p]);
    expect(r.problems).toEqual([`lonely is held but has no copy in ${IDENTITY.backupRegion}`]);
    expect(r.outcome.result).toBe('checks-failed');
  });

  it('a held copy that never got verified fails the inventory', () => {
    const p = owned('2026-11-22T01:00:00Z', { id: 'half' });
    const r = run([...healthy(), p, copyOf(p, { verified: false })]);
    expect(r.problems).toEqual([`not verified: half (${IDENTITY.backupRegion})`]);
  });

  it('a held copy whose primary is gone fails the inventory', () => {
    const ghost = owned('2026-11-24T01:00:00Z', { id: 'ghost' }); // in the last 24 h: held
    const r = run([...healthy(), copyOf(ghost)]);
    expect(r.problems).toEqual([
      `ghost (${IDENTITY.backupRegion}) is held but its primary ${ghost.arn} is not in ${IDENTITY.primaryRegion}`,
    ]);
  });

  it('a backup still copying (younger than the in-flight allowance) is in flight, not missing', () => {
    const fresh = owned(NOW.getTime() - 30 * 60_000, { id: 'fresh' });
    const r = run([...healthy(), fresh]);
    expect(r.problems).toEqual([]);
    expect(r.inFlight).toEqual([`fresh: copy to ${IDENTITY.backupRegion} in flight`]);
    expect(r.outcome.result).toBe('completed');
  });

  it('a newest backup older than the RPO fails in that region', () => {
    const old = historyWithCopies(sixHourlyTimes('2026-11-20T00:00:00Z', '2026-11-23T12:00:00Z'));
    const r = run(old);
    expect(r.regions.map((g) => g.status)).toEqual(['breached', 'breached']);
    expect(r.outcome.result).toBe('checks-failed');
    expect(r.outcome.rpoS).toBe(17 * 3600);
  });

  it('a Redis group without a verified backup in the backup region fails the inventory', () => {
    const r = run(healthy(), { caches: [{ group: 'muejam-redis-prod', primary: redis(2, IDENTITY.primaryRegion), backup: [] }] });
    expect(r.outcome.result).toBe('checks-failed');
    expect(r.outcome.detail).toContain('Redis muejam-redis-prod: newest verified backup in eu-central-1 within 26 h');
  });

  it('Redis is held to the cache RPO floor (26 h), not the database RPO', () => {
    expect(run(healthy(), { caches: caches(20) }).outcome.result).toBe('completed');
    expect(run(healthy(), { caches: caches(27) }).outcome.result).toBe('checks-failed');
  });

  it('no backup at all fails, with no restore source', () => {
    const r = run([]);
    expect(r.restoreSource).toBeNull();
    expect(r.outcome.result).toBe('checks-failed');
    expect(r.outcome.evidence![0]).toMatchObject({ check: 'the policy holds at least one backup', passed: false });
  });

  it('ignores snapshots it does not own and those of other databases', () => {
    const other = historyWithCopies(times, { resource: 'muejam-db-other' });
    const r = run([...healthy(), ...foreignSnapshots(Date.parse('2026-11-23T00:00:00Z')), ...other]);
    expect(r.paired).toBe(7);
    expect(r.problems).toEqual([]);
  });

  it('refuses an empty database name', () => expect(() => run(healthy(), { database: ' ' })).toThrow('database: is required'));
});
