/**
 * RDB files built without a server: a valid header, SELECTDB 0, string records
 * (type 0, length-encoded key and value, no compression), the EOF opcode and the
 * correct CRC-64. `redis-check-rdb` accepts them (see the unit test), so they are
 * real RDB files, just with synthetic content. Used by unit tests (any header,
 * any version) and by the benchmark (hundreds of MB, written in constant memory).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Crc64 } from '../lambdas/domain/rdb/crc64';

const OPCODE_SELECTDB = 0xfe;
const OPCODE_EOF = 0xff;
const TYPE_STRING = 0x00;

/** RDB length encoding: 6-bit, 14-bit or 32-bit big-endian. */
export function encodeLength(len: number): Buffer {
  if (len < 0x40) return Buffer.from([len]);
  if (len < 0x4000) return Buffer.from([0x40 | (len >> 8), len & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = 0x80;
  b.writeUInt32BE(len, 1);
  return b;
}

export function stringRecord(key: string | Buffer, value: string | Buffer): Buffer {
  const k = Buffer.isBuffer(key) ? key : Buffer.from(key);
  const v = Buffer.isBuffer(value) ? value : Buffer.from(value);
  return Buffer.concat([Buffer.from([TYPE_STRING]), encodeLength(k.length), k, encodeLength(v.length), v]);
}

export function rdbHeader(magic: 'REDIS' | 'VALKEY' = 'REDIS', version = 11): Buffer {
  const digits = magic === 'REDIS' ? 4 : 3;
  return Buffer.from(magic + String(version).padStart(digits, '0'), 'latin1');
}

/** The 8-byte little-endian trailer for a CRC value. */
export function crcTrailer(crc: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(crc);
  return b;
}

export interface SyntheticRdbOptions {
  magic?: 'REDIS' | 'VALKEY';
  version?: number;
  records?: Array<[string, string | Buffer]>;
  /** Write 0 as the checksum, as a server with `rdbchecksum no` does. */
  checksumDisabled?: boolean;
}

/** A small synthetic RDB file in memory. */
export function syntheticRdb(options: SyntheticRdbOptions = {}): Buffer {
  const records = options.records ?? [
    ['greeting', 'hello'],
    ['answer', '42'],
  ];
  const body = Buffer.concat([
    rdbHeader(options.magic, options.version),
    Buffer.from([OPCODE_SELECTDB, 0x00]),
    ...records.map(([k, v]) => stringRecord(k, v)),
    Buffer.from([OPCODE_EOF]),
  ]);
  const crc = options.checksumDisabled ? 0n : new Crc64().update(body).value();
  return Buffer.concat([body, crcTrailer(crc)]);
}

/** Deterministic pseudo-random bytes (xorshift32), so files differ from a run of zeros. */
export function pseudoRandomBytes(length: number, seed = 0x9e3779b9): Buffer {
  const b = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

/**
 * Writes a synthetic RDB file of exactly `totalBytes` bytes (at least 64 KiB) to `path`,
 * with the correct CRC, holding at most ~1 MiB in memory. Returns the CRC as 16 hex digits.
 */
export async function writeSyntheticRdbFile(path: string, totalBytes: number): Promise<string> {
  if (!Number.isInteger(totalBytes) || totalBytes < 65536) throw new RangeError('totalBytes must be an integer >= 65536');
  const out = createWriteStream(path);
  const crc = new Crc64();
  const write = async (buf: Buffer): Promise<void> => {
    crc.update(buf);
    if (!out.write(buf)) await once(out, 'drain');
  };
  const value = pseudoRandomBytes(4096);
  const keyFor = (i: number): string => `key:${String(i).padStart(12, '0')}`; // 16 bytes
  // Version 10 (Redis 7.0): the newest that Debian's redis-check-rdb reads, and string records are the same in 11.
  const head = Buffer.concat([rdbHeader('REDIS', 10), Buffer.from([OPCODE_SELECTDB, 0x00])]);
  await write(head);
  const recordSize = stringRecord(keyFor(0), value).length;
  // Bytes left for records: everything except header, EOF opcode and checksum.
  let remaining = totalBytes - head.length - 1 - 8;
  let i = 0;
  const batch: Buffer[] = [];
  let batchBytes = 0;
  while (remaining >= 2 * recordSize) {
    const rec = stringRecord(keyFor(i++), value);
    batch.push(rec);
    batchBytes += rec.length;
    remaining -= rec.length;
    if (batchBytes >= 1 << 20) {
      await write(Buffer.concat(batch));
      batch.length = 0;
      batchBytes = 0;
    }
  }
  if (batch.length) await write(Buffer.concat(batch));
  // One last record sized so the file is exactly totalBytes: 1 type + 1 key length + 16 key + value length + value.
  const lengthBytes = [1, 2, 5].find((s) => encodeLength(remaining - 18 - s).length === s);
  if (lengthBytes === undefined) throw new Error(`cannot pad ${remaining} bytes with one record`);
  const lastValueLength = remaining - 18 - lengthBytes;
  await write(stringRecord(keyFor(i), pseudoRandomBytes(lastValueLength, i + 1)));
  await write(Buffer.from([OPCODE_EOF]));
  const trailer = crcTrailer(crc.value());
  if (!out.write(trailer)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return crc.hex();
}
