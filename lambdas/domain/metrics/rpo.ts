/**
 * Recovery point objective: how old is the newest verified backup of each
 * resource in each region, and how far behind "now" point-in-time restore is.
 * Pure: the RPO check service gathers the facts, this decides.
 */
import { InvalidInput } from '../../errors';
import { METRICS, type MetricPoint } from './catalog';

export type ResourceKind = 'database' | 'cache';
export type RegionRole = 'primary' | 'backup';

/** A backup of one resource in one region, as the check sees it. */
export interface RecoveryPointCandidate {
  id: string;
  region: string;
  status: string;
  /** The moment the data is from: SnapshotCreateTime, or OriginalSnapshotCreateTime for cross-region copies. */
  recoveryPointTime?: Date;
  /** The muejam:verified-at tag, when the verify step passed. */
  verifiedAt?: string;
}

export interface RecoveryPoint {
  snapshotId: string;
  recoveryPointTime: string;
  verifiedAt: string;
}

export type RpoStatus = 'ok' | 'breached' | 'no-verified-backup';

export interface RegionRpo {
  region: string;
  role: RegionRole;
  newest: RecoveryPoint | null;
  ageSeconds: number | null;
  status: RpoStatus;
}

export interface ResourceRpo {
  resource: string;
  kind: ResourceKind;
  /** The RPO this resource is held to (rpoHoursFor). */
  rpoHours: number;
  regions: RegionRpo[];
  /** Databases: now - LatestRestorableTime in the primary region; null when unknown. */
  pitrLagSeconds: number | null;
  /** Databases: now - the newest restorable time of the replicated automated backups in the backup region; null when none. */
  backupPitrLagSeconds?: number | null;
}

export interface RpoReport {
  checkedAt: string;
  /** The configured (database) RPO; each resource carries its own. */
  rpoHours: number;
  resources: ResourceRpo[];
  /** True when every region of every resource is within the RPO. */
  compliant: boolean;
}

/** The newest verified, available candidate by recovery point time; undefined when there is none. */
export function newestVerified(candidates: readonly RecoveryPointCandidate[]): RecoveryPoint | undefined {
  let best: RecoveryPointCandidate | undefined;
  for (const c of candidates) {
    if (c.status !== 'available' || !c.verifiedAt || !c.recoveryPointTime || Number.isNaN(c.recoveryPointTime.getTime())) continue;
    if (!best || c.recoveryPointTime.getTime() > best.recoveryPointTime!.getTime()) best = c;
  }
  return best ? { snapshotId: best.id, recoveryPointTime: best.recoveryPointTime!.toISOString(), verifiedAt: best.verifiedAt! } : undefined;
}

/**
 * Caches are backed up once a day (redisBackupSchedule), so their newest
 * backup is up to 24 h old by design, plus the time to export, copy and
 * verify it: their RPO is never tighter than 26 h. Databases use the
 * configured RPO.
 */
export const CACHE_RPO_FLOOR_HOURS = 26;

export function rpoHoursFor(kind: ResourceKind, rpoHours: number): number {
  return kind === 'cache' ? Math.max(rpoHours, CACHE_RPO_FLOOR_HOURS) : rpoHours;
}

export function validateRpoHours(value: unknown, field = 'rpoHours'): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0.25 || n > 168) {
    throw new InvalidInput(field, 'must be a number of hours from 0.25 to 168');
  }
  return n;
}

export function regionRpo(o: {
  region: string;
  role: RegionRole;
  candidates: readonly RecoveryPointCandidate[];
  now: Date;
  rpoHours: number;
}): RegionRpo {
  const newest = newestVerified(o.candidates) ?? null;
  const ageSeconds = newest ? Math.max(0, Math.round((o.now.getTime() - Date.parse(newest.recoveryPointTime)) / 1000)) : null;
  const status: RpoStatus = ageSeconds === null ? 'no-verified-backup' : ageSeconds > o.rpoHours * 3600 ? 'breached' : 'ok';
  return { region: o.region, role: o.role, newest, ageSeconds, status };
}

export function pitrLagSeconds(latestRestorableTime: Date | undefined, now: Date): number | null {
  if (!latestRestorableTime || Number.isNaN(latestRestorableTime.getTime())) return null;
  return Math.max(0, Math.round((now.getTime() - latestRestorableTime.getTime()) / 1000));
}

export function rpoReport(o: { checkedAt: Date; rpoHours: number; resources: ResourceRpo[] }): RpoReport {
  return {
    checkedAt: o.checkedAt.toISOString(),
    rpoHours: o.rpoHours,
    resources: o.resources,
    compliant: o.resources.every((r) => r.regions.every((g) => g.status === 'ok')),
  };
}

/**
 * The points the RPO check publishes. A region without a verified backup
 * publishes no age: the RPO alarm treats missing data as breaching, so "no
 * backup at all" and "the check stopped running" both page.
 */
export function rpoPoints(report: RpoReport): MetricPoint[] {
  const at = new Date(report.checkedAt);
  const points: MetricPoint[] = [];
  for (const r of report.resources) {
    for (const g of r.regions) {
      if (g.ageSeconds !== null) {
        points.push({
          metric: METRICS.newestVerifiedBackupAge,
          value: g.ageSeconds,
          dimensions: { Resource: r.resource, Region: g.region },
          timestamp: at,
        });
      }
    }
    if (r.pitrLagSeconds !== null)
      points.push({ metric: METRICS.pitrLag, value: r.pitrLagSeconds, dimensions: { Resource: r.resource }, timestamp: at });
    // None when nothing is replicated: the backup-region PITR lag alarm treats missing data as breaching.
    if (typeof r.backupPitrLagSeconds === 'number') {
      const backup = r.regions.find((g) => g.role === 'backup')?.region ?? '';
      points.push({
        metric: METRICS.backupRegionPitrLag,
        value: r.backupPitrLagSeconds,
        dimensions: { Resource: r.resource, Region: backup },
        timestamp: at,
      });
    }
  }
  return points;
}
