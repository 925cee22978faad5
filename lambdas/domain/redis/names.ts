/**
 * Names of everything the Redis backup makes, derived from the schedule so a
 * re-run finds what an earlier run of the same day made. Pure: no AWS SDK.
 *
 * - ElastiCache snapshot (primary region): `<prefix>-<group>-<YYYYMMDD>`, one per group per UTC day.
 * - Exported objects: ElastiCache appends `-<4-digit shard number>.rdb` to the export name, so an
 *   export of a cluster-mode group with 3 shards is `<name>-0001.rdb` .. `<name>-0003.rdb`.
 *   The export name is the snapshot name; the objects sit at the bucket root (where ElastiCache writes).
 * - Verified marker: `verified/<group>/<name>.json`, written in each region's bucket once both
 *   copies passed; restore lists these to find the newest verified backup (one List call, no N+1).
 * - Restore staging copies: `restore-staging/<target group>/<object key>`.
 */
import { InvalidInput } from '../../errors';

export const REDIS_GROUP_RULE = '1-40 letters, digits and hyphens; starts with a letter; no "--"; does not end with "-"';
const GROUP = /^[a-zA-Z][a-zA-Z0-9-]*$/;

/** Validates an ElastiCache replication group id; throws InvalidInput naming the field. */
export function validateRedisGroupId(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidInput(field, `is required: ${REDIS_GROUP_RULE}`);
  if (value.length > 40) throw new InvalidInput(field, `"${value}" is ${value.length} characters long; at most 40 are allowed`);
  if (!GROUP.test(value) || value.includes('--') || value.endsWith('-')) {
    throw new InvalidInput(field, `"${value}" is not a valid replication group id (${REDIS_GROUP_RULE})`);
  }
  return value;
}

/** A replication group id this deployment protects (`groups`), or InvalidInput naming the field and the protected groups. */
export function validateProtectedRedisGroup(field: string, value: unknown, groups: readonly string[]): string {
  const group = validateRedisGroupId(field, value);
  if (!groups.includes(group)) {
    const allowed = groups.length ? groups.join(', ') : '(none configured)';
    throw new InvalidInput(field, `unknown replication group "${group}"; this deployment protects: ${allowed}`);
  }
  return group;
}

/** A daily Redis backup name of this system (`<prefix>-<group>-YYYYMMDD`), or InvalidInput naming the field. */
export function validateRedisBackupName(field: string, value: unknown, prefix: string): string {
  if (typeof value !== 'string' || !value.startsWith(`${prefix}-`) || !/^[a-z][a-z0-9-]*-\d{8}$/.test(value)) {
    throw new InvalidInput(field, `${JSON.stringify(value)} is not a Redis backup name of this system (${prefix}-<group>-YYYYMMDD)`);
  }
  return value;
}

/** `YYYYMMDD` of the UTC day containing `at`. */
export function dayStamp(at: Date): string {
  return at.toISOString().slice(0, 10).replace(/-/g, '');
}

/** The day's backup name of `group`: `<prefix>-<group>-<YYYYMMDD>`, lower-cased (ElastiCache stores ids lower-case). */
export function redisBackupName(prefix: string, group: string, at: Date): string {
  return `${prefix}-${group}-${dayStamp(at)}`.toLowerCase();
}

const BACKUP_NAME = /^[a-z][a-z0-9-]*-(\d{8})$/;

/** Validates a backup name as this system makes them; returns its UTC day. */
export function parseRedisBackupName(field: string, value: unknown, prefix: string, group?: string): { name: string; day: string } {
  const expected = `${prefix}-${group ?? '<group>'}-YYYYMMDD`;
  if (typeof value !== 'string' || !BACKUP_NAME.test(value) || value.includes('--') || value.length > 255) {
    throw new InvalidInput(field, `${JSON.stringify(value)} is not a backup name of this system (${expected}, lower-case)`);
  }
  if (!value.startsWith(`${prefix}-`) || (group !== undefined && !value.startsWith(`${prefix}-${group.toLowerCase()}-`))) {
    throw new InvalidInput(field, `"${value}" does not belong to ${group ?? 'this deployment'}: expected ${expected}`);
  }
  return { name: value, day: BACKUP_NAME.exec(value)![1] };
}

/** The object key ElastiCache writes for shard `shard` (1-based) of export `name`. */
export function exportObjectKey(name: string, shard: number): string {
  return `${name}-${String(shard).padStart(4, '0')}.rdb`;
}

/** The shard number when `key` is an object of export `name` (`<name>-NNNN.rdb`), else undefined. */
export function exportShardOf(name: string, key: string): number | undefined {
  if (!key.startsWith(`${name}-`) || !key.endsWith('.rdb')) return undefined;
  const digits = key.slice(name.length + 1, -4);
  return /^\d{4}$/.test(digits) && Number(digits) > 0 ? Number(digits) : undefined;
}

export const VERIFIED_PREFIX = 'verified/';

export function verifiedMarkerKey(group: string, name: string): string {
  return `${VERIFIED_PREFIX}${group.toLowerCase()}/${name}.json`;
}

/** The backup name of a verified marker key of `group`, else undefined. */
export function backupNameOfMarker(group: string, key: string): string | undefined {
  const prefix = `${VERIFIED_PREFIX}${group.toLowerCase()}/`;
  if (!key.startsWith(prefix) || !key.endsWith('.json')) return undefined;
  const name = key.slice(prefix.length, -5);
  return name.includes('/') || name === '' ? undefined : name;
}

export const STAGING_PREFIX = 'restore-staging/';

export function stagingKey(targetGroup: string, objectKey: string): string {
  return `${STAGING_PREFIX}${targetGroup.toLowerCase()}/${objectKey}`;
}

/**
 * The export bucket of a deployment in one region: `muejam-<deployment>-redis-<account>-<region>`
 * (at most 7+20+7+12+1+14 = 61 characters, under S3's 63). Deterministic, so the primary
 * stack's Lambdas know the backup region's bucket without a cross-region reference.
 */
export function redisBucketName(deploymentId: string, account: string, region: string): string {
  return `muejam-${deploymentId}-redis-${account}-${region}`;
}

/** ARN partition of a region (aws, aws-cn, aws-us-gov). */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The S3 object ARN ElastiCache takes in SnapshotArns to seed a new group. */
export function s3ObjectArn(region: string, bucket: string, key: string): string {
  return `arn:${partitionOfRegion(region)}:s3:::${bucket}/${key}`;
}

export const CLUSTER_SLOTS = 16384;

/**
 * Hash slots split evenly over `shards` node groups, as ElastiCache's
 * NodeGroupConfiguration takes them ("0-5461"), for seeding a cluster-mode group.
 */
export function evenSlotRanges(shards: number): string[] {
  if (!Number.isInteger(shards) || shards < 1 || shards > 500) throw new RangeError('shards must be a whole number from 1 to 500');
  const ranges: string[] = [];
  for (let i = 0; i < shards; i++) {
    const start = Math.floor((i * CLUSTER_SLOTS) / shards);
    const end = Math.floor(((i + 1) * CLUSTER_SLOTS) / shards) - 1;
    ranges.push(`${start}-${end}`);
  }
  return ranges;
}

/**
 * The engine version to ask CreateReplicationGroup for: Redis OSS 6+ and Valkey are
 * chosen by major.minor ("7.1"), while snapshots report the full version ("7.1.0");
 * older versions (5.0.6) keep all three parts.
 */
export function requestableEngineVersion(version: string | undefined): string | undefined {
  if (!version) return undefined;
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  if (!m) return version.trim();
  return Number(m[1]) >= 6 ? `${m[1]}.${m[2]}` : version.trim();
}
