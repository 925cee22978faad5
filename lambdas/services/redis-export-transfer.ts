/**
 * The two long steps of a Redis backup over S3, one slice at a time against a
 * deadline (a Lambda has 2 minutes; an export can be many GB): copy the exported
 * objects to the backup-region bucket, then compare the two copies byte for byte
 * while checking the RDB format. Each returns the progress to hand back when the
 * slice ran out, so the ASL loops until `done`.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Tag } from '../domain/backup/ownership-tags';
import type { ObjectCheck } from '../domain/redis/verify-copies';
import type { ExportedObjects } from './redis-backup-types';
import { type CompareState, compareAndVerifyResumable, copyObjectResumable, headObject } from './s3-resumable';

export interface CopySlice {
  target: S3Client;
  exported: ExportedObjects;
  /** The backup-region bucket. */
  bucket: string;
  startIndex: number;
  metadata: Record<string, string>;
  tags: Tag[];
  singleCopyMaxBytes: number;
  partBytes: number;
  outOfTime: () => boolean;
}

export type CopySliceOutcome =
  | { done: false; progress: { index: number; partsDone?: number; parts?: number } }
  | { done: true; reused: boolean };

/** Copies the exported objects from `startIndex` on; a finished copy (same size and source ETag) is skipped. */
export async function copyExportSlice(o: CopySlice): Promise<CopySliceOutcome> {
  let reusedAll = true;
  for (let i = o.startIndex; i < o.exported.objects.length; i++) {
    const obj = o.exported.objects[i];
    const outcome = await copyObjectResumable({
      target: o.target,
      source: { bucket: o.exported.bucket, key: obj.key, bytes: obj.bytes, etag: obj.etag },
      to: { bucket: o.bucket, key: obj.key },
      metadata: o.metadata,
      tags: o.tags,
      singleCopyMaxBytes: o.singleCopyMaxBytes,
      partBytes: o.partBytes,
      outOfTime: o.outOfTime,
    });
    if (outcome.state === 'in-progress') return { done: false, progress: { index: i, partsDone: outcome.partsDone, parts: outcome.parts } };
    reusedAll &&= outcome.reused;
    if (i + 1 < o.exported.objects.length && o.outOfTime()) return { done: false, progress: { index: i + 1 } };
  }
  return { done: true, reused: reusedAll };
}

export interface CompareProgress {
  index: number;
  checks: ObjectCheck[];
  compare?: CompareState;
}

export interface CompareSlice {
  primary: S3Client;
  backup: S3Client;
  exported: ExportedObjects;
  /** The backup-region bucket holding the copies. */
  copyBucket: string;
  progress?: CompareProgress | null;
  chunkBytes: number;
  outOfTime: () => boolean;
}

/** Checks each object in both regions (size, byte-for-byte equality, RDB format); `checks` once every object was looked at. */
export async function compareExportSlice(
  o: CompareSlice,
): Promise<{ done: false; progress: CompareProgress } | { done: true; checks: ObjectCheck[] }> {
  const checks: ObjectCheck[] = [...(o.progress?.checks ?? [])];
  let compare = o.progress?.compare;
  for (let i = o.progress?.index ?? 0; i < o.exported.objects.length; i++) {
    const key = o.exported.objects[i].key;
    const [p, b] = await Promise.all([
      headObject(o.primary, { bucket: o.exported.bucket, key }),
      headObject(o.backup, { bucket: o.copyBucket, key }),
    ]);
    const check: ObjectCheck = { key, primaryBytes: p?.ContentLength, backupBytes: b?.ContentLength, comparedBytes: 0 };
    if (p && b && p.ContentLength === b.ContentLength && p.ETag && b.ETag) {
      const outcome = await compareAndVerifyResumable({
        primary: { s3: o.primary, object: { bucket: o.exported.bucket, key }, etag: p.ETag },
        backup: { s3: o.backup, object: { bucket: o.copyBucket, key }, etag: b.ETag },
        bytes: p.ContentLength!,
        chunkBytes: o.chunkBytes,
        state: compare,
        outOfTime: o.outOfTime,
      });
      if (outcome.state === 'in-progress') return { done: false, progress: { index: i, checks, compare: outcome.resume } };
      check.comparedBytes = outcome.comparedBytes;
      if (outcome.firstDifferenceAt !== undefined) check.firstDifferenceAt = outcome.firstDifferenceAt;
      else check.rdb = outcome.verifier.finish({ expectedBytes: p.ContentLength });
    }
    compare = undefined;
    checks.push(check);
    if (i + 1 < o.exported.objects.length && o.outOfTime()) return { done: false, progress: { index: i + 1, checks } };
  }
  return { done: true, checks };
}
