/**
 * Replica lag evidence: CloudWatch `ReplicaLag` datapoints (AWS/RDS, seconds).
 * No datapoint in the freshness window is "no evidence", which refuses a
 * failover and makes a replica unhealthy; it never counts as zero lag.
 */

export interface LagDatapoint {
  /** ISO time of the datapoint. */
  timestamp: string;
  /** Seconds behind the source. */
  value: number;
}

/** A datapoint newer than this many seconds counts as fresh. */
export const LAG_FRESHNESS_SECONDS = 300;
/** Datapoints stamped more than this many seconds in the future are not trusted (clock skew bound). */
export const LAG_FUTURE_TOLERANCE_SECONDS = 60;

export interface LagVerdict {
  /** True when a fresh datapoint exists and the newest one is at most maxLagSeconds. */
  ok: boolean;
  /** Seconds of lag in the newest fresh datapoint; undefined without fresh evidence. */
  lagSeconds?: number;
  /** Age in seconds of that datapoint. */
  ageSeconds?: number;
  evidence: string;
}

/** The newest fresh, well-formed datapoint at `now`, or undefined; of two at the same time, the larger lag (never the kinder one). */
export function newestFreshDatapoint(
  points: readonly LagDatapoint[],
  now: Date,
  freshnessSeconds = LAG_FRESHNESS_SECONDS,
): LagDatapoint | undefined {
  let best: { p: LagDatapoint; t: number } | undefined;
  for (const p of points) {
    const t = Date.parse(p.timestamp);
    if (!Number.isFinite(t) || !Number.isFinite(p.value) || p.value < 0) continue;
    const age = (now.getTime() - t) / 1000;
    if (age > freshnessSeconds || age < -LAG_FUTURE_TOLERANCE_SECONDS) continue;
    if (!best || t > best.t || (t === best.t && p.value > best.p.value)) best = { p, t };
  }
  return best?.p;
}

export function evaluateLag(
  points: readonly LagDatapoint[],
  now: Date,
  maxLagSeconds: number,
  freshnessSeconds = LAG_FRESHNESS_SECONDS,
): LagVerdict {
  const newest = newestFreshDatapoint(points, now, freshnessSeconds);
  if (!newest) {
    return {
      ok: false,
      evidence: `no ReplicaLag datapoint in the last ${freshnessSeconds} s (${points.length} older or invalid): no evidence counts as unsafe`,
    };
  }
  const ageSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(newest.timestamp)) / 1000));
  const ok = newest.value <= maxLagSeconds;
  return {
    ok,
    lagSeconds: newest.value,
    ageSeconds,
    evidence: `ReplicaLag ${newest.value} s ${ok ? '<=' : '>'} max ${maxLagSeconds} s (datapoint ${ageSeconds} s old)`,
  };
}
