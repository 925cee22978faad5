/**
 * "Is the primary really down?" from more than one signal: health checks are
 * unreliable inside a degraded zone, so one signal alone never starts a
 * failover. Signals: the instance status RDS reports, a connection probe to
 * its endpoint, and the primary-down alarm held for `confirmMinutes`.
 * At least two must say "down", unless the operator forces with a reason.
 */

/** Statuses in which the instance serves no (or no safe) traffic. */
export const DOWN_STATUSES: ReadonlySet<string> = new Set([
  'not-found',
  'stopped',
  'stopping',
  'failed',
  'inaccessible-encryption-credentials',
  'inaccessible-encryption-credentials-recoverable',
  'incompatible-network',
  'incompatible-parameters',
  'incompatible-restore',
  'restore-error',
  'storage-full',
]);

/** Down signals needed to confirm the primary is down (more than one). */
export const REQUIRED_DOWN_SIGNALS = 2;

export interface PrimarySignals {
  /** DBInstanceStatus, or "not-found". */
  status: string;
  /** Outcome of a TCP connection to the primary's endpoint. */
  probe: { reachable: boolean; detail: string /** No probe was possible (no network path): evidence of nothing. */; notRun?: boolean };
  /** The primary-down alarm: its state and since when (ISO), or "missing" when it does not exist. */
  alarm: { name: string; state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA' | 'missing'; since?: string };
}

export interface SignalVerdict {
  signal: 'status' | 'connection-probe' | 'primary-down-alarm';
  down: boolean;
  evidence: string;
  /** The signal could not be taken (the probe had no network path): neither up nor down. */
  noEvidence?: boolean;
}

export function judgeSignals(s: PrimarySignals, now: Date, confirmMinutes: number): SignalVerdict[] {
  const statusDown = DOWN_STATUSES.has(s.status);
  const sinceMs = s.alarm.since ? Date.parse(s.alarm.since) : Number.NaN;
  const heldMinutes = Number.isFinite(sinceMs) ? (now.getTime() - sinceMs) / 60000 : 0;
  const alarmDown = s.alarm.state === 'ALARM' && Number.isFinite(sinceMs) && heldMinutes >= confirmMinutes;
  const alarmEvidence =
    s.alarm.state === 'ALARM'
      ? `${s.alarm.name} in ALARM for ${Math.max(0, Math.floor(heldMinutes))} min (${alarmDown ? '>=' : '<'} ${confirmMinutes} min needed)`
      : `${s.alarm.name} is ${s.alarm.state}`;
  return [
    { signal: 'status', down: statusDown, evidence: `status ${s.status} (${statusDown ? 'not serving' : 'serving'})` },
    {
      signal: 'connection-probe',
      down: !s.probe.reachable && s.probe.notRun !== true,
      evidence: s.probe.detail,
      ...(s.probe.notRun ? { noEvidence: true } : {}),
    },
    { signal: 'primary-down-alarm', down: alarmDown, evidence: alarmEvidence },
  ];
}

export interface PrimaryHealthVerdict {
  /** True when the failover may go on: the primary is confirmed down, or the operator forced with a reason. */
  passed: boolean;
  confirmedDown: boolean;
  forced: boolean;
  downSignals: number;
  signals: SignalVerdict[];
  evidence: string;
}

export function evaluatePrimaryHealth(
  s: PrimarySignals,
  now: Date,
  confirmMinutes: number,
  force: { force: boolean; reason: string },
): PrimaryHealthVerdict {
  const signals = judgeSignals(s, now, confirmMinutes);
  const downSignals = signals.filter((v) => v.down).length;
  const confirmedDown = downSignals >= REQUIRED_DOWN_SIGNALS;
  const forced = !confirmedDown && force.force && force.reason.trim() !== '';
  const listed = signals.map((v) => `${v.signal}: ${v.down ? 'DOWN' : v.noEvidence ? 'no evidence' : 'up'} (${v.evidence})`).join('; ');
  const head = confirmedDown
    ? `primary down on ${downSignals} of ${signals.length} signals`
    : forced
      ? `FORCED by the operator ("${force.reason.trim()}") with ${downSignals} of ${signals.length} signals down`
      : `primary not confirmed down: ${downSignals} of ${signals.length} signals down, ${REQUIRED_DOWN_SIGNALS} needed (or force with a reason)`;
  return { passed: confirmedDown || forced, confirmedDown, forced, downSignals, signals, evidence: `${head}; ${listed}` };
}
