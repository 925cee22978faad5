import fc from 'fast-check';
import { addUtcMonths, isoWeekKey, isoWeekLabel, utcDayKey, utcMonthKey } from '../../../../lambdas/domain/retention/calendar';
import { DEFAULT_RETENTION_POLICY, RETENTION_POLICY_RANGES, validateRetentionPolicy } from '../../../../lambdas/domain/retention/policy';

describe('retention policy validation', () => {
  it('defaults to the platform policy: 24 h, 30 d dailies, 90 d weeklies, monthly off, floor 3, grace 7 d', () => {
    expect(validateRetentionPolicy(undefined)).toEqual({
      keepLastHours: 24,
      dailyDays: 30,
      weeklyDays: 90,
      monthlyMonths: 0,
      floor: 3,
      unverifiedCopyGraceDays: 7,
    });
    expect(validateRetentionPolicy({ dailyDays: 45 })).toEqual({ ...DEFAULT_RETENTION_POLICY, dailyDays: 45 });
  });

  it('accepts both ends of every range and rejects one past them, naming field and range', () => {
    for (const [field, [min, max]] of Object.entries(RETENTION_POLICY_RANGES)) {
      expect(validateRetentionPolicy({ [field]: min })).toMatchObject({ [field]: min });
      expect(validateRetentionPolicy({ [field]: max })).toMatchObject({ [field]: max });
      for (const bad of [min - 1, max + 1, 0.5 + min, '7', null, Number.NaN]) {
        expect(() => validateRetentionPolicy({ [field]: bad })).toThrow(
          new RegExp(`policy\\.${field}: must be an integer from ${min} to ${max}`),
        );
      }
    }
  });

  it('rejects a non-object and names the caller field', () => {
    expect(() => validateRetentionPolicy([], 'retention')).toThrow(/retention: must be an object with the fields keepLastHours/);
    expect(() => validateRetentionPolicy({ floors: 3 }, 'retention')).toThrow(/retention\.floors: is not a retention setting/);
  });
});

describe('UTC calendar buckets', () => {
  it('ISO weeks run Monday to Sunday in UTC', () => {
    const sun = Date.parse('2026-11-22T23:59:59.999Z');
    const mon = Date.parse('2026-11-23T00:00:00Z');
    expect(isoWeekKey(mon)).toBe(isoWeekKey(sun) + 1);
    expect(isoWeekKey(Date.parse('2026-11-29T23:59:59Z'))).toBe(isoWeekKey(mon));
    expect(isoWeekLabel(mon)).toBe('2026-W48');
  });

  it.each([
    ['2026-01-01T00:00:00Z', '2026-W01'], // Thursday
    ['2027-01-01T00:00:00Z', '2026-W53'], // Friday: belongs to 2026's week 53
    ['2024-12-30T00:00:00Z', '2025-W01'], // Monday
    ['2021-01-03T00:00:00Z', '2020-W53'],
    ['1969-12-31T00:00:00Z', '1970-W01'],
  ])('%s is in ISO week %s', (at, label) => {
    expect(isoWeekLabel(Date.parse(at))).toBe(label);
  });

  it('the week key and the ISO label agree (same key <=> same label) on random instants', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.integer({ min: 0, max: 20 * 86_400_000 }), (a, delta) => {
        const b = a + delta;
        expect(isoWeekKey(a) === isoWeekKey(b)).toBe(isoWeekLabel(a) === isoWeekLabel(b));
        expect(utcDayKey(a) === utcDayKey(b)).toBe(new Date(a).toISOString().slice(0, 10) === new Date(b).toISOString().slice(0, 10));
        expect(utcMonthKey(a) === utcMonthKey(b)).toBe(new Date(a).toISOString().slice(0, 7) === new Date(b).toISOString().slice(0, 7));
      }),
      { numRuns: 2000 },
    );
  });

  it('adds calendar months with the day clamped', () => {
    const add = (at: string, n: number) => new Date(addUtcMonths(Date.parse(at), n)).toISOString();
    expect(add('2026-01-31T18:00:00Z', 1)).toBe('2026-02-28T18:00:00.000Z');
    expect(add('2028-01-31T18:00:00Z', 1)).toBe('2028-02-29T18:00:00.000Z');
    expect(add('2026-11-30T06:00:00Z', 3)).toBe('2027-02-28T06:00:00.000Z');
    expect(add('2026-05-15T00:00:00Z', 12)).toBe('2027-05-15T00:00:00.000Z');
    expect(add('2026-05-15T00:00:00Z', 0)).toBe('2026-05-15T00:00:00.000Z');
  });
});
