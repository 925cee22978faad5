/**
 * Validation of a Redis restore request typed by an operator (CLI, console) at 3 a.m.
 * Every problem names the field and what is allowed; unknown fields are refused so a
 * typo ("nodetype") is not silently ignored. Pure.
 */
import { InvalidInput } from '../../errors';
import { parseRedisBackupName, validateRedisGroupId } from './names';
import { redisRestoreInput } from '../inputs/redis-restore';
import { parseInput } from '../inputs/strict';

export interface RestoreRequestContext {
  primaryRegion: string;
  backupRegion: string;
  /** The groups this deployment protects (and backs up). */
  redisGroups: string[];
  snapshotPrefix: string;
}

export interface RedisRestoreRequest {
  /** Protected group whose backup is restored. */
  sourceReplicationGroupId: string;
  /** The NEW group to create (named replicationGroupId so alerts name it): never one of the protected groups. */
  replicationGroupId: string;
  region: string;
  regionRole: 'primary' | 'backup';
  /** A named backup, or undefined for the newest verified one. */
  backupName?: string;
  cacheNodeType?: string;
  engine?: 'redis' | 'valkey';
  engineVersion?: string;
  numNodeGroups?: number;
  replicasPerNodeGroup: number;
  cacheSubnetGroupName?: string;
  securityGroupIds?: string[];
  cacheParameterGroupName?: string;
}

const NODE_TYPE = /^cache\.[a-z0-9]+\.[a-z0-9]+$/;
const ENGINE_VERSION = /^\d{1,2}(\.\d{1,2}){0,2}$/;
const SUBNET_GROUP = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,254}$/;
const SECURITY_GROUP = /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/;
const PARAMETER_GROUP = /^[a-zA-Z][a-zA-Z0-9.-]{0,254}$/;

function optionalString(field: string, v: unknown, re: RegExp, rule: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !re.test(v)) throw new InvalidInput(field, `${JSON.stringify(v)} is not allowed: ${rule}`);
  return v;
}

function optionalInt(field: string, v: unknown, min: number, max: number): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new InvalidInput(field, `${JSON.stringify(v)} is not allowed: a whole number from ${min} to ${max}`);
  }
  return n;
}

export function validateRestoreRequest(input: unknown, ctx: RestoreRequestContext): RedisRestoreRequest {
  // The structure first (lambdas/domain/inputs/redis-restore.ts): unknown keys with "did you mean", empty strings, types.
  const raw: Record<string, unknown> = parseInput(redisRestoreInput, input);

  let source = raw.sourceReplicationGroupId;
  if ((source === undefined || source === '') && ctx.redisGroups.length === 1) source = ctx.redisGroups[0];
  const sourceGroup = validateRedisGroupId('sourceReplicationGroupId', source);
  if (!ctx.redisGroups.includes(sourceGroup)) {
    throw new InvalidInput(
      'sourceReplicationGroupId',
      `"${sourceGroup}" is not protected by this deployment; allowed: ${ctx.redisGroups.join(', ') || '(none configured)'}`,
    );
  }

  const target = validateRedisGroupId('replicationGroupId', raw.replicationGroupId);
  if (ctx.redisGroups.some((g) => g.toLowerCase() === target.toLowerCase())) {
    throw new InvalidInput(
      'replicationGroupId',
      `"${target}" is a protected production group; a restore always seeds a NEW group (pick another name, e.g. "${target.slice(0, 31)}-restored")`,
    );
  }

  const regionInput = raw.region ?? 'backup';
  let region: string;
  let regionRole: 'primary' | 'backup';
  if (regionInput === 'primary' || regionInput === ctx.primaryRegion) {
    region = ctx.primaryRegion;
    regionRole = 'primary';
  } else if (regionInput === 'backup' || regionInput === ctx.backupRegion) {
    region = ctx.backupRegion;
    regionRole = 'backup';
  } else {
    throw new InvalidInput(
      'region',
      `${JSON.stringify(regionInput)} is not allowed: "primary" (${ctx.primaryRegion}) or "backup" (${ctx.backupRegion})`,
    );
  }

  const backupName =
    raw.backupName === undefined || raw.backupName === null || raw.backupName === ''
      ? undefined
      : parseRedisBackupName('backupName', raw.backupName, ctx.snapshotPrefix, sourceGroup).name;

  const engine = raw.engine === undefined || raw.engine === null || raw.engine === '' ? undefined : raw.engine;
  if (engine !== undefined && engine !== 'redis' && engine !== 'valkey') {
    throw new InvalidInput(
      'engine',
      `${JSON.stringify(engine)} is not allowed: "redis" or "valkey" (default: the backed-up group's engine)`,
    );
  }

  let securityGroupIds: string[] | undefined;
  if (raw.securityGroupIds !== undefined && raw.securityGroupIds !== null) {
    const list = typeof raw.securityGroupIds === 'string' ? raw.securityGroupIds.split(',').map((s) => s.trim()) : raw.securityGroupIds;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      list.length > 5 ||
      list.some((s) => typeof s !== 'string' || !SECURITY_GROUP.test(s))
    ) {
      throw new InvalidInput(
        'securityGroupIds',
        `${JSON.stringify(raw.securityGroupIds)} is not allowed: 1-5 security group ids like "sg-0123456789abcdef0"`,
      );
    }
    securityGroupIds = list as string[];
  }

  return {
    sourceReplicationGroupId: sourceGroup,
    replicationGroupId: target.toLowerCase(),
    region,
    regionRole,
    backupName,
    cacheNodeType: optionalString(
      'cacheNodeType',
      raw.cacheNodeType,
      NODE_TYPE,
      'an ElastiCache node type like "cache.r7g.large" (default: the backed-up group\'s)',
    ),
    engine: engine as RedisRestoreRequest['engine'],
    engineVersion: optionalString(
      'engineVersion',
      raw.engineVersion,
      ENGINE_VERSION,
      'a version like "7.1" or "8.0" (default: the backed-up group\'s)',
    ),
    numNodeGroups: optionalInt('numNodeGroups', raw.numNodeGroups, 1, 500),
    replicasPerNodeGroup: optionalInt('replicasPerNodeGroup', raw.replicasPerNodeGroup, 0, 5) ?? 1,
    cacheSubnetGroupName: optionalString(
      'cacheSubnetGroupName',
      raw.cacheSubnetGroupName,
      SUBNET_GROUP,
      'an existing cache subnet group name in the target region',
    ),
    securityGroupIds,
    cacheParameterGroupName: optionalString(
      'cacheParameterGroupName',
      raw.cacheParameterGroupName,
      PARAMETER_GROUP,
      'an existing cache parameter group name in the target region',
    ),
  };
}
