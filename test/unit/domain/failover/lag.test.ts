import fc from 'fast-check';
import {
  evaluateLag,
  LAG_FRESHNESS_SECONDS,
  LAG_FUTURE_TOLERANCE_SECONDS,
  newestFreshDatapoint,
} from '../../../../lambdas/domain/failover/lag';
import { ago, NOW } from './fixtures';

describe('replica lag evidence', () => {
  it('refuses without any datapoint: no evidence is never zero lag', () => {
    const v = evaluateLag([], NOW, 60);
    expect(v.ok).toBe(false);
    expect(v.lagSeconds).toBeUndefined();
    expect(v.evidence).toContain('no ReplicaLag datapoint in the last 300 s');
  });

  it('refuses when the newest datapoint is older than 5 minutes, even with zero lag', () => {
    expect(evaluateLag([{ timestamp: ago(301), value: 0 }], NOW, 60).ok).toBe(false);
  });

  it('accepts a datapoint exactly 5 minutes old and exactly at the maximum', () => {
    const v = evaluateLag([{ timestamp: ago(300), value: 60 }], NOW, 60);
    expect(v).toMatchObject({ ok: true, lagSeconds: 60, ageSeconds: 300 });
    expect(v.evidence).toBe('ReplicaLag 60 s <= max 60 s (datapoint 300 s old)');
  });

  it('refuses one second over the maximum', () => {
    const v = evaluateLag([{ timestamp: ago(10), value: 61 }], NOW, 60);
    expect(v).toMatchObject({ ok: false, lagSeconds: 61 });
    expect(v.evidence).toBe('ReplicaLag 61 s > max 60 s (datapoint 10 s old)');
  });

  it('judges the newest fresh datapoint, not an older one', () => {
    expect(
      evaluateLag(
        [
          { timestamp: ago(200), value: 500 },
          { timestamp: ago(20), value: 3 },
        ],
        NOW,
        60,
      ),
    ).toMatchObject({ ok: true, lagSeconds: 3 });
    expect(
      evaluateLag(
        [
          { timestamp: ago(20), value: 500 },
          { timestamp: ago(200), value: 3 },
        ],
        NOW,
        60,
      ),
    ).toMatchObject({ ok: false, lagSeconds: 500 });
  });

  it('ignores negative, NaN, unparsable and far-future datapoints', () => {
    const bad = [
      { timestamp: ago(5), value: -1 },
      { timestamp: ago(5), value: Number.NaN },
      { timestamp: 'yesterday', value: 1 },
      { timestamp: ago(-(LAG_FUTURE_TOLERANCE_SECONDS + 1)), value: 1 },
    ];
    expect(newestFreshDatapoint(bad, NOW)).toBeUndefined();
    expect(evaluateLag(bad, NOW, 60).ok).toBe(false);
    expect(newestFreshDatapoint([{ timestamp: ago(-LAG_FUTURE_TOLERANCE_SECONDS), value: 1 }], NOW)?.value).toBe(1);
  });

  it('of two datapoints at the same time, the larger lag counts, whatever their order', () => {
    const low = { timestamp: ago(30), value: 5 };
    const high = { timestamp: ago(30), value: 90 };
    expect(newestFreshDatapoint([low, high], NOW)).toEqual(high);
    expect(newestFreshDatapoint([high, low], NOW)).toEqual(high);
    expect(evaluateLag([high, low], NOW, 60).ok).toBe(false);
  });

  it('property: passes exactly when some fresh valid datapoint exists and the newest one is within the maximum', () => {
    const point = fc.record({
      age: fc.integer({ min: -120, max: 900 }),
      value: fc.oneof(fc.integer({ min: -5, max: 400 }), fc.constant(Number.NaN)),
    });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 8 }), fc.integer({ min: 1, max: 300 }), (points, max) => {
        const data = points.map((p) => ({ timestamp: ago(p.age), value: p.value }));
        const fresh = points.filter(
          (p) => p.age <= LAG_FRESHNESS_SECONDS && p.age >= -LAG_FUTURE_TOLERANCE_SECONDS && Number.isFinite(p.value) && p.value >= 0,
        );
        const newest = fresh.reduce<(typeof fresh)[number] | undefined>(
          (b, p) => (!b || p.age < b.age || (p.age === b.age && p.value > b.value) ? p : b),
          undefined,
        );
        const v = evaluateLag(data, NOW, max);
        expect(v.ok).toBe(newest !== undefined && newest.value <= max);
        if (newest) expect(v.lagSeconds).toBe(newest.value);
        else expect(v.lagSeconds).toBeUndefined();
      }),
    );
  });
});
