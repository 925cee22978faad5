/**
 * The retention policy: how long each tier holds a snapshot, the floor and the
 * grace for primaries whose backup-region copy never got verified.
 * Validated here; every error names the field and the allowed range.
 */
import { InvalidInput } from '../../errors';

export interface RetentionPolicy {
  /** Keep every backup younger than this many hours (the 6-hourly restore points). */
  keepLastHours: number;
  /** Keep the newest backup of each UTC calendar day for this many days. */
  dailyDays: number;
  /** Keep the newest backup of each ISO week (UTC) for this many days. */
  weeklyDays: number;
  /** Keep the newest backup of each UTC calendar month for this many months (0 = tier off). */
  monthlyMonths: number;
  /** Always keep the newest N verified backups of each database in each region, whatever else applies. */
  floor: number;
  /**
   * A primary-region snapshot whose backup-region copy is not verified is kept until it is past
   * policy by more than this many days.
   */
  unverifiedCopyGraceDays: number;
}

export const DEFAULT_RETENTION_POLICY: Readonly<RetentionPolicy> = Object.freeze({
  keepLastHours: 24,
  dailyDays: 30,
  weeklyDays: 90,
  monthlyMonths: 0,
  floor: 3,
  unverifiedCopyGraceDays: 7,
});

/** Allowed range of each field (integers, inclusive). */
export const RETENTION_POLICY_RANGES: Readonly<Record<keyof RetentionPolicy, readonly [number, number]>> = Object.freeze({
  keepLastHours: [0, 24 * 366] as const,
  dailyDays: [0, 3660] as const,
  weeklyDays: [0, 3660] as const,
  monthlyMonths: [0, 120] as const,
  // The floor is a safety rule: at least the newest verified backup always stays.
  floor: [1, 100] as const,
  unverifiedCopyGraceDays: [0, 365] as const,
});

const FIELDS = Object.keys(RETENTION_POLICY_RANGES) as (keyof RetentionPolicy)[];

/**
 * Validates a policy. Missing fields take the platform's defaults; unknown
 * fields are rejected (a typo must not silently fall back to a default).
 */
export function validateRetentionPolicy(input: unknown, field = 'policy'): RetentionPolicy {
  if (input === undefined || input === null) return { ...DEFAULT_RETENTION_POLICY };
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new InvalidInput(field, `must be an object with the fields ${FIELDS.join(', ')}`);
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!(FIELDS as string[]).includes(key)) {
      throw new InvalidInput(`${field}.${key}`, `is not a retention setting; allowed: ${FIELDS.join(', ')}`);
    }
  }
  const out = { ...DEFAULT_RETENTION_POLICY };
  for (const key of FIELDS) {
    const v = raw[key];
    if (v === undefined) continue;
    const [min, max] = RETENTION_POLICY_RANGES[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new InvalidInput(`${field}.${key}`, `must be an integer from ${min} to ${max} (got ${JSON.stringify(v)})`);
    }
    out[key] = v;
  }
  return out;
}
