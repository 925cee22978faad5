/**
 * The figures of a finished restore (RTO: request -> available -> verified; the age of the data)
 * and its metric points. Pure.
 */
import { InvalidInput } from '../../errors';
import { METRICS, type MetricPoint } from '../metrics/catalog';

export interface RestoreTimes {
  /** When the restore was requested (the execution's start). */
  requestedAt: string;
  /** When the instance was first seen available. */
  availableAt: string;
  verifiedAt: string;
  /** The point in time the data represents. */
  pointInTime: string;
}

export interface RestoreFigures {
  /** Seconds from request to verified: the measured RTO. */
  rtoSeconds: number;
  requestToAvailableSeconds: number;
  availableToVerifiedSeconds: number;
  /** Seconds between the data's point in time and the end of the restore. */
  restoredDataAgeSeconds: number;
}

function at(field: string, v: string): number {
  const t = Date.parse(v);
  if (!v || Number.isNaN(t)) throw new InvalidInput(field, `${JSON.stringify(v)} is not an ISO-8601 time`);
  return t;
}

export function restoreFigures(t: RestoreTimes): RestoreFigures {
  const requested = at('requestedAt', t.requestedAt);
  const available = at('availableAt', t.availableAt);
  const verified = at('verifiedAt', t.verifiedAt);
  const point = at('pointInTime', t.pointInTime);
  const s = (ms: number) => Math.max(0, Math.round(ms / 1000));
  return {
    rtoSeconds: s(verified - requested),
    requestToAvailableSeconds: s(available - requested),
    availableToVerifiedSeconds: s(verified - available),
    restoredDataAgeSeconds: s(verified - point),
  };
}

/** "2 h 05 min" / "4 min 10 s". */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const sec = seconds % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(sec).padStart(2, '0')} s`;
  return `${sec} s`;
}

export function restoreSucceededPoints(o: {
  workflow: string;
  db: string;
  region: string;
  figures: RestoreFigures;
  at: Date;
}): MetricPoint[] {
  const d = { Workflow: o.workflow, Resource: o.db, Region: o.region };
  return [
    { metric: METRICS.restoreSucceeded, value: 1, dimensions: d, timestamp: o.at },
    { metric: METRICS.restoreFailed, value: 0, dimensions: d, timestamp: o.at },
    { metric: METRICS.restoreDuration, value: o.figures.rtoSeconds, dimensions: d, timestamp: o.at },
    { metric: METRICS.restoredDataAge, value: o.figures.restoredDataAgeSeconds, dimensions: d, timestamp: o.at },
    { metric: METRICS.workflowSucceeded, value: 1, dimensions: { Workflow: o.workflow, Resource: o.db }, timestamp: o.at },
  ];
}

export function restoreFailedPoints(o: { workflow: string; db: string; region: string; at: Date }): MetricPoint[] {
  const d = { Workflow: o.workflow, Resource: o.db, Region: o.region };
  return [
    { metric: METRICS.restoreFailed, value: 1, dimensions: d, timestamp: o.at },
    { metric: METRICS.restoreSucceeded, value: 0, dimensions: d, timestamp: o.at },
  ];
}
