/**
 * RDB verification against files written by a real redis-server (Debian's package).
 * Run wherever redis-server is installed and always in CI (a missing one fails there); elsewhere
 * they are skipped with the install command (test/support/needs-tool.ts).
 */
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyRdb } from '../../../../lambdas/domain/rdb/verify-rdb';
import { KNOWN_STRINGS, loadRdbIntoRedis, makeRealRdb, type RealRdb, requireRedisServer } from '../../../fixtures/rdb/real-redis';
import { writeSyntheticRdbFile } from '../../../fixtures/rdb/synthetic-rdb';
import { describeWithTool, REDIS_SERVER } from '../../../support/needs-tool';
import { spawnSync } from 'node:child_process';

/** The RDB version each Redis release writes (Debian bookworm ships 7.0 → 10). */
function expectedRdbVersion(redisVersion: string): number {
  const [major, minor] = redisVersion.split('.').map(Number);
  if (major === 6) return 9;
  if (major === 7 && minor === 0) return 10;
  if (major === 7 && minor === 2) return 11;
  if (major >= 7) return 12;
  throw new Error(`no known RDB version for redis-server ${redisVersion}`);
}

const verifyFile = (path: string, highWaterMark = 64 * 1024) => verifyRdb(createReadStream(path, { highWaterMark }));

describeWithTool(REDIS_SERVER, 'RDB files written by a real redis-server', () => {
  let rdb: RealRdb;
  let work: string;

  beforeAll(async () => {
    requireRedisServer(); // throws "redis-server is not on PATH ... apt-get install -y redis-server"
    work = mkdtempSync(join(tmpdir(), 'rdb-verify-'));
    rdb = await makeRealRdb({ dir: work, dbfilename: 'known.rdb' });
  });

  it("verifies the saved file: REDIS magic, the server's RDB version, matching CRC-64", async () => {
    const r = await verifyFile(rdb.path);
    expect(r.failure).toBeUndefined();
    expect(r.valid).toBe(true);
    expect(r.magic).toBe('REDIS');
    expect(r.version).toBe(expectedRdbVersion(rdb.redisVersion));
    expect(r.bytes).toBe(rdb.bytes);
    expect(r.computedCrc).toBe(r.storedCrc);
    expect(r.storedCrc).not.toBe('0000000000000000');
  });

  it('is a file the server restores: the known keys read back after loading it', async () => {
    const redis = await loadRdbIntoRedis(work, 'known.rdb');
    try {
      for (const [k, v] of Object.entries(KNOWN_STRINGS)) expect(await redis.client.command('GET', k)).toBe(v);
      expect(await redis.client.command('HGET', 'muejam:user:1', 'name')).toBe('Ada');
      expect(await redis.client.command('LRANGE', 'muejam:queue', '0', '-1')).toEqual(['a', 'b', 'c']);
      expect(await redis.client.command('DBSIZE')).toBe(Object.keys(KNOWN_STRINGS).length + 5 + 1000);
    } finally {
      await redis.stop();
    }
  });

  it('gives the same verdict with tiny stream chunks (7 bytes) as with large ones', async () => {
    const small = await verifyFile(rdb.path, 7);
    const large = await verifyFile(rdb.path, 1 << 20);
    expect(small).toEqual(large);
    expect(small.valid).toBe(true);
  });

  it.each([
    ['the checksum is cut off entirely', (n: number) => n - 8],
    ['the last byte is missing', (n: number) => n - 1],
    ['the file stops in the middle', (n: number) => Math.floor(n / 2)],
    ['only the header survived', () => 9],
  ])('fails a truncated copy where %s', async (_what, cutAt) => {
    const bytes = readFileSync(rdb.path);
    const path = join(work, 'truncated.rdb');
    writeFileSync(path, bytes.subarray(0, cutAt(bytes.length)));
    const r = await verifyFile(path);
    expect(r.valid).toBe(false);
    expect(r.failure?.reason).toMatch(/truncated|corrupt|mismatch/);
  });

  it.each([
    ['in the header magic', () => 0, 'bad-header'],
    ['in the middle of the data', (n: number) => Math.floor(n / 2), 'checksum-mismatch'],
    ['in the EOF opcode', (n: number) => n - 9, 'missing-eof-marker'],
    ['in the stored checksum', (n: number) => n - 3, 'checksum-mismatch'],
  ])('fails a bit-flipped copy with the flip %s', async (_where, at, code) => {
    const bytes = Buffer.from(readFileSync(rdb.path));
    bytes[at(bytes.length)] ^= 0x04;
    const path = join(work, 'flipped.rdb');
    writeFileSync(path, bytes);
    const r = await verifyFile(path);
    expect(r.valid).toBe(false);
    expect(r.failure?.code).toBe(code);
  });

  it('fails a file the server wrote with rdbchecksum no: not verifiable', async () => {
    const unchecked = await makeRealRdb({ dir: work, dbfilename: 'unchecked.rdb', rdbchecksum: false });
    const r = await verifyFile(unchecked.path);
    expect(r.valid).toBe(false);
    expect(r.failure?.code).toBe('checksum-disabled');
    expect(r.storedCrc).toBe('0000000000000000');
  });

  it('the synthetic files used by the benchmark are accepted by redis-check-rdb too', async () => {
    const path = join(work, 'synthetic.rdb');
    const crc = await writeSyntheticRdbFile(path, 300_000);
    const check = spawnSync('redis-check-rdb', [path], { encoding: 'utf8' });
    expect(check.stdout + check.stderr).toMatch(/RDB looks OK/);
    const r = await verifyFile(path);
    expect(r).toMatchObject({ valid: true, bytes: 300_000, storedCrc: crc });
  });
});
