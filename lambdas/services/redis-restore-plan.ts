/** The plan of a Redis restore (decided once by the validate step of state-machines/redis-restore.asl.json) and the staging result. */
import type { RedisBuckets } from './redis-config';

/** Tag on a restored group: the backup it was seeded from. */
export const RESTORED_FROM_TAG = 'muejam:restored-from';

export interface RedisRestoreOptions {
  buckets: RedisBuckets;
  sliceMs?: number;
  singleCopyMaxBytes?: number;
  partBytes?: number;
}

/** Everything the later steps need, decided once by the validate step. */
export interface RedisRestorePlan {
  replicationGroupId: string;
  sourceReplicationGroupId: string;
  region: string;
  regionRole: 'primary' | 'backup';
  bucket: string;
  backupName: string;
  backupDay: string;
  verifiedAt: string;
  objects: { key: string; bytes: number; etag: string; stagingKey: string }[];
  engine: string;
  engineVersion?: string;
  cacheNodeType: string;
  clusterModeEnabled: boolean;
  numNodeGroups: number;
  replicasPerNodeGroup: number;
  cacheSubnetGroupName?: string;
  securityGroupIds?: string[];
  cacheParameterGroupName?: string;
  /** True when the group already exists as a restore of this very backup (a re-run). */
  alreadyRestored: boolean;
}

export interface StageResult {
  done: boolean;
  progress?: { index: number };
  snapshotArns: string[];
}
