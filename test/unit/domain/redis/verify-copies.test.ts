import { judgeRedisBackup, type ObjectCheck } from '../../../../lambdas/domain/redis/verify-copies';

const goodRdb = {
  valid: true,
  bytes: 100,
  magic: 'REDIS' as const,
  version: 11,
  storedCrc: 'e9c6d914c4b8d9ca',
  computedCrc: 'e9c6d914c4b8d9ca',
};
const good: ObjectCheck = { key: 'n-0001.rdb', primaryBytes: 100, backupBytes: 100, comparedBytes: 100, rdb: goodRdb };

describe('judgeRedisBackup', () => {
  it('passes when every shard is present twice, equal and a valid RDB', () => {
    const r = judgeRedisBackup(1, [good]);
    expect(r.isValid).toBe(true);
    expect(r.failures).toEqual([]);
    expect(r.checks).toContain('n-0001.rdb: copies equal byte for byte');
  });

  it('names each failure', () => {
    const r = judgeRedisBackup(2, [
      { ...good, backupBytes: undefined },
      { ...good, key: 'n-0002.rdb', backupBytes: 99 },
    ]);
    expect(r.isValid).toBe(false);
    expect(r.failures).toEqual(
      expect.arrayContaining([
        'n-0001.rdb: missing in the backup region',
        expect.stringContaining('n-0002.rdb: size differs: 100 bytes in the primary region, 99'),
      ]),
    );
  });

  it('fails a difference, an incomplete comparison, a bad RDB and a missing shard', () => {
    expect(judgeRedisBackup(1, [{ ...good, firstDifferenceAt: 42 }]).failures).toContain('n-0001.rdb: copies differ at byte 42');
    expect(judgeRedisBackup(1, [{ ...good, comparedBytes: 50 }]).failures).toContain('n-0001.rdb: only 50 of 100 bytes were compared');
    const bad = { ...goodRdb, valid: false, failure: { code: 'checksum-mismatch' as const, reason: 'CRC-64 mismatch' } };
    expect(judgeRedisBackup(1, [{ ...good, rdb: bad }]).failures).toContain('n-0001.rdb: not a valid RDB file: CRC-64 mismatch');
    expect(judgeRedisBackup(2, [good]).failures).toContain('expected 2 exported object(s) (one per shard), found 1');
    expect(judgeRedisBackup(0, []).isValid).toBe(false);
  });
});
