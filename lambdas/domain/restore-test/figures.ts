/**
 * The restore test's figures: RTO (restore requested -> instance available -> checks
 * passed), restore throughput and its projection to 100 GiB against the RTO target,
 * and the RPO measured from the data (newest write in the data vs the backup's
 * creation time). Pure.
 */
import { InvalidInput } from '../../errors';

export const PROJECTION_GIB = 100;

export interface RestoreTestTimes {
  restoreRequestedAt: string;
  availableAt: string;
  checksFinishedAt: string;
}

export interface RtoFigures {
  restoreSeconds: number;
  checkSeconds: number;
  /** Request to checks passed. */
  rtoSeconds: number;
  allocatedStorageGiB: number;
  /** Allocated GiB restored per hour (0 when the restore took no measurable time). */
  throughputGiBPerHour: number;
  /** Restore time scaled linearly to 100 GiB (never below the measured restore) plus the check time. */
  projected100GiBRtoSeconds: number;
  rtoTargetSeconds: number;
  projectedWithinTarget: boolean;
}

function time(field: string, v: string): number {
  const t = Date.parse(v);
  if (typeof v !== 'string' || Number.isNaN(t)) throw new InvalidInput(field, `${JSON.stringify(v)} is not an ISO-8601 time`);
  return t;
}

export function rtoFigures(t: RestoreTestTimes, allocatedStorageGiB: number, rtoHours: number): RtoFigures {
  const requested = time('restoreRequestedAt', t.restoreRequestedAt);
  const available = time('availableAt', t.availableAt);
  const finished = time('checksFinishedAt', t.checksFinishedAt);
  if (!(Number.isFinite(allocatedStorageGiB) && allocatedStorageGiB > 0)) {
    throw new InvalidInput('allocatedStorageGiB', `${allocatedStorageGiB} is not allowed: the restored instance's storage in GiB, above 0`);
  }
  if (!(Number.isFinite(rtoHours) && rtoHours > 0)) throw new InvalidInput('rtoHours', `${rtoHours} is not allowed: hours above 0`);
  const s = (ms: number) => Math.max(0, Math.round(ms / 10) / 100);
  const restoreSeconds = s(available - requested);
  const checkSeconds = s(finished - available);
  const scaled = Math.max(restoreSeconds, (restoreSeconds * PROJECTION_GIB) / allocatedStorageGiB);
  const projected = Math.round((scaled + checkSeconds) * 100) / 100;
  const rtoTargetSeconds = rtoHours * 3600;
  return {
    restoreSeconds,
    checkSeconds,
    rtoSeconds: Math.round((restoreSeconds + checkSeconds) * 100) / 100,
    allocatedStorageGiB,
    throughputGiBPerHour: restoreSeconds > 0 ? Math.round((allocatedStorageGiB / restoreSeconds) * 3600 * 100) / 100 : 0,
    projected100GiBRtoSeconds: projected,
    rtoTargetSeconds,
    projectedWithinTarget: projected <= rtoTargetSeconds,
  };
}

export interface DataAge {
  /** Seconds between the newest write in the data and the backup's creation: the RPO the backup really gives. */
  dataAgeSeconds: number;
  newestWrite: string;
  backupCreatedAt: string;
  /** True when the newest write is after the backup's creation time (clock skew): the age is reported as 0. */
  skewed: boolean;
}

export function dataAge(newestWrite: Date, backupCreatedAt: Date): DataAge {
  const ms = backupCreatedAt.getTime() - newestWrite.getTime();
  return {
    dataAgeSeconds: Math.max(0, Math.round(ms / 1000)),
    newestWrite: newestWrite.toISOString(),
    backupCreatedAt: backupCreatedAt.toISOString(),
    skewed: ms < 0,
  };
}
