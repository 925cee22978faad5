/**
 * The Redis services a handler uses, made on first use and remade only when the
 * configuration changes (in Lambda: never; in-process runs may switch deployments).
 */
import { awsClient } from '../runtime/clients';
import { lazy } from '../runtime/lazy';
import { readRuntimeConfig } from '../runtime/runtime-config';
import { RedisBackupService } from './redis-backup-service';
import { readRedisBuckets, readRedisRetentionDays } from './redis-config';
import { RedisRestoreService } from './redis-restore-service';

/** What the Redis services depend on: the runtime configuration, the two buckets and the retention. */
const redisKey = () => ({ config: readRuntimeConfig(), buckets: readRedisBuckets(), retentionDays: readRedisRetentionDays() });

export const redisBackupService = /* @__PURE__ */ lazy(
  (k) => new RedisBackupService(k.config, { buckets: k.buckets, retentionDays: k.retentionDays }, awsClient),
  redisKey,
);
export const redisRestoreService = /* @__PURE__ */ lazy(
  (k) => new RedisRestoreService(k.config, { buckets: k.buckets }, awsClient),
  redisKey,
);
