/**
 * The 9-byte header that opens every RDB file:
 * - Redis (and Valkey 7.x/8.x, ElastiCache Redis OSS/Valkey up to 8): "REDIS" + 4 decimal digits,
 *   e.g. "REDIS0011". Redis 7.0 writes 10, 7.2 writes 11, 7.4 and 8.x write 12.
 * - Valkey 9.0 and later: "VALKEY" + 3 decimal digits, e.g. "VALKEY080" (9.0), "VALKEY081" (9.2).
 *   Valkey reserves 12..79 for non-OSS Redis formats and starts its own numbering at 80.
 */

export const RDB_HEADER_BYTES = 9;

export type RdbMagic = 'REDIS' | 'VALKEY';

/** Versions this project accepts, per magic. The CRC check itself does not depend on the version. */
export const ACCEPTED_RDB_VERSIONS: Readonly<Record<RdbMagic, { min: number; max: number }>> = {
  REDIS: { min: 1, max: 12 },
  VALKEY: { min: 80, max: 99 },
};

/** The first RDB version whose files end with a CRC-64 (Redis 2.6). Older files cannot be verified. */
export const FIRST_CHECKSUMMED_RDB_VERSION = 5;

export type RdbHeader = { ok: true; magic: RdbMagic; version: number } | { ok: false; reason: string };

const DIGITS = /^[0-9]+$/;

function printable(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
}

/** Parses the first 9 bytes of an RDB file; never throws. */
export function parseRdbHeader(bytes: Uint8Array): RdbHeader {
  if (bytes.length < RDB_HEADER_BYTES) {
    return { ok: false, reason: `file has ${bytes.length} bytes, fewer than the ${RDB_HEADER_BYTES}-byte RDB header` };
  }
  const head = bytes.subarray(0, RDB_HEADER_BYTES);
  const text = Buffer.from(head).toString('latin1');
  let magic: RdbMagic;
  let digits: string;
  if (text.startsWith('REDIS')) {
    magic = 'REDIS';
    digits = text.slice(5);
  } else if (text.startsWith('VALKEY')) {
    magic = 'VALKEY';
    digits = text.slice(6);
  } else {
    return { ok: false, reason: `not an RDB file: header is "${printable(head)}", expected "REDIS" + 4 digits or "VALKEY" + 3 digits` };
  }
  if (!DIGITS.test(digits)) {
    return { ok: false, reason: `malformed RDB version "${printable(head)}": "${magic}" must be followed by decimal digits` };
  }
  const version = Number(digits);
  const accepted = ACCEPTED_RDB_VERSIONS[magic];
  if (version < accepted.min || version > accepted.max) {
    return {
      ok: false,
      reason: `unsupported RDB version ${version} for magic ${magic}: accepted ${magic} versions are ${accepted.min}..${accepted.max}`,
    };
  }
  return { ok: true, magic, version };
}
