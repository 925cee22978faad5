/**
 * RDB verification at its boundaries: the first version with a checksum, the smallest file that
 * can be one, stored checksums with one zero half, and saved states that are not states
 * (found missing by mutation testing: docs/CONTRIBUTING.md "Mutation testing").
 */
import { crc64 } from '../../../../lambdas/domain/rdb/crc64';
import { RdbVerifier, verifyRdb } from '../../../../lambdas/domain/rdb/verify-rdb';
import { crcTrailer, rdbHeader, syntheticRdb } from '../../../fixtures/rdb/synthetic-rdb';

const EOF = Buffer.from([0xff]);
/** A file made of `body` (header onwards, up to and including the EOF opcode) and the given stored checksum. */
const withStoredCrc = (body: Buffer, crc: bigint) => Buffer.concat([body, crcTrailer(crc)]);
const bodyOf = (file: Buffer) => file.subarray(0, file.length - 8);

describe('versions: checksums exist from RDB version 5 on', () => {
  it('a version 5 file with its checksum verifies', async () => {
    expect(await verifyRdb([syntheticRdb({ version: 5 })])).toMatchObject({ valid: true, version: 5 });
  });

  it('a version 4 file cannot be verified, and says which version added checksums', async () => {
    expect((await verifyRdb([syntheticRdb({ version: 4 })])).failure).toEqual({
      code: 'checksum-not-in-format',
      reason: 'RDB version 4 predates checksums (added in version 5): the file cannot be verified',
    });
  });
});

describe('length: header (9) + EOF opcode (1) + checksum (8) = at least 18 bytes', () => {
  it('the smallest RDB file there is (an empty database) verifies: 18 bytes', async () => {
    const body = Buffer.concat([rdbHeader(), EOF]);
    const file = withStoredCrc(body, crc64(body));
    expect(file).toHaveLength(18);
    expect(await verifyRdb([file])).toMatchObject({ valid: true, bytes: 18 });
  });

  it('17 bytes are too short, whatever they hold', async () => {
    const seventeen = Buffer.concat([rdbHeader(), EOF, Buffer.alloc(7)]); // a valid header, EOF and 7 more bytes
    expect(seventeen).toHaveLength(17);
    expect((await verifyRdb([seventeen])).failure).toEqual({
      code: 'too-short',
      reason: 'file has 17 bytes: an RDB file needs at least 18 (header, EOF opcode, 8-byte checksum); it is truncated',
    });
  });

  it('fewer bytes than the header: too short, naming the byte count', async () => {
    expect((await verifyRdb([Buffer.from('REDIS00')])).failure).toEqual({
      code: 'too-short',
      reason: 'file has 7 bytes, fewer than the 9-byte RDB header',
    });
  });
});

describe('a stored checksum of 0 means "rdbchecksum no"; one zero half is just a wrong checksum', () => {
  const body = bodyOf(syntheticRdb());

  it.each([
    ['low half zero', 0x12345678_00000000n, '1234567800000000'],
    ['high half zero', 0x00000000_12345678n, '0000000012345678'],
  ])('%s: checksum-mismatch, with the stored value', async (_name, stored, hex) => {
    const r = await verifyRdb([withStoredCrc(body, stored)]);
    expect(r.failure?.code).toBe('checksum-mismatch');
    expect(r.storedCrc).toBe(hex);
    expect(r.computedCrc).toBe(crc64(body).toString(16).padStart(16, '0'));
    // on-call reads how much of the file the checksum covered: everything but the 8-byte trailer
    expect(r.failure?.reason).toContain(`over ${body.length} bytes`);
  });

  it('both halves zero: checksum-disabled', async () => {
    expect((await verifyRdb([withStoredCrc(body, 0n)])).failure?.code).toBe('checksum-disabled');
  });

  it('reads the stored checksum little-endian, every byte of it', async () => {
    for (let i = 0; i < 8; i++) {
      const crc = crc64(body) ^ (1n << BigInt(8 * i + 3));
      const r = await verifyRdb([withStoredCrc(body, crc)]);
      expect(r.storedCrc).toBe(crc.toString(16).padStart(16, '0'));
      expect(r.failure?.code).toBe('checksum-mismatch');
    }
  });
});

describe('size: the object size, when given, must be the bytes read', () => {
  it('an expected size of 0 for a non-empty stream is a mismatch', async () => {
    const file = syntheticRdb();
    expect((await verifyRdb([file], { expectedBytes: 0 })).failure?.code).toBe('size-mismatch');
  });

  it('a size mismatch is reported before the version and checksum checks', async () => {
    const old = syntheticRdb({ version: 4 });
    expect((await verifyRdb([old], { expectedBytes: old.length - 1 })).failure?.code).toBe('size-mismatch');
  });
});

describe('resume refuses what is not a saved state', () => {
  const good = { crc: { hi: 0, lo: 0 }, header: '', pending: '', lastCrcByte: -1, bytes: 0 };

  it('accepts a fresh state and a full header and trailer', () => {
    expect(RdbVerifier.resume(good).bytes).toBe(0);
    const full = { ...good, header: '00'.repeat(9), pending: '00'.repeat(8), bytes: 100 };
    expect(RdbVerifier.resume(full).bytes).toBe(100);
  });

  it.each([
    ['10 header bytes', { header: '00'.repeat(10) }],
    ['9 pending bytes', { pending: '00'.repeat(9) }],
    ['a negative byte count', { bytes: -1 }],
    ['a fractional byte count', { bytes: 1.5 }],
    ['a byte count that is not a number', { bytes: Number.NaN }],
    ['a byte count past 2^53', { bytes: 2 ** 53 }],
  ])('%s', (_name, change) => {
    expect(() => RdbVerifier.resume({ ...good, ...change })).toThrow(new RangeError('not a saved RdbVerifier state'));
  });

  it('a state saved in the middle of the header keeps reading: the header is judged only once it is whole', async () => {
    const file = syntheticRdb();
    const v = new RdbVerifier();
    expect(v.push(file.subarray(0, 3))).toBe(true);
    const resumed = RdbVerifier.resume(JSON.parse(JSON.stringify(v.state())));
    expect(resumed.push(file.subarray(3, 4))).toBe(true);
    expect(resumed.push(file.subarray(4))).toBe(true);
    expect(resumed.finish()).toMatchObject({ valid: true });
  });

  it('a state saved after the header keeps its verdict on the header', () => {
    const v = new RdbVerifier();
    expect(v.push(Buffer.from('<html>not'))).toBe(false);
    const resumed = RdbVerifier.resume(JSON.parse(JSON.stringify(v.state())));
    expect(resumed.push(Buffer.from(' a backup</html>'))).toBe(false);
    expect(resumed.finish().failure?.code).toBe('bad-header');
  });
});

describe('push tells the caller when it may stop reading', () => {
  it('true while the header is incomplete or good, false once it is bad', () => {
    const v = new RdbVerifier();
    expect(v.push(Buffer.from('RED'))).toBe(true);
    expect(v.push(Buffer.alloc(0))).toBe(true);
    expect(v.push(Buffer.from('IS0011'))).toBe(true);
    const bad = new RdbVerifier();
    expect(bad.push(Buffer.from('REDIX0011'))).toBe(false);
    expect(bad.push(Buffer.alloc(0))).toBe(false);
  });
});
