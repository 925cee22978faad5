import { readRedisBuckets, readRedisRetentionDays, redisBucketEnvironment } from '../../../lambdas/services/redis-config';

describe('Redis runtime configuration', () => {
  it('reads both bucket names, and round-trips with the environment CDK sets', () => {
    const buckets = { primary: 'muejam-prod-redis-123456789012-us-east-1', backup: 'muejam-prod-redis-123456789012-us-west-2' };
    expect(readRedisBuckets(redisBucketEnvironment(buckets))).toEqual(buckets);
  });

  it('names the missing or malformed variable', () => {
    expect(() => readRedisBuckets({ REDIS_BUCKET_PRIMARY: 'abc' })).toThrow('env REDIS_BUCKET_BACKUP: is required');
    expect(() => readRedisBuckets({ REDIS_BUCKET_PRIMARY: 'Not_A_Bucket', REDIS_BUCKET_BACKUP: 'abc' })).toThrow(
      'env REDIS_BUCKET_PRIMARY: "Not_A_Bucket" is not an S3 bucket name',
    );
  });

  it('reads the retention in days (default 30), refusing anything else', () => {
    expect(readRedisRetentionDays({})).toBe(30);
    expect(readRedisRetentionDays({ REDIS_RETENTION_DAYS: '7' })).toBe(7);
    expect(() => readRedisRetentionDays({ REDIS_RETENTION_DAYS: '0' })).toThrow(
      /REDIS_RETENTION_DAYS: "0" is not allowed: a whole number of days from 1 to 3660/,
    );
    expect(() => readRedisRetentionDays({ REDIS_RETENTION_DAYS: '2.5' })).toThrow(/not allowed/);
  });
});
