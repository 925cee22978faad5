/**
 * The Redis backup buckets and their policies, in the synthesized app (cdk.json
 * defaults: redisRetentionDays 30, snapshotPrefix muejam) and, for the retention
 * setting, in a stack holding only the BackupBucket construct.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BackupBucket } from '../../lib/constructs/backup-bucket';
import { type SynthResult, cdkJsonContext, resourcesOfType, synthesizedApp } from './synth';

const PRIMARY = 'muejam-backup-dr-prod-primary';
const BACKUP = 'muejam-backup-dr-prod-backup-region';
const ACCOUNT = '123456789012';
const bucketName = (region: string) => `muejam-prod-redis-${ACCOUNT}-${region}`;
const RETENTION_DAYS = Number((cdkJsonContext()['muejam.redisRetentionDays'] as number | undefined) ?? 30);

let synth: SynthResult;
beforeAll(async () => {
  synth = await synthesizedApp();
}, 240_000);

const asArray = (v: unknown): any[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function redisBucket(stack: string): [string, any] {
  const found = Object.entries(resourcesOfType(synth.templates[stack], 'AWS::S3::Bucket')).filter(
    // the Redis backup bucket by its name (the restore test's report bucket is an S3 bucket of the backup region too)
    ([, b]) => typeof b.Properties?.BucketName === 'string' && /-redis-/.test(b.Properties.BucketName),
  );
  expect(found).toHaveLength(1);
  return found[0];
}

function policyStatementsOf(stack: string, bucketLogicalId: string): any[] {
  const policies = Object.values(resourcesOfType(synth.templates[stack], 'AWS::S3::BucketPolicy')).filter(
    (p: any) => p.Properties.Bucket?.Ref === bucketLogicalId,
  );
  expect(policies).toHaveLength(1);
  return (policies[0] as any).Properties.PolicyDocument.Statement;
}

describe.each([
  [PRIMARY, 'us-east-1', true],
  [BACKUP, 'us-west-2', false],
])('Redis bucket of %s', (stack, region, exportsHere) => {
  it('is named deterministically, SSE-KMS with its own rotating CMK and a Bucket Key, versioned, ACLs off, public access blocked', () => {
    const [, bucket] = redisBucket(stack);
    const p = bucket.Properties;
    expect(p.BucketName).toBe(bucketName(region));
    const sse = p.BucketEncryption.ServerSideEncryptionConfiguration[0];
    expect(sse).toMatchObject({ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } });
    const keyId = sse.ServerSideEncryptionByDefault.KMSMasterKeyID['Fn::GetAtt'][0];
    const key = synth.templates[stack].Resources[keyId];
    expect(key).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
    const alias = Object.values(resourcesOfType(synth.templates[stack], 'AWS::KMS::Alias')).find(
      (a: any) => a.Properties.TargetKeyId?.['Fn::GetAtt']?.[0] === keyId,
    ) as any;
    expect(alias.Properties.AliasName).toBe('alias/muejam-backup-dr-prod-redis');
    expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(p.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(p.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it(`expires backups after the configured Redis retention (${RETENTION_DAYS} days), old versions after 7, staged restore copies after 1`, () => {
    const rules = redisBucket(stack)[1].Properties.LifecycleConfiguration.Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Id: 'redis-retention',
          Status: 'Enabled',
          ExpirationInDays: RETENTION_DAYS,
          NoncurrentVersionExpiration: { NoncurrentDays: 7 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 },
        }),
        expect.objectContaining({
          Id: 'restore-staging',
          Prefix: 'restore-staging/',
          ExpirationInDays: 1,
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        }),
      ]),
    );
  });

  it('logs access to an SSE-S3 log bucket that only S3 log delivery for this bucket may write to', () => {
    const [, bucket] = redisBucket(stack);
    const logging = bucket.Properties.LoggingConfiguration;
    expect(logging.LogFilePrefix).toBe('access/');
    const logsId = logging.DestinationBucketName.Ref;
    const logs = synth.templates[stack].Resources[logsId];
    expect(logs.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(logs.Properties.PublicAccessBlockConfiguration.BlockPublicAcls).toBe(true);
    const statements = policyStatementsOf(stack, logsId);
    const delivery = statements.find((s) => s.Sid === 'S3ServerAccessLogDelivery');
    expect(delivery).toMatchObject({ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' });
    expect(JSON.stringify(delivery.Condition)).toContain(`:s3:::${bucketName(region)}`);
    expect(statements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
  });

  it('denies every request without TLS', () => {
    const [id] = redisBucket(stack);
    const deny = policyStatementsOf(stack, id).find((s) => s.Effect === 'Deny');
    expect(deny).toMatchObject({ Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it(`grants ElastiCache (${region}) ${exportsHere ? 'the documented export permissions on muejam-* objects and ' : ''}read of staged restore copies only`, () => {
    const [id] = redisBucket(stack);
    const statements = policyStatementsOf(stack, id).filter((s) => s.Principal?.Service === `${region}.elasticache-snapshot.amazonaws.com`);
    const byAction = (action: string) =>
      statements.filter((s) => asArray(s.Action).includes(action)).map((s) => JSON.stringify(s.Resource));
    expect(byAction('s3:GetObject').join()).toContain('/restore-staging/*');
    expect(byAction('s3:ListBucket')).toHaveLength(1);
    expect(byAction('s3:GetBucketAcl')).toHaveLength(1);
    if (exportsHere) {
      const exportStatement = statements.find((s) => s.Sid === 'ElastiCacheExportsBackups');
      expect(asArray(exportStatement.Action).sort()).toEqual(['s3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject']);
      expect(JSON.stringify(exportStatement.Resource)).toContain('/muejam-*');
      expect(byAction('s3:ListBucketMultipartUploads')).toHaveLength(1);
    } else {
      expect(byAction('s3:PutObject')).toEqual([]);
    }
    // Nothing else: no s3:* and no other principal gets an Allow.
    const allows = policyStatementsOf(stack, id).filter((s) => s.Effect === 'Allow');
    expect(allows.every((s) => s.Principal?.Service === `${region}.elasticache-snapshot.amazonaws.com`)).toBe(true);
    expect(allows.flatMap((s) => asArray(s.Action)).some((a) => a.endsWith('*'))).toBe(false);
  });

  it(`lets ElastiCache use the bucket key ${exportsHere ? 'only through S3 in this region for this bucket' : 'not at all'}`, () => {
    const [, bucket] = redisBucket(stack);
    const keyId =
      bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID['Fn::GetAtt'][0];
    const statements = synth.templates[stack].Resources[keyId].Properties.KeyPolicy.Statement as any[];
    const forElastiCache = statements.filter((s) => s.Principal?.Service === `${region}.elasticache-snapshot.amazonaws.com`);
    if (!exportsHere) {
      expect(forElastiCache).toEqual([]);
      return;
    }
    expect(forElastiCache).toHaveLength(1);
    expect(asArray(forElastiCache[0].Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(forElastiCache[0].Condition.StringEquals).toEqual({ 'kms:ViaService': `s3.${region}.amazonaws.com` });
    expect(JSON.stringify(forElastiCache[0].Condition.StringLike)).toContain(bucketName(region));
  });
});

describe('BackupBucket construct', () => {
  const stackWith = (retentionDays: number) => {
    const stack = new Stack(new App(), 'T', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    new BackupBucket(stack, 'B', {
      bucketName: 'muejam-t-redis-123456789012-eu-west-1',
      keyAlias: 'alias/t-redis',
      retentionDays,
      exportObjectPattern: 'muejam-*',
      allowElastiCacheExport: true,
      description: 't',
    });
    return Template.fromStack(stack);
  };

  it('turns the configured retention into the lifecycle expiration', () => {
    stackWith(7).hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'muejam-t-redis-123456789012-eu-west-1',
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'redis-retention', ExpirationInDays: 7 })]) },
    });
  });

  it('names the regional ElastiCache service principal of its own region', () => {
    stackWith(30).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'ElastiCacheExportsBackups', Principal: { Service: 'eu-west-1.elasticache-snapshot.amazonaws.com' } }),
        ]),
      },
    });
  });

  it('refuses a retention that is not a whole number of days', () => {
    expect(() => stackWith(0)).toThrow(/retentionDays must be a whole number of days, at least 1/);
    expect(() => stackWith(1.5)).toThrow(/retentionDays/);
  });
});
