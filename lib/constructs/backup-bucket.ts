/**
 * The Redis backup bucket of one region (lambdas/domain/redis/names.ts names it
 * `muejam-<deployment>-redis-<account>-<region>`):
 *
 * - SSE-KMS with its own customer-managed key (rotation on, S3 Bucket Key on),
 *   alias `alias/muejam-backup-dr-<deployment>-redis` in every region;
 * - all public access blocked, ACLs disabled (bucket owner enforced), TLS only;
 * - versioned; lifecycle: current objects expire after the configured Redis
 *   retention, replaced/deleted versions after 7 days, staged restore copies
 *   after 1 day, unfinished multipart copies after 2 days;
 * - server access logs to a companion bucket (SSE-S3, as S3 log delivery requires).
 *
 * ElastiCache grants, as AWS documents them for exporting a backup to S3 and for
 * seeding a cluster from S3, given to the regional service principal
 * `<region>.elasticache-snapshot.amazonaws.com` and scoped:
 * - export (primary region only): s3:PutObject, s3:GetObject, s3:ListMultipartUploadParts
 *   on `<snapshotPrefix>-*` objects only (the names this system exports), and
 *   s3:ListBucket, s3:GetBucketAcl, s3:ListBucketMultipartUploads on the bucket;
 *   the bucket key lets that principal GenerateDataKey/Decrypt only through S3
 *   in this region and only for this bucket (encryption context);
 * - seeding (both regions): s3:GetObject on `restore-staging/*` only, where the
 *   restore workflow puts SSE-S3 copies (ElastiCache seeds only from SSE-S3 objects).
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { STAGING_PREFIX } from '../../lambdas/domain/redis/names';

export const NONCURRENT_VERSION_DAYS = 7;
export const STAGING_EXPIRY_DAYS = 1;
export const INCOMPLETE_UPLOAD_DAYS = 2;
export const ACCESS_LOG_DAYS = 365;
export const ACCESS_LOG_PREFIX = 'access/';

export interface BackupBucketProps {
  /** Deterministic bucket name (redisBucketName()). */
  readonly bucketName: string;
  /** Alias of the bucket's CMK, the same in every region (so IAM in the other region can name it). */
  readonly keyAlias: string;
  /** Days a backup is kept: the lifecycle expiration of current objects. */
  readonly retentionDays: number;
  /** Object-name pattern of the exported backups, e.g. `muejam-*` (`<snapshotPrefix>-*`). */
  readonly exportObjectPattern: string;
  /** True in the primary region: ElastiCache exports snapshots into this bucket. */
  readonly allowElastiCacheExport: boolean;
  /** Human description for the key. */
  readonly description: string;
}

export class BackupBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: BackupBucketProps) {
    super(scope, id);
    if (!Number.isInteger(props.retentionDays) || props.retentionDays < 1) {
      throw new Error(`BackupBucket ${props.bucketName}: retentionDays must be a whole number of days, at least 1`);
    }
    const stack = Stack.of(this);
    const region = stack.region;
    const elasticache = new iam.ServicePrincipal(`${region}.elasticache-snapshot.amazonaws.com`);

    this.key = new kms.Key(this, 'Key', {
      description: props.description,
      alias: props.keyAlias,
      enableKeyRotation: true,
      // A deleted key makes every backup it encrypted unreadable: never delete it with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED, // S3 server access log delivery supports SSE-S3 only
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(ACCESS_LOG_DAYS),
          noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // cdk-nag does not ask a log target bucket to log itself (AwsSolutions-S1 skips it).

    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [
        {
          id: 'redis-retention',
          expiration: Duration.days(props.retentionDays),
          noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(INCOMPLETE_UPLOAD_DAYS),
        },
        {
          id: 'restore-staging',
          prefix: STAGING_PREFIX,
          expiration: Duration.days(STAGING_EXPIRY_DAYS),
          noncurrentVersionExpiration: Duration.days(STAGING_EXPIRY_DAYS),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Server access logs, delivered with a bucket policy (not the LogDeliveryWrite ACL: ACLs are disabled).
    (this.bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
      destinationBucketName: this.accessLogs.bucketName,
      logFilePrefix: ACCESS_LOG_PREFIX,
    };
    this.accessLogs.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'S3ServerAccessLogDelivery',
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.accessLogs.arnForObjects(`${ACCESS_LOG_PREFIX}*`)],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:s3:::${props.bucketName}` },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );

    const bucketArn = this.bucket.bucketArn;
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ElastiCacheReadsBucket',
        principals: [elasticache],
        actions: ['s3:ListBucket', 's3:GetBucketAcl', ...(props.allowElastiCacheExport ? ['s3:ListBucketMultipartUploads'] : [])],
        resources: [bucketArn],
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ElastiCacheSeedsFromStagedCopies',
        principals: [elasticache],
        actions: ['s3:GetObject'],
        resources: [`${bucketArn}/${STAGING_PREFIX}*`],
      }),
    );
    if (props.allowElastiCacheExport) {
      this.bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'ElastiCacheExportsBackups',
          principals: [elasticache],
          actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts'],
          resources: [`${bucketArn}/${props.exportObjectPattern}`],
        }),
      );
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'ElastiCacheEncryptsExportsThroughS3',
          principals: [elasticache],
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
          conditions: {
            StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` },
            StringLike: {
              'kms:EncryptionContext:aws:s3:arn': [
                `arn:${stack.partition}:s3:::${props.bucketName}`,
                `arn:${stack.partition}:s3:::${props.bucketName}/*`,
              ],
            },
          },
        }),
      );
    }
  }
}
