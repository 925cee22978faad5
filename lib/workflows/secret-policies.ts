/**
 * Reading database credentials from Secrets Manager, shared by the SQL checks of the restore test
 * and the failover's write probe: GetSecretValue on the named secrets, and kms:Decrypt only
 * through Secrets Manager in the secrets' regions (a secret's key is the one Secrets Manager uses;
 * an RDS-managed secret's key is chosen by RDS, so the key ARN is not known here).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type { BackupConfig } from '../config';
import { because } from '../constructs/wildcard-reasons';

/** The RDS-managed master secrets of a region: RDS names them `rds!db-<id>`. */
export const rdsManagedSecrets = (c: BackupConfig, region: string) =>
  `arn:${c.partition}:secretsmanager:${region}:${c.account}:secret:rds!db-*`;

export function decryptViaSecretsManager(c: BackupConfig, sid: string, regions: readonly string[], reason: string): iam.PolicyStatement {
  return because(
    reason,
    new iam.PolicyStatement({
      sid,
      actions: ['kms:Decrypt'],
      resources: regions.map((r) => `arn:${c.partition}:kms:${r}:${c.account}:key/*`),
      conditions: { StringEquals: { 'kms:ViaService': regions.map((r) => `secretsmanager.${r}.amazonaws.com`) } },
    }),
  );
}
