/**
 * A small in-memory S3 behind aws-sdk-client-mock, for the Redis workflow tests:
 * buckets with objects (bytes, ETag, metadata, tags, versions), and the calls the
 * Redis steps make. Buckets are global by name, as in S3; the test decides which
 * bucket lives in which region by the names it uses.
 */
import { createHash } from 'node:crypto';
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { AwsStub } from 'aws-sdk-client-mock';

export interface FakeObject {
  bytes: Buffer;
  etag: string;
  metadata: Record<string, string>;
  tags: Record<string, string>;
  sse?: string;
  versionId: string;
}

const awsError = (name: string, status: number, message = name) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

function parseTagging(t: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (t ?? '').split('&').filter(Boolean)) {
    const [k, v = ''] = pair.split('=');
    out[decodeURIComponent(k)] = decodeURIComponent(v);
  }
  return out;
}

export class FakeS3 {
  readonly buckets = new Map<string, Map<string, FakeObject>>();
  /** Every deleted version, for assertions. */
  readonly deleted: string[] = [];
  /** Called on each CopyObject after the copy is made (tests corrupt copies here). */
  onCopy?: (bucket: string, key: string, obj: FakeObject) => void;
  private version = 0;

  bucket(name: string): Map<string, FakeObject> {
    let b = this.buckets.get(name);
    if (!b) {
      b = new Map();
      this.buckets.set(name, b);
    }
    return b;
  }

  put(bucket: string, key: string, bytes: Buffer, extra: Partial<FakeObject> = {}): FakeObject {
    const obj: FakeObject = {
      bytes,
      etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
      metadata: {},
      tags: {},
      versionId: `v${++this.version}`,
      ...extra,
    };
    this.bucket(bucket).set(key, obj);
    return obj;
  }

  get(bucket: string, key: string): FakeObject | undefined {
    return this.buckets.get(bucket)?.get(key);
  }

  private must(bucket: string, key: string): FakeObject {
    const o = this.get(bucket, key);
    if (!o) throw awsError('NoSuchKey', 404, `no such key s3://${bucket}/${key}`);
    return o;
  }

  /** Wires the fake into a mocked S3Client. */
  install(s3: AwsStub<any, any, any>): void {
    s3.on(ListObjectsV2Command).callsFake(async (i) => {
      const entries = [...this.bucket(i.Bucket).entries()]
        .filter(([k]) => k.startsWith(i.Prefix ?? ''))
        .sort(([a], [b]) => a.localeCompare(b));
      return { Contents: entries.map(([Key, o]) => ({ Key, Size: o.bytes.length, ETag: o.etag })), IsTruncated: false };
    });
    s3.on(HeadObjectCommand).callsFake(async (i) => {
      const o = this.get(i.Bucket, i.Key);
      if (!o) throw awsError('NotFound', 404);
      return { ContentLength: o.bytes.length, ETag: o.etag, Metadata: o.metadata, ServerSideEncryption: o.sse };
    });
    s3.on(GetObjectCommand).callsFake(async (i) => {
      const o = this.must(i.Bucket, i.Key);
      if (i.IfMatch && i.IfMatch !== o.etag) throw awsError('PreconditionFailed', 412);
      let bytes = o.bytes;
      const m = /^bytes=(\d+)-(\d+)$/.exec(i.Range ?? '');
      if (m) bytes = o.bytes.subarray(Number(m[1]), Number(m[2]) + 1);
      return {
        ContentLength: bytes.length,
        ETag: o.etag,
        Body: { transformToByteArray: async () => new Uint8Array(bytes), transformToString: async () => bytes.toString('utf8') },
      };
    });
    s3.on(PutObjectCommand).callsFake(async (i) => {
      const body = typeof i.Body === 'string' ? Buffer.from(i.Body) : Buffer.from(i.Body as Uint8Array);
      const o = this.put(i.Bucket, i.Key, body, { tags: parseTagging(i.Tagging), sse: i.ServerSideEncryption });
      return { ETag: o.etag };
    });
    s3.on(CopyObjectCommand).callsFake(async (i) => {
      const [srcBucket, ...rest] = String(i.CopySource).split('/');
      const src = this.must(srcBucket, rest.map(decodeURIComponent).join('/'));
      if (i.CopySourceIfMatch && i.CopySourceIfMatch !== src.etag) throw awsError('PreconditionFailed', 412);
      const copy = this.put(i.Bucket, i.Key, Buffer.from(src.bytes), {
        metadata: i.MetadataDirective === 'REPLACE' ? { ...(i.Metadata ?? {}) } : { ...src.metadata },
        tags: i.TaggingDirective === 'REPLACE' ? parseTagging(i.Tagging) : { ...src.tags },
        sse: i.ServerSideEncryption,
      });
      this.onCopy?.(i.Bucket, i.Key, copy);
      return { CopyObjectResult: { ETag: copy.etag } };
    });
    s3.on(GetObjectTaggingCommand).callsFake(async (i) => {
      const o = this.must(i.Bucket, i.Key);
      return { TagSet: Object.entries(o.tags).map(([Key, Value]) => ({ Key, Value })) };
    });
    s3.on(PutObjectTaggingCommand).callsFake(async (i) => {
      const o = this.must(i.Bucket, i.Key);
      o.tags = Object.fromEntries((i.Tagging?.TagSet ?? []).map((t: { Key: string; Value: string }) => [t.Key, t.Value]));
      return {};
    });
    s3.on(ListObjectVersionsCommand).callsFake(async (i) => {
      const entries = [...this.bucket(i.Bucket).entries()].filter(([k]) => k.startsWith(i.Prefix ?? ''));
      return { Versions: entries.map(([Key, o]) => ({ Key, VersionId: o.versionId })), DeleteMarkers: [], IsTruncated: false };
    });
    s3.on(DeleteObjectsCommand).callsFake(async (i) => {
      for (const o of i.Delete?.Objects ?? []) {
        this.bucket(i.Bucket).delete(o.Key);
        this.deleted.push(`${i.Bucket}/${o.Key}`);
      }
      return { Deleted: (i.Delete?.Objects ?? []).map((o: { Key: string }) => ({ Key: o.Key })) };
    });
  }
}

export { S3Client };
