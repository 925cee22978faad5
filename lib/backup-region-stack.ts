/**
 * The stack in the backup region: the customer-managed key that encrypts every
 * cross-region copy (alias `alias/muejam-backup-dr-<deploymentId>`, rotation
 * on). RDS (snapshot copies), and later ElastiCache and S3 (Redis exports), of
 * this account may use it in this region; the step Lambdas reach it through
 * their IAM policies (the key policy delegates to the account).
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { type BackupConfig, backupKeyAlias } from './config';
import { redisBackupBucket } from './workflows/redis-backup-workflow';
import { restoreTestReportBucket } from './workflows/restore-test-workflow';

/** Services that encrypt backups with the backup-region key, on behalf of callers of this account. */
export const BACKUP_KEY_SERVICES = ['rds', 'elasticache', 's3'] as const;

export interface BackupRegionStackProps extends StackProps {
  readonly config: BackupConfig;
}

export class BackupRegionStack extends Stack {
  readonly backupKey: kms.Key;

  constructor(scope: Construct, id: string, props: BackupRegionStackProps) {
    super(scope, id, props);
    const c = props.config;
    const region = this.region;

    this.backupKey = new kms.Key(this, 'BackupKey', {
      description: `muejam-backup-dr ${c.deploymentId}: encrypts cross-region backup copies in ${c.backupRegion}`,
      enableKeyRotation: true,
      alias: backupKeyAlias(c),
      // A deleted key makes every copy it encrypted unreadable: never delete it with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.backupKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowBackupServicesOfThisAccount',
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'kms:CallerAccount': c.account,
            'kms:ViaService': BACKUP_KEY_SERVICES.map((s) => `${s}.${region}.amazonaws.com`),
          },
        },
      }),
    );
    this.backupKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowGrantsForBackupServicesOfThisAccount',
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'kms:CallerAccount': c.account,
            'kms:ViaService': BACKUP_KEY_SERVICES.map((s) => `${s}.${region}.amazonaws.com`),
          },
          Bool: { 'kms:GrantIsForAWSResource': 'true' },
        },
      }),
    );

    new CfnOutput(this, 'BackupKeyArn', {
      description: `ARN of the backup-region key (${backupKeyAlias(c)})`,
      value: this.backupKey.keyArn,
    });
    new CfnOutput(this, 'BackupKeyAlias', { value: backupKeyAlias(c) });
    if (c.restoreTest.enabled) {
      const reports = restoreTestReportBucket(this, c);
      new CfnOutput(this, 'RestoreTestReportBucketName', { value: reports.bucket.bucketName });
    }
    if (c.redisGroups.length) {
      const redisBucket = redisBackupBucket(this, c, 'backup');
      new CfnOutput(this, 'RedisBackupBucketName', { value: redisBucket.bucket.bucketName });
    }
  }
}
