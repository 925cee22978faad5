/**
 * What the Redis workflows need in the emulator, as the stacks and a real account
 * provide it: the protected replication group (primary region) and the export
 * bucket in each region (versioned, SSE-KMS with a customer-managed key, public
 * access blocked), named as lib/constructs/backup-bucket.ts names them.
 *
 * moto does not implement ElastiCache CopySnapshot (the export to S3). The
 * rehearsal and the integration tests therefore wrap the client factory with
 * `withExportStandIn`: every other call goes to moto unchanged; CopySnapshot with
 * TargetBucket instead puts a real RDB file (made by redis-server) where the export
 * would have written it, `<target name>-0001.rdb`, and reports that it did so.
 */
import { readFileSync } from 'node:fs';
import { CopySnapshotCommand, CreateReplicationGroupCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { ClientClass, ClientFactory } from '../../lambdas/runtime/clients';
import { redisBucketName } from '../../lambdas/domain/redis/names';
import type { RuntimeConfig } from '../../lambdas/runtime/runtime-config';
import { type RedisBuckets, redisBucketEnvironment } from '../../lambdas/services/redis-config';
import { writeSyntheticRdbFile } from '../synthetic-rdb';
import { makeRealRdb, redisServerVersion, REDIS_SERVER_MISSING, requireRedisServer } from './redis-server';

/** moto's account id. */
export const EMULATOR_ACCOUNT = '123456789012';

export interface RedisWorld {
  buckets: RedisBuckets;
  bucketKeyArns: Record<string, string>;
}

/** Creates the replication groups and both buckets, and points the Redis handlers at the buckets (process.env). */
export async function seedRedisWorld(config: RuntimeConfig, clients: ClientFactory): Promise<RedisWorld> {
  const buckets: RedisBuckets = {
    primary: redisBucketName(config.deploymentId, EMULATOR_ACCOUNT, config.primaryRegion),
    backup: redisBucketName(config.deploymentId, EMULATOR_ACCOUNT, config.backupRegion),
  };
  for (const group of config.redisGroups) {
    await clients(ElastiCacheClient, config.primaryRegion).send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: group,
        ReplicationGroupDescription: 'MueJam cache (rehearsal)',
        Engine: 'redis',
        CacheNodeType: 'cache.r7g.large',
        NumCacheClusters: 2,
        AutomaticFailoverEnabled: true,
        AtRestEncryptionEnabled: true,
        TransitEncryptionEnabled: true,
      }),
    );
  }
  const bucketKeyArns: Record<string, string> = {};
  for (const [region, bucket] of [
    [config.primaryRegion, buckets.primary],
    [config.backupRegion, buckets.backup],
  ] as const) {
    const s3 = clients(S3Client, region);
    const key = await clients(KMSClient, region).send(new CreateKeyCommand({ Description: `Redis backup bucket key ${bucket}` }));
    bucketKeyArns[bucket] = key.KeyMetadata!.Arn!;
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
      }),
    );
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.KeyMetadata!.Arn },
              BucketKeyEnabled: true,
            },
          ],
        },
      }),
    );
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
  }
  Object.assign(process.env, redisBucketEnvironment(buckets));
  return { buckets, bucketKeyArns };
}

export interface PlacedExport {
  bucket: string;
  key: string;
  bytes: number;
}

/**
 * A client factory like `clients`, except that ElastiCache CopySnapshot with a
 * TargetBucket (not implemented by moto) puts `rdb()` at the export location.
 */
export function withExportStandIn(clients: ClientFactory, rdb: () => Buffer, onPlaced?: (p: PlacedExport) => void): ClientFactory {
  return (<T>(cls: ClientClass<T>, region: string): T => {
    const client = clients(cls, region);
    if ((cls as unknown) !== ElastiCacheClient) return client;
    return new Proxy(client as object, {
      get(target, prop, receiver) {
        if (prop !== 'send') return Reflect.get(target, prop, receiver);
        return async (command: unknown, ...rest: unknown[]) => {
          if (command instanceof CopySnapshotCommand && command.input.TargetBucket) {
            const key = `${command.input.TargetSnapshotName}-0001.rdb`;
            const body = rdb();
            await clients(S3Client, region).send(new PutObjectCommand({ Bucket: command.input.TargetBucket, Key: key, Body: body }));
            onPlaced?.({ bucket: command.input.TargetBucket, key, bytes: body.length });
            return { Snapshot: { SnapshotName: command.input.SourceSnapshotName, SnapshotStatus: 'exporting' }, $metadata: {} };
          }
          return (target as { send: (...a: unknown[]) => unknown }).send(command, ...rest);
        };
      },
    }) as T;
  }) as ClientFactory;
}

export interface RdbForRehearsal {
  path: string;
  bytes: number;
  /** Where the file comes from, said in the output. */
  source: string;
  real: boolean;
}

/**
 * A real RDB file made by redis-server with known keys; when redis-server is not
 * installed, a synthetic RDB file (valid header, records and CRC-64) and a warning
 * saying how to install the real one. Tests use makeRealRdb directly and fail instead.
 */
export async function rdbForRehearsal(dir: string): Promise<RdbForRehearsal> {
  try {
    requireRedisServer();
  } catch {
    const path = `${dir}/synthetic.rdb`;
    await writeSyntheticRdbFile(path, 256 * 1024);
    return { path, bytes: readFileSync(path).length, source: `a synthetic RDB file (${REDIS_SERVER_MISSING})`, real: false };
  }
  const made = await makeRealRdb({ dir, dbfilename: 'muejam-redis.rdb' });
  return {
    path: made.path,
    bytes: made.bytes,
    source: `a real RDB file written by redis-server ${redisServerVersion()} (SAVE) with known keys`,
    real: true,
  };
}
