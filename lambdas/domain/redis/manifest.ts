/**
 * The verified marker's content: what a restore needs to know about a backup
 * without asking ElastiCache (in the backup region the source group and its
 * snapshot do not exist). Pure.
 */
import type { ObjectCheck } from './verify-copies';

export interface ExportedObject {
  key: string;
  bytes: number;
  /** RDB format of the file, e.g. "REDIS 11" or "VALKEY 80". */
  rdb: string;
  /** CRC-64 (Redis variant) stored in the file and recomputed over it, 16 hex digits. */
  crc64: string;
}

export interface RedisBackupManifest {
  kind: 'muejam-backup-dr/redis-backup';
  version: 1;
  deploymentId: string;
  replicationGroupId: string;
  backupName: string;
  /** The UTC day of the backup, YYYY-MM-DD. */
  backupDay: string;
  snapshotCreatedAt?: string;
  verifiedAt: string;
  engine?: string;
  engineVersion?: string;
  cacheNodeType?: string;
  /** Shards of the source group (one exported object each). */
  numNodeGroups: number;
  clusterModeEnabled: boolean;
  objects: ExportedObject[];
  execution: string;
}

/** Parses a marker read back from S3; undefined when it is not a manifest of this system. */
export function parseManifest(text: string): RedisBackupManifest | undefined {
  try {
    const m = JSON.parse(text) as Partial<RedisBackupManifest>;
    if (m?.kind !== 'muejam-backup-dr/redis-backup' || m.version !== 1) return undefined;
    if (
      typeof m.backupName !== 'string' ||
      typeof m.replicationGroupId !== 'string' ||
      !Array.isArray(m.objects) ||
      m.objects.length === 0
    ) {
      return undefined;
    }
    if (m.objects.some((o) => typeof o?.key !== 'string' || typeof o?.bytes !== 'number')) return undefined;
    return m as RedisBackupManifest;
  } catch {
    return undefined;
  }
}

/** What the verify step knows when every object passed: the backup, its snapshot's record and the checked objects. */
export interface ManifestFacts {
  deploymentId: string;
  backup: {
    replicationGroupId: string;
    backupName: string;
    backupTime: string;
    engine?: string;
    cacheNodeType?: string;
    numNodeGroups: number;
    clusterModeEnabled: boolean;
  };
  /** The ElastiCache snapshot's record (absent when it is gone); it wins over the group's facts of step 1. */
  snapshot?: { createdAt?: string; engine?: string; engineVersion?: string; cacheNodeType?: string };
  verifiedAt: string;
  /** Checks that all passed: sizes known and a valid RDB each. */
  checks: ObjectCheck[];
  execution: string;
}

/** The verified marker's content for a backup whose every object passed verification. */
export function buildRedisBackupManifest(f: ManifestFacts): RedisBackupManifest {
  return {
    kind: 'muejam-backup-dr/redis-backup',
    version: 1,
    deploymentId: f.deploymentId,
    replicationGroupId: f.backup.replicationGroupId,
    backupName: f.backup.backupName,
    backupDay: f.backup.backupTime.slice(0, 10),
    snapshotCreatedAt: f.snapshot?.createdAt,
    verifiedAt: f.verifiedAt,
    engine: f.snapshot?.engine ?? f.backup.engine,
    engineVersion: f.snapshot?.engineVersion,
    cacheNodeType: f.snapshot?.cacheNodeType ?? f.backup.cacheNodeType,
    numNodeGroups: f.backup.numNodeGroups,
    clusterModeEnabled: f.backup.clusterModeEnabled,
    objects: f.checks.map((c) => ({
      key: c.key,
      bytes: c.primaryBytes!,
      rdb: `${c.rdb!.magic} ${c.rdb!.version}`,
      crc64: c.rdb!.storedCrc!,
    })),
    execution: f.execution,
  };
}
