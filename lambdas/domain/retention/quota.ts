/**
 * Manual-snapshot quota headroom, from RDS DescribeAccountAttributes'
 * AccountQuotas (`ManualSnapshots`: Used / Max, per account and region).
 * Pure: the caller passes the AccountQuotas array it got from the SDK.
 */
import { InvalidInput } from '../../errors';

export interface AccountQuotaLike {
  AccountQuotaName?: string;
  Used?: number;
  Max?: number;
}

export const MANUAL_SNAPSHOTS_QUOTA = 'ManualSnapshots';
export const DEFAULT_QUOTA_ALERT_RATIO = 0.8;

export interface ManualSnapshotQuota {
  region: string;
  used: number;
  max: number;
  /** Snapshots that can still be created before the quota is reached. */
  headroom: number;
  /** used / max, as a whole percentage (rounded down). */
  usedPercent: number;
  /** True when usage is at or above the alert ratio (the backup workflow alerts, severity warning). */
  alert: boolean;
  alertAtPercent: number;
  /** One line for a report or an alert. */
  message: string;
}

export function assessManualSnapshotQuota(
  accountQuotas: AccountQuotaLike[] | undefined,
  region: string,
  alertAtRatio: number = DEFAULT_QUOTA_ALERT_RATIO,
): ManualSnapshotQuota {
  if (typeof alertAtRatio !== 'number' || !(alertAtRatio > 0 && alertAtRatio <= 1)) {
    throw new InvalidInput('alertAtRatio', `must be a number greater than 0 and at most 1 (got ${JSON.stringify(alertAtRatio)})`);
  }
  if (!Array.isArray(accountQuotas)) {
    throw new InvalidInput('AccountQuotas', 'must be the array returned by DescribeAccountAttributes');
  }
  const q = accountQuotas.find((x) => x?.AccountQuotaName === MANUAL_SNAPSHOTS_QUOTA);
  if (!q) throw new InvalidInput('AccountQuotas', `must contain a ${MANUAL_SNAPSHOTS_QUOTA} entry`);
  const { Used: used, Max: max } = q;
  if (typeof used !== 'number' || !Number.isInteger(used) || used < 0) {
    throw new InvalidInput(`AccountQuotas.${MANUAL_SNAPSHOTS_QUOTA}.Used`, `must be a whole number >= 0 (got ${JSON.stringify(used)})`);
  }
  if (typeof max !== 'number' || !Number.isInteger(max) || max <= 0) {
    throw new InvalidInput(`AccountQuotas.${MANUAL_SNAPSHOTS_QUOTA}.Max`, `must be a whole number > 0 (got ${JSON.stringify(max)})`);
  }
  const headroom = Math.max(0, max - used);
  const usedPercent = Math.floor((used * 100) / max);
  const alertAtPercent = Math.round(alertAtRatio * 100);
  const alert = used >= alertAtRatio * max;
  const message = alert
    ? `manual snapshot quota in ${region} is ${usedPercent}% used (${used} of ${max}, headroom ${headroom}): at or above the ${alertAtPercent}% alert threshold`
    : `manual snapshot quota in ${region}: ${used} of ${max} used (${usedPercent}%), headroom ${headroom}`;
  return { region, used, max, headroom, usedPercent, alert, alertAtPercent, message };
}
