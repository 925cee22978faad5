/**
 * What the Redis workflow tests share: ElastiCache, S3 (the in-memory fake's
 * client) and SNS mocked, and the process environment of deployment "wf" with
 * its two Redis buckets. Each test file gets its own instance (jest isolates modules).
 */
import { mockClient } from 'aws-sdk-client-mock';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { SNSClient } from '@aws-sdk/client-sns';
import { redisBucketEnvironment } from '../../lambdas/services/redis-config';
import { applyLocalEnvironment, localRuntimeConfig } from '../../local/local-environment';
import { S3Client } from './redis-fake-s3';

export const ec = mockClient(ElastiCacheClient);
export const s3 = mockClient(S3Client);
export const sns = mockClient(SNSClient);
export const config = localRuntimeConfig({ deploymentId: 'wf' });
export const buckets = { primary: 'muejam-wf-redis-123456789012-us-east-1', backup: 'muejam-wf-redis-123456789012-us-west-2' };
export const GROUP = 'muejam-redis-prod';
applyLocalEnvironment(config, 'http://127.0.0.1:9', redisBucketEnvironment(buckets));
