/**
 * KMS at the SDK boundary for the database backup: the backup region's
 * customer-managed key, and the check that a snapshot's own key is one too
 * (snapshots under the AWS-managed aws/rds key cannot be copied across regions
 * under a key this system controls).
 */
import type { DBSnapshot } from '@aws-sdk/client-rds';
import { DescribeKeyCommand, type KeyMetadata, KMSClient } from '@aws-sdk/client-kms';
import { PreconditionFailed } from '../errors';
import type { ClientFactory } from '../runtime/clients';
import { hasCode, rethrowTyped } from './aws-errors';

export class KmsKeys {
  constructor(private readonly clients: ClientFactory) {}

  async describeKey(region: string, keyId: string): Promise<KeyMetadata | undefined> {
    try {
      const out = await this.clients(KMSClient, region).send(new DescribeKeyCommand({ KeyId: keyId }));
      return out.KeyMetadata;
    } catch (err) {
      if (hasCode(err, 'NotFoundException')) return undefined;
      return rethrowTyped(err, `DescribeKey ${keyId} in ${region}`);
    }
  }

  /** The backup region's CMK; a clear error when the backup-region stack is missing or the key is not enabled. */
  async backupRegionKey(backupRegion: string, alias: string): Promise<KeyMetadata & { Arn: string }> {
    const key = await this.describeKey(backupRegion, alias);
    if (!key?.Arn) {
      throw new PreconditionFailed(
        `KMS key ${alias} not found in the backup region ${backupRegion}: deploy the backup-region stack first (npx cdk deploy --all)`,
      );
    }
    if (key.KeyState && key.KeyState !== 'Enabled') {
      throw new PreconditionFailed(`KMS key ${alias} in ${backupRegion} is ${key.KeyState}; it must be Enabled`);
    }
    return key as KeyMetadata & { Arn: string };
  }

  /** PreconditionFailed unless the snapshot is encrypted with a customer-managed key readable in `region`. */
  async assertCustomerManagedSourceKey(region: string, source: DBSnapshot): Promise<void> {
    if (!source.Encrypted || !source.KmsKeyId) {
      throw new PreconditionFailed(
        `snapshot ${source.DBSnapshotIdentifier} is not encrypted; the database must be encrypted at rest with a customer-managed KMS key`,
      );
    }
    const key = await this.describeKey(region, source.KmsKeyId);
    if (!key) {
      throw new PreconditionFailed(`KMS key ${source.KmsKeyId} of snapshot ${source.DBSnapshotIdentifier} is not accessible in ${region}`);
    }
    if (key.KeyManager === 'AWS') {
      throw new PreconditionFailed(
        `snapshot ${source.DBSnapshotIdentifier} is encrypted with the AWS-managed key aws/rds (${source.KmsKeyId}); ` +
          'its policy cannot be managed or shared, so this system only copies snapshots under a customer-managed key: ' +
          're-encrypt the database with a CMK (see docs/runbook.md#default-aws-rds-key)',
      );
    }
  }
}
