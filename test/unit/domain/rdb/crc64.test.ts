import fc from 'fast-check';
import { Crc64, crc64 } from '../../../../lambdas/domain/rdb/crc64';

/** Bit-at-a-time reference straight from the definition: reflected Jones polynomial, init 0, no xorout. */
function referenceCrc64(bytes: Uint8Array): bigint {
  const reflectedPoly = 0x95ac9329ac4bc9b5n;
  let crc = 0n;
  for (const b of bytes) {
    crc ^= BigInt(b);
    for (let i = 0; i < 8; i++) crc = crc & 1n ? (crc >> 1n) ^ reflectedPoly : crc >> 1n;
  }
  return crc;
}

describe('crc64 (Redis variant)', () => {
  it('gives the check value of "123456789" from redis src/crc64.c: 0xe9c6d914c4b8d9ca', () => {
    expect(crc64(Buffer.from('123456789'))).toBe(0xe9c6d914c4b8d9can);
    expect(new Crc64().update(Buffer.from('123456789')).hex()).toBe('e9c6d914c4b8d9ca');
  });

  it('is 0 for no bytes (initial value 0, no final xor)', () => {
    expect(crc64(new Uint8Array(0))).toBe(0n);
    expect(new Crc64().hex()).toBe('0000000000000000');
  });

  it('matches the bit-at-a-time reference for every length 0..64 (slice-by-8 head and body)', () => {
    const data = Uint8Array.from({ length: 64 }, (_, i) => (i * 151 + 13) & 0xff);
    for (let n = 0; n <= 64; n++) expect(crc64(data.subarray(0, n))).toBe(referenceCrc64(data.subarray(0, n)));
  });

  it('matches the reference on random data fed in random pieces', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(300), { maxLength: 6 }), (data, cuts) => {
        const points = [0, ...cuts.map((c) => c % (data.length + 1)).sort((a, b) => a - b), data.length];
        const c = new Crc64();
        for (let i = 1; i < points.length; i++) c.update(data, points[i - 1], points[i]);
        expect(c.value()).toBe(referenceCrc64(data));
      }),
      { numRuns: 300 },
    );
  });

  it('honours start/end within a larger buffer without reading outside it', () => {
    const data = Buffer.from('xx123456789yy');
    expect(new Crc64().update(data, 2, 11).value()).toBe(0xe9c6d914c4b8d9can);
  });
});

describe('Crc64 state', () => {
  it('resumes from a saved state exactly', () => {
    const data = Buffer.from('123456789');
    const first = new Crc64().update(data, 0, 4);
    const resumed = new Crc64(JSON.parse(JSON.stringify(first.state()))).update(data, 4, 9);
    expect(resumed.value()).toBe(0xe9c6d914c4b8d9can);
  });
});
