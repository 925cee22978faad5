/**
 * Console input of the Redis/Valkey restore (state-machines/redis-restore.asl.json):
 * the structure (keys, types, identifiers). What depends on the deployment
 * (protected groups, regions, backup names) is checked by
 * lambdas/domain/redis/restore-request.ts after this schema.
 */
import { z } from 'zod';
import { oneOf, redisGroupId, strictInput, text, wholeNumber } from './strict';

const securityGroupIds = z.union([
  z.array(text('a security group id like "sg-0123456789abcdef0"')).min(1).max(5),
  text('1-5 security group ids like "sg-0123456789abcdef0", comma-separated'),
]);

export const redisRestoreInput = strictInput({
  sourceReplicationGroupId: redisGroupId().optional(),
  replicationGroupId: redisGroupId(),
  region: text('"primary", "backup" or one of the two region names').optional(),
  backupName: text('a backup name from `npm run cli -- redis-backups`').optional(),
  cacheNodeType: text('an ElastiCache node type like "cache.r7g.large"').optional(),
  engine: oneOf(['redis', 'valkey']).optional(),
  engineVersion: text('a version like "7.1" or "8.0"').optional(),
  numNodeGroups: wholeNumber(1, 500).optional(),
  replicasPerNodeGroup: wholeNumber(0, 5).optional(),
  cacheSubnetGroupName: text('an existing cache subnet group name').optional(),
  securityGroupIds: securityGroupIds.optional(),
  cacheParameterGroupName: text('an existing cache parameter group name').optional(),
});

export type RedisRestoreInput = z.output<typeof redisRestoreInput>;

/** The README's console input. */
export const redisRestoreExample: RedisRestoreInput = { replicationGroupId: 'muejam-redis-dr', region: 'backup' };
