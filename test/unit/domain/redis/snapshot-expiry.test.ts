import { expiredRedisSnapshots } from '../../../../lambdas/domain/redis/snapshot-expiry';

const now = new Date('2026-11-24T02:10:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86400_000);
const base = { prefix: 'muejam', group: 'muejam-redis-prod', retentionDays: 30, now, current: 'muejam-muejam-redis-prod-20261124' };

describe('expiredRedisSnapshots', () => {
  it("picks this system's snapshots older than the retention, by creation time", () => {
    expect(
      expiredRedisSnapshots({
        ...base,
        snapshots: [
          { name: 'muejam-muejam-redis-prod-20261024', createdAt: daysAgo(31) },
          { name: 'muejam-muejam-redis-prod-20261025', createdAt: daysAgo(30.01) },
          { name: 'muejam-muejam-redis-prod-20261026', createdAt: daysAgo(29) },
          { name: 'muejam-muejam-redis-prod-20261124', createdAt: daysAgo(40) }, // the current one: kept whatever its age
          { name: 'someone-elses-manual-backup', createdAt: daysAgo(90) },
          { name: 'muejam-muejam-redis-prod-other-20261001', createdAt: daysAgo(50) },
          { name: 'muejam-muejam-redis-prod-20261001' }, // creation time unknown: kept
        ],
      }),
    ).toEqual(['muejam-muejam-redis-prod-20261024', 'muejam-muejam-redis-prod-20261025']);
  });

  it('follows the configured retention', () => {
    const snapshots = [{ name: 'muejam-muejam-redis-prod-20261120', createdAt: daysAgo(4) }];
    expect(expiredRedisSnapshots({ ...base, retentionDays: 3, snapshots })).toHaveLength(1);
    expect(expiredRedisSnapshots({ ...base, retentionDays: 5, snapshots })).toHaveLength(0);
  });
});
