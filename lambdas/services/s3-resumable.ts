/**
 * S3 work that may outlast one Lambda invocation (the step Lambdas run at most
 * 2 minutes; a Redis export can be many GB), done in slices against a deadline:
 *
 * - copyObjectResumable: one CopyObject up to `singleCopyMaxBytes`, above that a
 *   multipart UploadPartCopy whose progress lives in S3 itself (the open upload
 *   and its parts), so the next invocation finds it and continues.
 * - compareAndVerifyResumable: reads the same byte range of the two copies of an
 *   object, compares them byte for byte and feeds the bytes to the RDB verifier;
 *   its state (offset + a few dozen bytes of verifier state) is returned to the
 *   workflow and handed back on the next invocation.
 */
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  type Part,
  type S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { RdbVerifier, type RdbVerifierState } from '../domain/rdb/verify-rdb';
import { hasCode, rethrowTyped } from './aws-errors';

export const MiB = 1024 * 1024;

export interface ObjectRef {
  bucket: string;
  key: string;
}

export interface SourceObject extends ObjectRef {
  bytes: number;
  etag: string;
}

/** HeadObject, or undefined when the object does not exist. */
export async function headObject(s3: S3Client, o: ObjectRef): Promise<HeadObjectCommandOutput | undefined> {
  try {
    return await s3.send(new HeadObjectCommand({ Bucket: o.bucket, Key: o.key }));
  } catch (err) {
    if (hasCode(err, 'NotFound', 'NoSuchKey') || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
      return undefined;
    }
    return rethrowTyped(err, `HeadObject s3://${o.bucket}/${o.key}`);
  }
}

/** S3 tagging header value from tags. */
export function taggingHeader(tags: { Key: string; Value: string }[]): string {
  return tags.map((t) => `${encodeURIComponent(t.Key)}=${encodeURIComponent(t.Value)}`).join('&');
}

function copySource(o: ObjectRef): string {
  return `${o.bucket}/${o.key.split('/').map(encodeURIComponent).join('/')}`;
}

export interface CopyOptions {
  /** Client of the target's region (S3 copies are made by the target region). */
  target: S3Client;
  source: SourceObject;
  to: ObjectRef;
  /** Metadata written on the copy; `source-etag` is added, and tells a re-run the copy is done. */
  metadata?: Record<string, string>;
  tags?: { Key: string; Value: string }[];
  /** 'AES256' for SSE-S3; undefined keeps the target bucket's default encryption (SSE-KMS with its CMK). */
  serverSideEncryption?: 'AES256';
  singleCopyMaxBytes: number;
  partBytes: number;
  /** True once the invocation must stop and hand over to the next one. */
  outOfTime: () => boolean;
}

export type CopyOutcome = { state: 'done'; reused: boolean; parts: number } | { state: 'in-progress'; partsDone: number; parts: number };

/** Copies one object, or continues copying it; safe to call again with the same arguments. */
export async function copyObjectResumable(o: CopyOptions): Promise<CopyOutcome> {
  const { target: s3, source, to } = o;
  const existing = await headObject(s3, to);
  if (existing && existing.ContentLength === source.bytes && existing.Metadata?.['source-etag'] === stripQuotes(source.etag)) {
    return { state: 'done', reused: true, parts: 0 };
  }
  const Metadata = { ...(o.metadata ?? {}), 'source-etag': stripQuotes(source.etag) };
  const Tagging = o.tags?.length ? taggingHeader(o.tags) : undefined;
  const where = `copy s3://${source.bucket}/${source.key} to s3://${to.bucket}/${to.key}`;

  if (source.bytes <= o.singleCopyMaxBytes) {
    try {
      await s3.send(
        new CopyObjectCommand({
          Bucket: to.bucket,
          Key: to.key,
          CopySource: copySource(source),
          CopySourceIfMatch: source.etag,
          MetadataDirective: 'REPLACE',
          Metadata,
          ...(Tagging ? { TaggingDirective: 'REPLACE', Tagging } : {}),
          ...(o.serverSideEncryption ? { ServerSideEncryption: o.serverSideEncryption } : {}),
        }),
      );
    } catch (err) {
      rethrowTyped(err, where);
    }
    return { state: 'done', reused: false, parts: 1 };
  }

  const partCount = Math.ceil(source.bytes / o.partBytes);
  try {
    const uploadId = (await findUpload(s3, to)) ?? (await startUpload(s3, to, Metadata, Tagging, o.serverSideEncryption));
    let parts = await listParts(s3, to, uploadId);
    const done = new Set(parts.map((p) => p.PartNumber));
    let copiedNow = 0;
    for (let n = 1; n <= partCount; n++) {
      if (done.has(n)) continue;
      // At least one part per invocation, so every slice makes progress.
      if (copiedNow > 0 && o.outOfTime()) return { state: 'in-progress', partsDone: done.size, parts: partCount };
      const start = (n - 1) * o.partBytes;
      const end = Math.min(source.bytes, start + o.partBytes) - 1;
      await s3.send(
        new UploadPartCopyCommand({
          Bucket: to.bucket,
          Key: to.key,
          UploadId: uploadId,
          PartNumber: n,
          CopySource: copySource(source),
          CopySourceIfMatch: source.etag,
          CopySourceRange: `bytes=${start}-${end}`,
        }),
      );
      done.add(n);
      copiedNow++;
    }
    parts = await listParts(s3, to, uploadId);
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: to.bucket,
        Key: to.key,
        UploadId: uploadId,
        MultipartUpload: {
          Parts: parts.sort((a, b) => a.PartNumber! - b.PartNumber!).map((p) => ({ ETag: p.ETag, PartNumber: p.PartNumber })),
        },
      }),
    );
  } catch (err) {
    rethrowTyped(err, where);
  }
  return { state: 'done', reused: false, parts: partCount };
}

function stripQuotes(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}

async function findUpload(s3: S3Client, to: ObjectRef): Promise<string | undefined> {
  const out = await s3.send(new ListMultipartUploadsCommand({ Bucket: to.bucket, Prefix: to.key }));
  const mine = (out.Uploads ?? []).filter((u) => u.Key === to.key && u.UploadId);
  mine.sort((a, b) => (b.Initiated?.getTime() ?? 0) - (a.Initiated?.getTime() ?? 0));
  return mine[0]?.UploadId;
}

async function startUpload(
  s3: S3Client,
  to: ObjectRef,
  Metadata: Record<string, string>,
  Tagging: string | undefined,
  sse: 'AES256' | undefined,
): Promise<string> {
  const out = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: to.bucket,
      Key: to.key,
      Metadata,
      ...(Tagging ? { Tagging } : {}),
      ...(sse ? { ServerSideEncryption: sse } : {}),
    }),
  );
  return out.UploadId!;
}

async function listParts(s3: S3Client, to: ObjectRef, uploadId: string): Promise<Part[]> {
  const parts: Part[] = [];
  let marker: string | undefined;
  for (;;) {
    const out = await s3.send(new ListPartsCommand({ Bucket: to.bucket, Key: to.key, UploadId: uploadId, PartNumberMarker: marker }));
    parts.push(...(out.Parts ?? []));
    if (!out.IsTruncated || !out.NextPartNumberMarker) return parts;
    marker = out.NextPartNumberMarker;
  }
}

// ---- comparing the two copies and verifying the RDB content -----------------

export interface CompareState {
  /** Next byte to read. */
  offset: number;
  verifier: RdbVerifierState;
}

export interface CompareOptions {
  primary: { s3: S3Client; object: ObjectRef; etag: string };
  backup: { s3: S3Client; object: ObjectRef; etag: string };
  bytes: number;
  chunkBytes: number;
  state?: CompareState;
  outOfTime: () => boolean;
}

export type CompareOutcome =
  | { state: 'in-progress'; resume: CompareState }
  | { state: 'done'; comparedBytes: number; firstDifferenceAt?: number; verifier: RdbVerifier };

async function readRange(s3: S3Client, o: ObjectRef, etag: string, start: number, end: number): Promise<Uint8Array> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: o.bucket, Key: o.key, Range: `bytes=${start}-${end}`, IfMatch: etag }));
    return await out.Body!.transformToByteArray();
  } catch (err) {
    return rethrowTyped(err, `GetObject s3://${o.bucket}/${o.key} bytes ${start}-${end}`);
  }
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/**
 * Reads both copies range by range (memory: two chunks), stops at the first
 * difference, and returns either the verdict inputs or the state to resume from.
 * Both reads are pinned to the ETag seen at the start (IfMatch), so an object
 * replaced half-way fails instead of comparing two different files.
 */
export async function compareAndVerifyResumable(o: CompareOptions): Promise<CompareOutcome> {
  let offset = o.state?.offset ?? 0;
  const verifier = o.state ? RdbVerifier.resume(o.state.verifier) : new RdbVerifier();
  let readNow = 0;
  while (offset < o.bytes) {
    // At least one range per invocation, so every slice makes progress.
    if (readNow > 0 && o.outOfTime()) return { state: 'in-progress', resume: { offset, verifier: verifier.state() } };
    readNow++;
    const end = Math.min(o.bytes, offset + o.chunkBytes) - 1;
    const [a, b] = await Promise.all([
      readRange(o.primary.s3, o.primary.object, o.primary.etag, offset, end),
      readRange(o.backup.s3, o.backup.object, o.backup.etag, offset, end),
    ]);
    const diff = firstDifference(a, b);
    if (diff >= 0) return { state: 'done', comparedBytes: offset + diff, firstDifferenceAt: offset + diff, verifier };
    if (a.length !== end - offset + 1) {
      return { state: 'done', comparedBytes: offset + a.length, verifier };
    }
    verifier.push(a);
    offset = end + 1;
  }
  return { state: 'done', comparedBytes: offset, verifier };
}

/** The deadline of one slice: true once `sliceMs` have passed since the call. */
export function sliceDeadline(now: () => Date, sliceMs: number): () => boolean {
  const until = now().getTime() + sliceMs;
  return () => now().getTime() >= until;
}
