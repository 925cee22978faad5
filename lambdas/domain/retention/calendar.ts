/**
 * Calendar buckets in UTC for the retention tiers. Integers, so grouping is a
 * Map lookup: days since the epoch, ISO weeks since the epoch, months since year 0.
 * UTC has no daylight saving time: a DST change in any local zone moves nothing here.
 */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** UTC calendar day: days since 1970-01-01. */
export function utcDayKey(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/**
 * ISO week (Monday to Sunday, UTC): weeks since Monday 1969-12-29.
 * 1970-01-01 was a Thursday, three days after that Monday.
 */
export function isoWeekKey(ms: number): number {
  return Math.floor((utcDayKey(ms) + 3) / 7);
}

/** UTC calendar month: year * 12 + month index. */
export function utcMonthKey(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** ISO 8601 week label, e.g. "2026-W48" (the year is the ISO week-numbering year). */
export function isoWeekLabel(ms: number): string {
  const day = utcDayKey(ms);
  const dow = (((day + 3) % 7) + 7) % 7; // Monday = 0
  const thursday = new Date((day - dow + 3) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Adds calendar months in UTC, clamping the day (Jan 31 + 1 month = Feb 28/29). */
export function addUtcMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return Date.UTC(y, m, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}
