/**
 * The Redis buckets at the S3 SDK boundary, shared by the Redis backup and
 * restore services: the exported `.rdb` objects of a backup, the verified
 * markers (manifests) and the staged copies of a restore.
 */
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandOutput,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type Tag, TAG, tagsToRecord } from '../domain/backup/ownership-tags';
import { parseManifest, type RedisBackupManifest } from '../domain/redis/manifest';
import { backupNameOfMarker, exportShardOf, VERIFIED_PREFIX } from '../domain/redis/names';
import { hasCode, rethrowTyped } from './aws-errors';
import type { ExportedObjectRef } from './redis-backup-types';
import { taggingHeader } from './s3-resumable';

/** The objects of export `name` in `bucket`, sorted by shard (paginated). */
export async function listExportedObjects(s3: S3Client, bucket: string, name: string): Promise<ExportedObjectRef[]> {
  const found: ExportedObjectRef[] = [];
  let token: string | undefined;
  do {
    try {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${name}-`, ContinuationToken: token }));
      for (const o of out.Contents ?? []) {
        if (o.Key && exportShardOf(name, o.Key) !== undefined) found.push({ key: o.Key, bytes: o.Size ?? 0, etag: o.ETag ?? '' });
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } catch (err) {
      return rethrowTyped(err, `ListObjectsV2 s3://${bucket}/${name}-*`);
    }
  } while (token);
  return found.sort((a, b) => a.key.localeCompare(b.key));
}

/** Writes a verified marker (the backup's manifest) with the ownership tags. */
export async function writeVerifiedMarker(s3: S3Client, bucket: string, key: string, manifest: RedisBackupManifest, tags: Tag[]) {
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: JSON.stringify(manifest, null, 2),
        ContentType: 'application/json',
        Tagging: taggingHeader(tags),
      }),
    );
  } catch (err) {
    rethrowTyped(err, `PutObject s3://${bucket}/${key}`);
  }
}

/** Adds ownership tags and muejam:verified-at to an object, keeping its other tags (S3 allows 10). */
export async function tagObjectVerified(s3: S3Client, bucket: string, key: string, tags: Tag[], at: string): Promise<void> {
  try {
    const current = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
    const merged = { ...tagsToRecord(current.TagSet), ...tagsToRecord(tags), [TAG.verifiedAt]: at };
    const TagSet = Object.entries(merged)
      .slice(0, 10)
      .map(([Key, Value]) => ({ Key, Value }));
    await s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: key, Tagging: { TagSet } }));
  } catch (err) {
    rethrowTyped(err, `tag s3://${bucket}/${key} verified`);
  }
}

/** One region's side of a verified backup: its client, bucket and the ownership tags its objects carry. */
export interface VerifiedSide {
  s3: S3Client;
  bucket: string;
  tags: Tag[];
}

/** Writes the verified marker in each bucket and tags every object of the backup verified there. */
export async function markVerified(
  sides: VerifiedSide[],
  o: { markerKey: string; manifest: RedisBackupManifest; keys: string[]; at: string },
): Promise<void> {
  await Promise.all(
    sides.flatMap((side) => [
      writeVerifiedMarker(side.s3, side.bucket, o.markerKey, o.manifest, side.tags),
      ...o.keys.map((key) => tagObjectVerified(side.s3, side.bucket, key, side.tags, o.at)),
    ]),
  );
}

/** The manifest in a verified marker; undefined when there is none (or it is not one of this system's). */
export async function readVerifiedManifest(s3: S3Client, bucket: string, key: string): Promise<RedisBackupManifest | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return parseManifest(await out.Body!.transformToString());
  } catch (err) {
    if (hasCode(err, 'NoSuchKey', 'NotFound')) return undefined;
    return rethrowTyped(err, `GetObject s3://${bucket}/${key}`);
  }
}

/** The names of the group's verified backups in `bucket`, oldest first. */
export async function verifiedBackupNames(s3: S3Client, bucket: string, group: string): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  const prefix = `${VERIFIED_PREFIX}${group.toLowerCase()}/`;
  do {
    try {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of out.Contents ?? []) {
        const n = o.Key ? backupNameOfMarker(group, o.Key) : undefined;
        if (n) names.push(n);
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } catch (err) {
      return rethrowTyped(err, `ListObjectsV2 s3://${bucket}/${prefix}`);
    }
  } while (token);
  // Names end in YYYYMMDD after the same prefix: the lexical order is the time order.
  return names.sort();
}

/** Deletes every version and delete marker under `prefix` (paginated); returns how many. */
export async function deleteEveryVersion(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  let deleted = 0;
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  do {
    let out: ListObjectVersionsCommandOutput;
    try {
      out = await s3.send(
        new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker: keyMarker, VersionIdMarker: versionMarker }),
      );
    } catch (err) {
      return rethrowTyped(err, `ListObjectVersions s3://${bucket}/${prefix}`);
    }
    const victims = [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])]
      .filter((v) => v.Key)
      .map((v) => ({ Key: v.Key!, VersionId: v.VersionId }));
    if (victims.length) {
      try {
        await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: victims, Quiet: true } }));
      } catch (err) {
        rethrowTyped(err, `DeleteObjects s3://${bucket}/${prefix}`);
      }
      deleted += victims.length;
    }
    keyMarker = out.IsTruncated ? out.NextKeyMarker : undefined;
    versionMarker = out.IsTruncated ? out.NextVersionIdMarker : undefined;
  } while (keyMarker);
  return deleted;
}
