/**
 * The Redis workflows' part of the environment contract: the export bucket in
 * each region. Set by lib/workflows/redis-*-workflow.ts on their Lambdas and by
 * the local runner; read here once per container.
 */
import { InvalidInput } from '../errors';

export const REDIS_ENV = {
  primaryBucket: 'REDIS_BUCKET_PRIMARY',
  backupBucket: 'REDIS_BUCKET_BACKUP',
  retentionDays: 'REDIS_RETENTION_DAYS',
} as const;

export const DEFAULT_REDIS_RETENTION_DAYS = 30;

/** Days the ElastiCache snapshots (and, by lifecycle, the exported objects) are kept. */
export function readRedisRetentionDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[REDIS_ENV.retentionDays]?.trim();
  if (!raw) return DEFAULT_REDIS_RETENTION_DAYS;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 3660)
    throw new InvalidInput(`env ${REDIS_ENV.retentionDays}`, `"${raw}" is not allowed: a whole number of days from 1 to 3660`);
  return n;
}

export interface RedisBuckets {
  /** Bucket in the primary region that ElastiCache exports into. */
  primary: string;
  /** Bucket in the backup region holding the copies. */
  backup: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function readRedisBuckets(env: NodeJS.ProcessEnv = process.env): RedisBuckets {
  const get = (name: string): string => {
    const v = env[name]?.trim();
    if (!v) throw new InvalidInput(`env ${name}`, 'is required and must not be empty (set by the Redis workflow stacks)');
    if (!BUCKET.test(v)) throw new InvalidInput(`env ${name}`, `"${v}" is not an S3 bucket name`);
    return v;
  };
  return { primary: get(REDIS_ENV.primaryBucket), backup: get(REDIS_ENV.backupBucket) };
}

export function redisBucketEnvironment(b: RedisBuckets): Record<string, string> {
  return { [REDIS_ENV.primaryBucket]: b.primary, [REDIS_ENV.backupBucket]: b.backup };
}
