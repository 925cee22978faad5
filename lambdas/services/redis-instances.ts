/**
 * The Redis services a handler uses, made on first use and remade only when the
 * configuration changes (in Lambda: never; in-process runs may switch deployments).
 */
import { awsClient } from '../runtime/clients';
import { readRuntimeConfig } from '../runtime/runtime-config';
import { readRedisBuckets, readRedisRetentionDays } from './redis-config';
import { RedisBackupService } from './redis-backup-service';
import { RedisRestoreService } from './redis-restore-service';

function perRedisConfig<T>(make: (c: ReturnType<typeof readRuntimeConfig>, b: ReturnType<typeof readRedisBuckets>) => T): () => T {
  let key: string | undefined;
  let value: T | undefined;
  return () => {
    const config = readRuntimeConfig();
    const buckets = readRedisBuckets();
    const k = JSON.stringify([config, buckets, process.env.REDIS_RETENTION_DAYS ?? '']);
    if (value === undefined || k !== key) {
      value = make(config, buckets);
      key = k;
    }
    return value;
  };
}

export const redisBackupService = perRedisConfig(
  (c, buckets) => new RedisBackupService(c, { buckets, retentionDays: readRedisRetentionDays() }, awsClient),
);
export const redisRestoreService = perRedisConfig((c, buckets) => new RedisRestoreService(c, { buckets }, awsClient));
