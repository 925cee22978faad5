/**
 * Streaming verification of an RDB file (a Redis/Valkey backup), in constant memory.
 *
 * An RDB file is: 9-byte header ("REDIS0011", "VALKEY080", ...) | body | 0xFF (EOF opcode) |
 * CRC-64 of everything before it, 8 bytes little-endian. The verifier checks the header,
 * computes the CRC over all bytes except the trailing 8 while they stream past, keeps only
 * the last 8 bytes seen (they may turn out to be the checksum), and compares at the end.
 * A stored checksum of 0 means the server ran with `rdbchecksum no`: the file is then not
 * verifiable, and for a backup system that is a failure.
 */
import { createHash } from 'node:crypto';
import { Crc64, crc64Hex } from './crc64';
import { FIRST_CHECKSUMMED_RDB_VERSION, parseRdbHeader, RDB_HEADER_BYTES, type RdbMagic } from './rdb-header';

const TRAILER_BYTES = 8;
const EOF_OPCODE = 0xff;

export type RdbFailureCode =
  | 'too-short'
  | 'bad-header'
  | 'checksum-not-in-format'
  | 'missing-eof-marker'
  | 'checksum-disabled'
  | 'checksum-mismatch'
  | 'size-mismatch';

export interface RdbVerification {
  valid: boolean;
  /** Set when valid is false: a stable code and a sentence an on-call engineer can act on. */
  failure?: { code: RdbFailureCode; reason: string };
  /** Bytes read. When the header is bad (and no SHA-256 was asked for), reading stops early and this is what was read so far. */
  bytes: number;
  magic?: RdbMagic;
  version?: number;
  /** CRC-64 computed over all bytes except the trailing 8, as 16 hex digits. */
  computedCrc?: string;
  /** The trailing 8 bytes read as a little-endian CRC-64, as 16 hex digits. */
  storedCrc?: string;
  /** SHA-256 of every byte read, hex, when requested: compares copies of one backup across regions. */
  sha256?: string;
}

export interface VerifyRdbOptions {
  /** When given (e.g. the S3 ContentLength), a stream of any other length fails with size-mismatch. */
  expectedBytes?: number;
  /** Also compute the SHA-256 of the whole stream in the same pass (reads the stream to its end). */
  sha256?: boolean;
}

export type ByteSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>;

/**
 * Incremental verifier: push() chunks in order, then finish(). Memory use is a few
 * dozen bytes whatever the file size. Exposed for callers that already have a loop
 * over the bytes (e.g. one that also computes a SHA-256 for the cross-region comparison).
 */
/**
 * Everything an RdbVerifier knows, as JSON-safe values (a few dozen bytes): a verification
 * of a file too big for one Lambda invocation saves it, and the next invocation resumes
 * with `RdbVerifier.resume(state)` from byte `bytes` of the file.
 */
export interface RdbVerifierState {
  crc: { hi: number; lo: number };
  /** Hex of the header bytes seen so far (at most 9). */
  header: string;
  /** Hex of the newest bytes not yet in the CRC (at most 8). */
  pending: string;
  lastCrcByte: number;
  bytes: number;
}

export class RdbVerifier {
  private readonly crc: Crc64;
  private readonly header = new Uint8Array(RDB_HEADER_BYTES);
  private headerLen = 0;
  private parsed: ReturnType<typeof parseRdbHeader> | undefined;
  /** The most recent bytes that have not been added to the CRC yet (at most 8). */
  private readonly pending = new Uint8Array(TRAILER_BYTES);
  private pendingLen = 0;
  /** The last byte added to the CRC: must be the EOF opcode. */
  private lastCrcByte = -1;
  private total = 0;

  constructor(crc: Crc64 = new Crc64()) {
    this.crc = crc;
  }

  /** Continues a verification saved with state(); the next push() must be byte `state.bytes` of the file. */
  static resume(state: RdbVerifierState): RdbVerifier {
    const header = Buffer.from(state.header, 'hex');
    const pending = Buffer.from(state.pending, 'hex');
    if (header.length > RDB_HEADER_BYTES || pending.length > TRAILER_BYTES || !Number.isSafeInteger(state.bytes) || state.bytes < 0) {
      throw new RangeError('not a saved RdbVerifier state');
    }
    const v = new RdbVerifier(new Crc64(state.crc));
    v.header.set(header);
    v.headerLen = header.length;
    if (v.headerLen === RDB_HEADER_BYTES) v.parsed = parseRdbHeader(v.header);
    v.pending.set(pending);
    v.pendingLen = pending.length;
    v.lastCrcByte = state.lastCrcByte;
    v.total = state.bytes;
    return v;
  }

  /** The verifier's state, to resume later. */
  state(): RdbVerifierState {
    return {
      crc: this.crc.state(),
      header: Buffer.from(this.header.subarray(0, this.headerLen)).toString('hex'),
      pending: Buffer.from(this.pending.subarray(0, this.pendingLen)).toString('hex'),
      lastCrcByte: this.lastCrcByte,
      bytes: this.total,
    };
  }

  /** Bytes pushed so far. */
  get bytes(): number {
    return this.total;
  }

  /** Adds the next chunk. Returns false once the header is known to be bad (the caller may stop reading). */
  push(chunk: Uint8Array): boolean {
    const n = chunk.length;
    if (n === 0) return this.headerOk();
    this.total += n;

    if (this.headerLen < RDB_HEADER_BYTES) {
      const take = Math.min(RDB_HEADER_BYTES - this.headerLen, n);
      this.header.set(chunk.subarray(0, take), this.headerLen);
      this.headerLen += take;
      if (this.headerLen === RDB_HEADER_BYTES) this.parsed = parseRdbHeader(this.header);
    }

    if (this.pendingLen + n <= TRAILER_BYTES) {
      this.pending.set(chunk, this.pendingLen);
      this.pendingLen += n;
      return this.headerOk();
    }

    // Everything except the newest 8 bytes (pending + chunk) goes into the CRC.
    const release = this.pendingLen + n - TRAILER_BYTES;
    const fromPending = Math.min(this.pendingLen, release);
    if (fromPending > 0) {
      this.crc.update(this.pending, 0, fromPending);
      this.lastCrcByte = this.pending[fromPending - 1];
      this.pending.copyWithin(0, fromPending, this.pendingLen);
      this.pendingLen -= fromPending;
    }
    const fromChunk = release - fromPending;
    if (fromChunk > 0) {
      this.crc.update(chunk, 0, fromChunk);
      this.lastCrcByte = chunk[fromChunk - 1];
    }
    this.pending.set(chunk.subarray(fromChunk), this.pendingLen);
    this.pendingLen = TRAILER_BYTES;
    return this.headerOk();
  }

  private headerOk(): boolean {
    return this.parsed === undefined || this.parsed.ok;
  }

  /** The verdict for everything pushed so far. */
  finish(options: VerifyRdbOptions = {}): RdbVerification {
    const result: RdbVerification = { valid: false, bytes: this.total };
    const fail = (code: RdbFailureCode, reason: string): RdbVerification => ({ ...result, failure: { code, reason } });

    if (this.parsed === undefined) {
      return fail('too-short', `file has ${this.total} bytes, fewer than the ${RDB_HEADER_BYTES}-byte RDB header`);
    }
    if (!this.parsed.ok) return fail('bad-header', this.parsed.reason);
    result.magic = this.parsed.magic;
    result.version = this.parsed.version;

    if (options.expectedBytes !== undefined && options.expectedBytes !== this.total) {
      return fail(
        'size-mismatch',
        `read ${this.total} bytes but the object is ${options.expectedBytes} bytes: the download was cut short or the size is wrong`,
      );
    }
    if (this.parsed.version < FIRST_CHECKSUMMED_RDB_VERSION) {
      return fail(
        'checksum-not-in-format',
        `RDB version ${this.parsed.version} predates checksums (added in version ${FIRST_CHECKSUMMED_RDB_VERSION}): the file cannot be verified`,
      );
    }
    if (this.total < RDB_HEADER_BYTES + 1 + TRAILER_BYTES) {
      return fail(
        'too-short',
        `file has ${this.total} bytes: an RDB file needs at least ${RDB_HEADER_BYTES + 1 + TRAILER_BYTES} (header, EOF opcode, 8-byte checksum); it is truncated`,
      );
    }

    const p = this.pending;
    const storedLo = (p[0] | (p[1] << 8) | (p[2] << 16) | (p[3] << 24)) >>> 0;
    const storedHi = (p[4] | (p[5] << 8) | (p[6] << 16) | (p[7] << 24)) >>> 0;
    result.storedCrc = crc64Hex(storedHi, storedLo);
    result.computedCrc = this.crc.hex();

    if (this.lastCrcByte !== EOF_OPCODE) {
      return fail(
        'missing-eof-marker',
        `the byte before the 8-byte checksum is 0x${this.lastCrcByte.toString(16).padStart(2, '0')}, not the EOF opcode 0xff: the file is truncated or corrupt`,
      );
    }
    if (storedHi === 0 && storedLo === 0) {
      return fail(
        'checksum-disabled',
        'the stored checksum is 0: the server wrote this file with `rdbchecksum no`, so it cannot be verified',
      );
    }
    if (result.storedCrc !== result.computedCrc) {
      return fail(
        'checksum-mismatch',
        `CRC-64 mismatch: stored ${result.storedCrc}, computed ${result.computedCrc} over ${this.total - TRAILER_BYTES} bytes: the file is corrupt`,
      );
    }
    return { ...result, valid: true };
  }
}

/**
 * Verifies an RDB file read from any byte source: a Node Readable (fs.createReadStream, an S3
 * GetObject Body), an async generator, or an array of Buffers. Stops reading as soon as the
 * header proves the stream is not an RDB file (unless a SHA-256 of the whole stream is asked for). Never throws for bad content; errors of the
 * source itself (network, file system) propagate.
 */
export async function verifyRdb(source: ByteSource, options: VerifyRdbOptions = {}): Promise<RdbVerification> {
  const verifier = new RdbVerifier();
  const hash = options.sha256 ? createHash('sha256') : undefined;
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    if (typeof chunk === 'string')
      throw new TypeError('verifyRdb needs a binary stream, got a string chunk (is an encoding set on the stream?)');
    hash?.update(chunk);
    if (!verifier.push(chunk) && !hash) break;
  }
  const result = verifier.finish(options);
  return hash ? { ...result, sha256: hash.digest('hex') } : result;
}
