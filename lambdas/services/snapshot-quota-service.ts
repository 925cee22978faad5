/**
 * The manual-snapshot quota check the database backup runs before it creates a
 * snapshot: RDS DescribeAccountAttributes in both regions (the snapshot counts in
 * the primary region, its copy in the backup region). At 80 % or more in either
 * region it publishes a warning alert (workflow "snapshot-quota", one incident per
 * region). Advisory: a quota that cannot be read is reported in the step's output
 * and never stops the backup.
 */
import { DescribeAccountAttributesCommand, RDSClient } from '@aws-sdk/client-rds';
import type { ClientFactory } from '../runtime/clients';
import { awsErrorCode } from '../errors';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { buildFailureAlert } from '../domain/alerts/alert-message';
import { assessManualSnapshotQuota, DEFAULT_QUOTA_ALERT_RATIO, type ManualSnapshotQuota } from '../domain/retention/quota';
import type { AlertPublisher } from './alert-publisher';

/**
 * Why the quota could not be read. An answer that is not AWS's (an emulator's HTML error page: moto does not
 * implement DescribeAccountAttributes) says so instead of the SDK's XML parse error.
 */
export function quotaUnavailableReason(err: unknown): string {
  const e = err as Error & { $metadata?: { httpStatusCode?: number } };
  const message = String(e?.message ?? err);
  if (/XML parse error|Deserialization error/.test(message)) {
    const where = process.env.AWS_ENDPOINT_URL ? `the endpoint ${process.env.AWS_ENDPOINT_URL}` : 'the endpoint';
    return `${where} does not implement rds:DescribeAccountAttributes (HTTP ${e.$metadata?.httpStatusCode ?? '?'}, not an AWS answer; moto_server has no such call): the manual-snapshot quota is not known here; AWS answers it`;
  }
  return `${awsErrorCode(err) ?? 'Error'}: ${message.split('\n')[0].slice(0, 120)}`;
}

export type RegionQuota = ManualSnapshotQuota | { region: string; unavailable: string };

export interface QuotaCheckResult {
  regions: RegionQuota[];
  /** Regions a warning alert was published for. */
  alerted: string[];
}

export class SnapshotQuotaService {
  constructor(
    private readonly config: RuntimeConfig,
    private readonly clients: ClientFactory,
    private readonly alerts: Pick<AlertPublisher, 'publish'>,
    private readonly now: () => Date = () => new Date(),
    private readonly alertAtRatio: number = DEFAULT_QUOTA_ALERT_RATIO,
  ) {}

  async read(region: string): Promise<RegionQuota> {
    try {
      const out = await this.clients(RDSClient, region).send(new DescribeAccountAttributesCommand({}));
      return assessManualSnapshotQuota(out.AccountQuotas, region, this.alertAtRatio);
    } catch (err) {
      return { region, unavailable: quotaUnavailableReason(err) };
    }
  }

  /** Backup step 0: reads both regions; publishes a warning per region at or above the threshold. */
  async checkBeforeBackup(req: { request?: unknown; execution?: { Id?: string } }): Promise<QuotaCheckResult> {
    const regions = await Promise.all([this.read(this.config.primaryRegion), this.read(this.config.backupRegion)]);
    const alerted: string[] = [];
    for (const q of regions) {
      if (!('alert' in q) || !q.alert) continue;
      const alert = buildFailureAlert({
        deployment: this.config.deploymentId,
        workflow: 'snapshot-quota',
        resource: q.region,
        step: 'check snapshot quota',
        caught: {
          Error: 'SnapshotQuotaHigh',
          Cause: `${q.message}; retention deletes expired snapshots daily, or raise the RDS quota "Manual DB snapshots" in ${q.region}`,
        },
        severity: 'warning',
        executionArn: req?.execution?.Id ?? '(unknown execution)',
        time: this.now(),
      });
      await this.alerts.publish(alert);
      alerted.push(q.region);
    }
    return { regions, alerted };
  }
}
