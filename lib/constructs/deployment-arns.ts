/**
 * Literal ARNs of what one deployment may touch, built from the configuration
 * (no tokens: the IAM statements are readable in the template and their
 * cdk-nag findings are known at synth time).
 */
import type { BackupConfig } from '../config';

export class DeploymentArns {
  constructor(private readonly c: Pick<BackupConfig, 'partition' | 'account' | 'snapshotPrefix'>) {}

  private arn(service: string, region: string, resource: string): string {
    return `arn:${this.c.partition}:${service}:${region}:${this.c.account}:${resource}`;
  }

  /** The RDS instance `db` (RDS stores identifiers lower-cased). */
  dbInstance(region: string, db: string): string {
    return this.arn('rds', region, `db:${db.toLowerCase()}`);
  }

  /** Every snapshot this system names for `db`: `<prefix>-<db>-<YYYYMMDDTHHMMZ>` (same name in both regions). */
  dbSnapshots(region: string, db: string): string {
    return this.arn('rds', region, `snapshot:${this.c.snapshotPrefix}-${db.toLowerCase()}-*`);
  }

  /** Any KMS key of the account in `region` (narrowed by conditions where used). */
  kmsKeys(region: string): string {
    return this.arn('kms', region, 'key/*');
  }
}
