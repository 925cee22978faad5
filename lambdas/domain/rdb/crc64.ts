/**
 * CRC-64 as Redis and Valkey compute it over RDB files (src/crc64.c):
 * the "Jones" polynomial 0xad93d23594c935a9, reflected input and output,
 * initial value 0, no final xor. Check value: crc64("123456789") = 0xe9c6d914c4b8d9ca.
 *
 * Plain TypeScript, table-driven slice-by-8. A 64-bit value is kept as two
 * 32-bit halves (hi, lo) so the hot loop runs on small integers, never BigInt.
 */

/** The reflected polynomial (bit-reversed 0xad93d23594c935a9), split into halves. */
const POLY_HI = 0x95ac9329 | 0;
const POLY_LO = 0xac4bc9b5 | 0;

/** 8 tables of 256 entries each; table k lives at [k*256, k*256+256). */
const TABLE_HI = new Int32Array(8 * 256);
const TABLE_LO = new Int32Array(8 * 256);

(function buildTables(): void {
  for (let n = 0; n < 256; n++) {
    let hi = 0;
    let lo = n;
    for (let bit = 0; bit < 8; bit++) {
      const lsb = lo & 1;
      lo = (lo >>> 1) | (hi << 31);
      hi = hi >>> 1;
      if (lsb) {
        hi ^= POLY_HI;
        lo ^= POLY_LO;
      }
    }
    TABLE_HI[n] = hi;
    TABLE_LO[n] = lo;
  }
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const prevHi = TABLE_HI[(k - 1) * 256 + n];
      const prevLo = TABLE_LO[(k - 1) * 256 + n];
      const idx = prevLo & 0xff;
      TABLE_HI[k * 256 + n] = (prevHi >>> 8) ^ TABLE_HI[idx];
      TABLE_LO[k * 256 + n] = ((prevLo >>> 8) | (prevHi << 24)) ^ TABLE_LO[idx];
    }
  }
})();

/** An incremental CRC-64 (Redis variant). Feed bytes with update(), read with value()/hex(). */
export class Crc64 {
  private hi: number;
  private lo: number;

  /** Starts at 0, or continues from a value saved with state() (resuming across Lambda invocations). */
  constructor(from?: { hi: number; lo: number }) {
    this.hi = (from?.hi ?? 0) | 0;
    this.lo = (from?.lo ?? 0) | 0;
  }

  /** The running value as unsigned 32-bit halves: JSON-safe, for resuming with `new Crc64(state)`. */
  state(): { hi: number; lo: number } {
    return { hi: this.hi >>> 0, lo: this.lo >>> 0 };
  }

  /** Adds bytes [start, end) of `buf` to the checksum. */
  update(buf: Uint8Array, start = 0, end = buf.length): this {
    let hi = this.hi;
    let lo = this.lo;
    let i = start;
    const TH = TABLE_HI;
    const TL = TABLE_LO;

    // Byte at a time until the remaining length is a multiple of 8.
    const head = Math.min(end, start + ((end - start) & 7));
    for (; i < head; i++) {
      const idx = (lo ^ buf[i]) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ TL[idx];
      hi = (hi >>> 8) ^ TH[idx];
    }

    // Slice-by-8: eight bytes per step, one lookup per byte in eight tables.
    for (; i < end; i += 8) {
      lo ^= buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
      hi ^= buf[i + 4] | (buf[i + 5] << 8) | (buf[i + 6] << 16) | (buf[i + 7] << 24);
      const a = 7 * 256 + (lo & 0xff);
      const b = 6 * 256 + ((lo >>> 8) & 0xff);
      const c = 5 * 256 + ((lo >>> 16) & 0xff);
      const d = 4 * 256 + (lo >>> 24);
      const e = 3 * 256 + (hi & 0xff);
      const f = 2 * 256 + ((hi >>> 8) & 0xff);
      const g = 1 * 256 + ((hi >>> 16) & 0xff);
      const h = hi >>> 24;
      lo = TL[a] ^ TL[b] ^ TL[c] ^ TL[d] ^ TL[e] ^ TL[f] ^ TL[g] ^ TL[h];
      hi = TH[a] ^ TH[b] ^ TH[c] ^ TH[d] ^ TH[e] ^ TH[f] ^ TH[g] ^ TH[h];
    }

    this.hi = hi;
    this.lo = lo;
    return this;
  }

  /** The checksum as an unsigned 64-bit BigInt. */
  value(): bigint {
    return (BigInt(this.hi >>> 0) << 32n) | BigInt(this.lo >>> 0);
  }

  /** The checksum as 16 lowercase hex digits. */
  hex(): string {
    return crc64Hex(this.hi >>> 0, this.lo >>> 0);
  }
}

/** Formats a 64-bit value given as unsigned 32-bit halves as 16 hex digits. */
export function crc64Hex(hi: number, lo: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** CRC-64 (Redis variant) of a whole buffer. */
export function crc64(buf: Uint8Array): bigint {
  return new Crc64().update(buf).value();
}
