import {
  backupNameOfMarker,
  dayStamp,
  evenSlotRanges,
  exportObjectKey,
  exportShardOf,
  parseRedisBackupName,
  redisBackupName,
  requestableEngineVersion,
  stagingKey,
  validateRedisGroupId,
  verifiedMarkerKey,
} from '../../../../lambdas/domain/redis/names';

describe('Redis backup names', () => {
  it("names the day's backup from the UTC day of the schedule, so every run of one day gets the same name", () => {
    expect(redisBackupName('muejam', 'muejam-redis-prod', new Date('2026-11-24T02:00:00Z'))).toBe('muejam-muejam-redis-prod-20261124');
    expect(redisBackupName('muejam', 'muejam-redis-prod', new Date('2026-11-24T23:59:59Z'))).toBe('muejam-muejam-redis-prod-20261124');
    expect(redisBackupName('muejam', 'Muejam-Redis', new Date('2026-11-25T00:00:00Z'))).toBe('muejam-muejam-redis-20261125');
    expect(dayStamp(new Date('2026-01-05T10:00:00+05:00'))).toBe('20260105');
  });

  it('validates replication group ids, naming the field and the rule', () => {
    expect(validateRedisGroupId('g', 'muejam-redis-prod')).toBe('muejam-redis-prod');
    expect(() => validateRedisGroupId('replicationGroupId', '')).toThrow(/replicationGroupId: is required/);
    expect(() => validateRedisGroupId('replicationGroupId', 'a'.repeat(41))).toThrow(/at most 40/);
    expect(() => validateRedisGroupId('replicationGroupId', '9lives')).toThrow(/starts with a letter/);
    expect(() => validateRedisGroupId('replicationGroupId', 'a--b')).toThrow(/no "--"/);
    expect(() => validateRedisGroupId('replicationGroupId', 'ab-')).toThrow(/does not end with "-"/);
    expect(() => validateRedisGroupId('replicationGroupId', 42)).toThrow(/is required/);
  });

  it('parses backup names of this system only', () => {
    expect(parseRedisBackupName('backupName', 'muejam-muejam-redis-prod-20261124', 'muejam', 'muejam-redis-prod')).toEqual({
      name: 'muejam-muejam-redis-prod-20261124',
      day: '20261124',
    });
    expect(() => parseRedisBackupName('backupName', 'muejam-other-20261124', 'muejam', 'muejam-redis-prod')).toThrow(
      /does not belong to muejam-redis-prod/,
    );
    expect(() => parseRedisBackupName('backupName', 'muejam-muejam-redis-prod-2026112', 'muejam')).toThrow(
      /not a backup name of this system/,
    );
    expect(() => parseRedisBackupName('backupName', 'MUEJAM-X-20261124', 'muejam')).toThrow(/lower-case/);
  });

  it('maps export names to the objects ElastiCache writes, one per shard', () => {
    expect(exportObjectKey('muejam-g-20261124', 1)).toBe('muejam-g-20261124-0001.rdb');
    expect(exportObjectKey('muejam-g-20261124', 12)).toBe('muejam-g-20261124-0012.rdb');
    expect(exportShardOf('muejam-g-20261124', 'muejam-g-20261124-0003.rdb')).toBe(3);
    expect(exportShardOf('muejam-g-20261124', 'muejam-g-20261124-0000.rdb')).toBeUndefined();
    expect(exportShardOf('muejam-g-20261124', 'muejam-g-20261124-1.rdb')).toBeUndefined();
    expect(exportShardOf('muejam-g-20261124', 'muejam-g-2026112-0001.rdb')).toBeUndefined();
    expect(exportShardOf('muejam-g-20261124', 'muejam-g-20261124-0001.rdb.tmp')).toBeUndefined();
  });

  it('round-trips verified marker keys and keeps staging copies under their own prefix', () => {
    const key = verifiedMarkerKey('Muejam-Redis-Prod', 'muejam-muejam-redis-prod-20261124');
    expect(key).toBe('verified/muejam-redis-prod/muejam-muejam-redis-prod-20261124.json');
    expect(backupNameOfMarker('muejam-redis-prod', key)).toBe('muejam-muejam-redis-prod-20261124');
    expect(backupNameOfMarker('muejam-redis-other', key)).toBeUndefined();
    expect(backupNameOfMarker('muejam-redis-prod', 'verified/muejam-redis-prod/a/b.json')).toBeUndefined();
    expect(stagingKey('Restored-1', 'x-0001.rdb')).toBe('restore-staging/restored-1/x-0001.rdb');
  });
});

describe('evenSlotRanges', () => {
  it('covers all 16384 hash slots once, in order, evenly', () => {
    expect(evenSlotRanges(1)).toEqual(['0-16383']);
    expect(evenSlotRanges(3)).toEqual(['0-5460', '5461-10921', '10922-16383']);
    for (const n of [2, 5, 7, 90]) {
      const ranges = evenSlotRanges(n).map((r) => r.split('-').map(Number));
      expect(ranges[0][0]).toBe(0);
      expect(ranges.at(-1)![1]).toBe(16383);
      for (let i = 1; i < n; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1] + 1);
      const sizes = ranges.map(([a, b]) => b - a + 1);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(() => evenSlotRanges(0)).toThrow(RangeError);
  });
});

describe('requestableEngineVersion', () => {
  it('asks for major.minor from 6 on, the full version before', () => {
    expect(requestableEngineVersion('7.1.0')).toBe('7.1');
    expect(requestableEngineVersion('8.0')).toBe('8.0');
    expect(requestableEngineVersion('6.2.6')).toBe('6.2');
    expect(requestableEngineVersion('5.0.6')).toBe('5.0.6');
    expect(requestableEngineVersion(undefined)).toBeUndefined();
  });
});
