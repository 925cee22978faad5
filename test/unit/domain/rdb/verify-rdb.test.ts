import fc from 'fast-check';
import { Readable } from 'node:stream';
import { RdbVerifier, verifyRdb } from '../../../../lambdas/domain/rdb/verify-rdb';
import { crc64 } from '../../../../lambdas/domain/rdb/crc64';
import { crcTrailer, rdbHeader, stringRecord, syntheticRdb } from '../../../fixtures/rdb/synthetic-rdb';

function chunked(buf: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  let i = 0;
  while (at < buf.length) {
    const n = Math.max(1, sizes.length ? sizes[i++ % sizes.length] : buf.length);
    out.push(buf.subarray(at, at + n));
    at += n;
  }
  return out;
}

describe('verifyRdb on synthetic RDB files', () => {
  // Built in each test (beforeEach runs inside it), so mutation testing sees which test reaches which code.
  let file: Buffer;
  let expectedCrc: string;
  beforeEach(() => {
    file = syntheticRdb({
      records: [
        ['a', 'alpha'],
        ['b', 'x'.repeat(5000)],
        ['c', ''],
      ],
    });
    expectedCrc = crc64(file.subarray(0, file.length - 8))
      .toString(16)
      .padStart(16, '0');
  });

  it('accepts a well-formed file and reports bytes, magic, version and both CRCs', async () => {
    const r = await verifyRdb([file]);
    expect(r).toEqual({ valid: true, bytes: file.length, magic: 'REDIS', version: 11, computedCrc: expectedCrc, storedCrc: expectedCrc });
  });

  it('gives the same verdict however the stream is cut into chunks (including empty and 1-byte chunks)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 10 }), async (sizes) => {
        const pieces = chunked(
          file,
          sizes.map((s) => s || 1),
        );
        pieces.splice(1, 0, Buffer.alloc(0));
        const r = await verifyRdb(pieces);
        expect(r.valid).toBe(true);
        expect(r.bytes).toBe(file.length);
        expect(r.computedCrc).toBe(expectedCrc);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a Node Readable (what fs.createReadStream and an S3 GetObject Body are)', async () => {
    const r = await verifyRdb(Readable.from(chunked(file, [4096])));
    expect(r.valid).toBe(true);
  });

  it('accepts a VALKEY080 file as Valkey 9 writes it', async () => {
    const r = await verifyRdb([syntheticRdb({ magic: 'VALKEY', version: 80 })]);
    expect(r).toMatchObject({ valid: true, magic: 'VALKEY', version: 80 });
  });

  it('fails a file cut anywhere before its end', async () => {
    for (let cut = 1; cut < file.length; cut += 97) {
      const r = await verifyRdb([file.subarray(0, cut)]);
      expect(r.valid).toBe(false);
      expect(['too-short', 'bad-header', 'missing-eof-marker', 'checksum-mismatch']).toContain(r.failure?.code);
    }
  });

  it('fails every single bit flip anywhere in the file, with a clear reason', () => {
    // Exhaustive over a small file: any flipped bit is caught by the CRC, the EOF check or the header check.
    const small = syntheticRdb({ records: [['k', 'value']] });
    for (let byte = 0; byte < small.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const copy = Buffer.from(small);
        copy[byte] ^= 1 << bit;
        const v = new RdbVerifier();
        v.push(copy);
        const r = v.finish();
        expect(r.valid).toBe(false);
        expect(r.failure?.reason).toBeTruthy();
      }
    }
  });

  it('names a checksum mismatch with both values', async () => {
    const copy = Buffer.from(file);
    copy[100] ^= 0x10;
    const r = await verifyRdb([copy]);
    expect(r.failure?.code).toBe('checksum-mismatch');
    expect(r.failure?.reason).toContain(`stored ${expectedCrc}`);
    expect(r.failure?.reason).toMatch(/computed [0-9a-f]{16}/);
  });

  it('treats a zero checksum (rdbchecksum no) as not verifiable', async () => {
    const r = await verifyRdb([syntheticRdb({ checksumDisabled: true })]);
    expect(r.valid).toBe(false);
    expect(r.failure).toEqual({ code: 'checksum-disabled', reason: expect.stringContaining('rdbchecksum no') });
  });

  it('reports a missing EOF opcode before the checksum', async () => {
    const body = Buffer.concat([rdbHeader(), Buffer.from([0xfe, 0]), stringRecord('k', 'v')]); // no 0xff
    const r = await verifyRdb([Buffer.concat([body, crcTrailer(crc64(body))])]);
    expect(r.failure?.code).toBe('missing-eof-marker');
  });

  it('cannot verify RDB versions before 5 (no checksum in the format)', async () => {
    const r = await verifyRdb([syntheticRdb({ version: 4 })]);
    expect(r.failure?.code).toBe('checksum-not-in-format');
  });

  it('fails when the stream is shorter than the expected object size', async () => {
    const r = await verifyRdb([file], { expectedBytes: file.length + 1 });
    expect(r.failure).toEqual({ code: 'size-mismatch', reason: expect.stringContaining(`read ${file.length} bytes`) });
    expect((await verifyRdb([file], { expectedBytes: file.length })).valid).toBe(true);
  });

  it('fails an empty or tiny stream as too short', async () => {
    expect((await verifyRdb([])).failure?.code).toBe('too-short');
    expect((await verifyRdb([Buffer.from('REDIS0011\xff', 'latin1')])).failure?.code).toBe('too-short');
  });

  it('stops reading once the header shows it is not an RDB file', async () => {
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield Buffer.from('<html>not a backup</html>\n');
      }
    }
    const r = await verifyRdb(source());
    expect(r.failure?.code).toBe('bad-header');
    expect(pulled).toBeLessThan(3);
  });

  it('refuses string chunks (a stream with an encoding set would corrupt the bytes)', async () => {
    await expect(verifyRdb(Readable.from(['REDIS0011']))).rejects.toThrow(/binary stream/);
  });

  it('propagates errors of the source itself', async () => {
    async function* broken() {
      yield file.subarray(0, 20);
      throw new Error('socket hang up');
    }
    await expect(verifyRdb(broken())).rejects.toThrow('socket hang up');
  });
});

describe('verifyRdb with a SHA-256 in the same pass', () => {
  it('returns the SHA-256 of exactly the bytes read, whatever the chunking', async () => {
    const { createHash } = await import('node:crypto');
    const file = syntheticRdb();
    const expected = createHash('sha256').update(file).digest('hex');
    const r = await verifyRdb(chunked(file, [3, 11]), { sha256: true });
    expect(r).toMatchObject({ valid: true, sha256: expected });
  });

  it('hashes a non-RDB stream to its end (the copies are compared even when one is bad)', async () => {
    const { createHash } = await import('node:crypto');
    const junk = Buffer.from('definitely not an rdb file, just text');
    const r = await verifyRdb([junk.subarray(0, 10), junk.subarray(10)], { sha256: true });
    expect(r.failure?.code).toBe('bad-header');
    expect(r.bytes).toBe(junk.length);
    expect(r.sha256).toBe(createHash('sha256').update(junk).digest('hex'));
  });

  it('adds no sha256 field unless asked', async () => {
    expect(await verifyRdb([syntheticRdb()])).not.toHaveProperty('sha256');
  });
});

describe('RdbVerifier state (resuming across Lambda invocations)', () => {
  it('gives the same verdict when saved to JSON and resumed at any split point', () => {
    const file = syntheticRdb({
      records: [
        ['a', 'x'.repeat(3000)],
        ['b', 'y'],
      ],
    });
    const whole = new RdbVerifier();
    whole.push(file);
    const expected = whole.finish();
    fc.assert(
      fc.property(fc.array(fc.nat(file.length), { maxLength: 5 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), file.length];
        let v = new RdbVerifier();
        for (let i = 1; i < points.length; i++) {
          v.push(file.subarray(points[i - 1], points[i]));
          v = RdbVerifier.resume(JSON.parse(JSON.stringify(v.state())));
          expect(v.bytes).toBe(points[i]);
        }
        expect(v.finish()).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a state that is not one', () => {
    expect(() => RdbVerifier.resume({ crc: { hi: 0, lo: 0 }, header: '00'.repeat(10), pending: '', lastCrcByte: -1, bytes: 0 })).toThrow(
      RangeError,
    );
    expect(() => RdbVerifier.resume({ crc: { hi: 0, lo: 0 }, header: '', pending: '', lastCrcByte: -1, bytes: -1 })).toThrow(RangeError);
  });
});
