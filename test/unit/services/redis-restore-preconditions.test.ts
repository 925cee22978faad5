/**
 * Issue 8, item 6: a Redis restore before the buckets exist says which bucket is missing and the
 * commands that fix it (not the SDK's bare NoSuchBucket), and creates nothing.
 */
import { CreateReplicationGroupCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { localRuntimeConfig } from '../../../local/local-environment';
import { RedisRestoreService } from '../../../lambdas/services/redis-restore-service';

const s3 = mockClient(S3Client);
const elasticache = mockClient(ElastiCacheClient);
afterAll(() => {
  s3.restore();
  elasticache.restore();
});

describe('redis-restore before the buckets exist', () => {
  it('names the missing bucket, its region and the fix commands; nothing is created', async () => {
    s3.reset();
    elasticache.reset();
    s3.on(ListObjectsV2Command).rejects(Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket' }));
    const config = localRuntimeConfig({ deploymentId: 'staging' });
    const service = new RedisRestoreService(
      config,
      { buckets: { primary: 'muejam-staging-redis-us-east-1', backup: 'muejam-staging-redis-us-west-2' } },
      (C, region) => new C({ region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
    );
    const err = await service.validateRedisRestore({ replicationGroupId: 'muejam-redis-dr', region: 'backup' }).catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'PreconditionFailed' });
    expect((err as Error).message).toBe(
      'the Redis backup bucket s3://muejam-staging-redis-us-west-2 does not exist in us-west-2: deploy the stacks first (npx cdk deploy --all), then make a backup (npm run cli -- redis-backup muejam-redis-prod); nothing was created',
    );
    expect(elasticache.commandCalls(CreateReplicationGroupCommand)).toHaveLength(0);
  });
});
