/** The inputs and results of the Redis backup steps (state-machines/redis-backup.asl.json), handed from state to state. */
import type { ExportedObject } from '../domain/redis/manifest';
import type { QuotaHeadroom } from '../domain/redis/quota';
import type { ObjectCheck, RedisVerification } from '../domain/redis/verify-copies';
import type { ExecutionRef } from './execution-ref';
import type { RedisBuckets } from './redis-config';
import type { CompareState } from './s3-resumable';

export interface RedisBackupOptions {
  buckets: RedisBuckets;
  /** Working time of one copy/verify invocation before it hands over (ms). Default 90 s of the 2-minute Lambda. */
  sliceMs?: number;
  /** Objects up to this size are copied with one CopyObject (default 1 GiB). */
  singleCopyMaxBytes?: number;
  /** Part size of multipart copies (default 256 MiB; S3 allows 5 MiB..5 GiB). */
  partBytes?: number;
  /** Range size of the byte-for-byte comparison (default 8 MiB; two are held at once). */
  chunkBytes?: number;
  /** Days the group's ElastiCache snapshots are kept (default 30; the buckets' lifecycle keeps the exports as long). */
  retentionDays?: number;
}

export interface CreateRedisBackupRequest {
  replicationGroupId?: unknown;
  scheduledTime?: unknown;
}

/** Step 1's result: the day's snapshot of one group. */
export interface RedisBackupRef {
  replicationGroupId: string;
  backupName: string;
  region: string;
  backupTime: string;
  /** True when a re-run found the day's snapshot already made (no second manual backup). */
  reused: boolean;
  engine?: string;
  cacheNodeType?: string;
  clusterModeEnabled: boolean;
  numNodeGroups: number;
  quota?: QuotaHeadroom;
}

export interface RedisExportRef {
  bucket: string;
  region: string;
  backupName: string;
  expectedObjects: number;
  requestedAt: string;
  reused: boolean;
}

export interface ExportedObjectRef {
  key: string;
  bytes: number;
  etag: string;
}

export interface ExportedObjects {
  bucket: string;
  region: string;
  objects: ExportedObjectRef[];
  totalBytes: number;
}

export interface CopyProgressInput {
  backup: RedisBackupRef;
  exported: ExportedObjects;
  /** From the previous slice; absent on the first call. */
  progress?: { index: number } | null;
}

export interface CopyResult {
  done: boolean;
  progress?: { index: number; partsDone?: number; parts?: number };
  bucket: string;
  region: string;
  keys: string[];
  copiedAt?: string;
  reused?: boolean;
}

export interface VerifyProgressInput {
  backup: RedisBackupRef;
  exported: ExportedObjects;
  copy: CopyResult;
  progress?: { index: number; checks: ObjectCheck[]; compare?: CompareState } | null;
}

export interface RedisBackupVerification extends RedisVerification {
  done: boolean;
  progress?: { index: number; checks: ObjectCheck[]; compare?: CompareState };
  backupName?: string;
  verifiedAt?: string;
  objects?: ExportedObject[];
  markers?: string[];
}

/** What BackupService.backupRedisData needs of the Redis backup service. */
export interface RedisSnapshotMaker {
  createRedisBackup(request: CreateRedisBackupRequest, execution: ExecutionRef): Promise<RedisBackupRef>;
}
