/**
 * "No successful restore test in 8 days" (issue 11), pure. The freshness check measures, per
 * database, the time since the newest passed restore test (either region); before the first one
 * ever passed, since the check first looked (so a new deployment is not paged at once, but one
 * whose tests never pass is paged 8 days after it was deployed).
 */
export const NO_SUCCESS_ALARM_DAYS = 8;

export interface FreshnessEvidence {
  /** finishedAt of the last-success marker, if there is one. */
  lastSuccessAt?: string;
  /** When the check first found no marker (its own watch-start marker). */
  watchingSince?: string;
}

export interface Freshness {
  sinceSeconds: number;
  measuredFrom: 'last success' | 'first check without a success';
  at: string;
}

/** Seconds since the last success, else since the watch started; undefined when neither time is readable. */
export function freshness(e: FreshnessEvidence, now: Date): Freshness | undefined {
  const use = (v: string | undefined, from: Freshness['measuredFrom']): Freshness | undefined => {
    const t = Date.parse(v ?? '');
    if (Number.isNaN(t)) return undefined;
    return { sinceSeconds: Math.max(0, Math.round((now.getTime() - t) / 1000)), measuredFrom: from, at: new Date(t).toISOString() };
  };
  return use(e.lastSuccessAt, 'last success') ?? use(e.watchingSince, 'first check without a success');
}
