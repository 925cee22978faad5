import { ACCEPTED_RDB_VERSIONS, parseRdbHeader } from '../../../../lambdas/domain/rdb/rdb-header';

const h = (s: string) => Buffer.from(s, 'latin1');

describe('parseRdbHeader', () => {
  it.each([1, 5, 9, 10, 11, 12])('accepts REDIS version %i', (v) => {
    expect(parseRdbHeader(h(`REDIS${String(v).padStart(4, '0')}`))).toEqual({ ok: true, magic: 'REDIS', version: v });
  });

  it('accepts what Valkey 9.0 and 9.2 write: VALKEY080, VALKEY081', () => {
    expect(parseRdbHeader(h('VALKEY080'))).toEqual({ ok: true, magic: 'VALKEY', version: 80 });
    expect(parseRdbHeader(h('VALKEY081'))).toEqual({ ok: true, magic: 'VALKEY', version: 81 });
  });

  it('reads only the first 9 bytes', () => {
    expect(parseRdbHeader(h('REDIS0011\xfa\x09redis-ver'))).toEqual({ ok: true, magic: 'REDIS', version: 11 });
  });

  it('rejects versions outside the accepted ranges, naming them', () => {
    const r = parseRdbHeader(h('REDIS0013'));
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('unsupported RDB version 13 for magic REDIS') });
    expect(!r.ok && r.reason).toContain(`${ACCEPTED_RDB_VERSIONS.REDIS.min}..${ACCEPTED_RDB_VERSIONS.REDIS.max}`);
    expect(parseRdbHeader(h('REDIS0000')).ok).toBe(false);
    // Valkey reserves 12..79 for non-OSS Redis formats: a VALKEY header there is not a real file.
    expect(parseRdbHeader(h('VALKEY011')).ok).toBe(false);
  });

  it('rejects a wrong magic and shows the bytes it found', () => {
    const r = parseRdbHeader(h('PK\x03\x04zipfi'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/not an RDB file: header is "PK\\x03\\x04zipfi"/);
  });

  it('rejects non-digit versions', () => {
    const r = parseRdbHeader(h('REDIS00a1'));
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('must be followed by decimal digits') });
  });

  it('rejects fewer than 9 bytes', () => {
    expect(parseRdbHeader(h('REDIS'))).toEqual({ ok: false, reason: expect.stringContaining('fewer than the 9-byte RDB header') });
  });
});
