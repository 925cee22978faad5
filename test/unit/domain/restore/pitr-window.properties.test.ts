/**
 * Property tests of the point-in-time window logic (fast-check): any time inside the window is
 * restored exactly; any time before, after or in the future is refused naming the window; `latest`
 * always maps to UseLatestRestorableTime at the window's latest point.
 */
import fc from 'fast-check';
import { describeWindow, placeRestoreTime, type RestoreWindow, restoreWindowOf } from '../../../../lambdas/domain/restore/pitr-window';

const RUNS = { numRuns: 300 };
const MIN = 60_000;
const BASE = Date.parse('2026-12-03T05:00:00Z');

/** A window of 1 min to 35 days ending up to 30 min before now. */
const scenario = fc
  .record({
    lengthMin: fc.integer({ min: 1, max: 35 * 24 * 60 }),
    lagMs: fc.integer({ min: 0, max: 30 * MIN }),
    nowOffset: fc.integer({ min: 0, max: 365 * 24 * 60 }),
  })
  .map(({ lengthMin, lagMs, nowOffset }) => {
    const now = BASE + nowOffset * MIN;
    const latest = now - lagMs;
    const earliest = latest - lengthMin * MIN;
    const window: RestoreWindow = { earliest: new Date(earliest), latest: new Date(latest) };
    return { now: new Date(now), window, earliest, latest };
  });

function refusal(f: () => unknown): { name: string; field?: string; message: string } {
  try {
    f();
  } catch (e) {
    return e as { name: string; field?: string; message: string };
  }
  throw new Error('expected a refusal');
}

test('a time inside the window is restored exactly, never as "latest"', () => {
  fc.assert(
    fc.property(scenario, fc.double({ min: 0, max: 1, noNaN: true }), ({ now, window, earliest, latest }, f) => {
      const t = Math.round(earliest + (latest - earliest) * f);
      const p = placeRestoreTime(new Date(t), window, now);
      expect(p.useLatestRestorableTime).toBe(false);
      expect(p.pointInTime).toBe(new Date(t).toISOString());
      expect(p.window).toEqual({ earliest: new Date(earliest).toISOString(), latest: new Date(latest).toISOString() });
    }),
    RUNS,
  );
});

test('a time before the earliest point is refused on restoreTime, naming both ends of the window', () => {
  fc.assert(
    fc.property(scenario, fc.integer({ min: 1, max: 10 * 365 * 24 * 60 * MIN }), ({ now, window, earliest }, before) => {
      const e = refusal(() => placeRestoreTime(new Date(earliest - before), window, now));
      expect(e.name).toBe('InvalidInput');
      expect(e.field).toBe('restoreTime');
      expect(e.message).toContain(describeWindow(window));
      expect(e.message).toContain('before the earliest');
    }),
    RUNS,
  );
});

test('a time after the latest point but not in the future is refused as after the window', () => {
  fc.assert(
    fc.property(scenario, fc.double({ min: 0, max: 1, noNaN: true }), ({ now, window, latest }, f) => {
      const gap = now.getTime() - latest;
      fc.pre(gap >= 2);
      const t = latest + 1 + Math.floor((gap - 1) * f);
      const e = refusal(() => placeRestoreTime(new Date(t), window, now));
      expect(e.field).toBe('restoreTime');
      expect(e.message).toContain('after the latest restorable time');
      expect(e.message).toContain(describeWindow(window));
    }),
    RUNS,
  );
});

test('a time in the future is refused as such, whatever the window', () => {
  fc.assert(
    fc.property(scenario, fc.integer({ min: 1, max: 365 * 24 * 60 * MIN }), ({ now, window }, ahead) => {
      const e = refusal(() => placeRestoreTime(new Date(now.getTime() + ahead), window, now));
      expect(e.field).toBe('restoreTime');
      expect(e.message).toContain('is in the future');
      expect(e.message).toContain(describeWindow(window));
    }),
    RUNS,
  );
});

test('"latest" always uses UseLatestRestorableTime and reports the latest point', () => {
  fc.assert(
    fc.property(scenario, fc.boolean(), ({ now, window, latest }, dropEarliest) => {
      const w = dropEarliest ? { latest: window.latest } : window;
      const p = placeRestoreTime('latest', w, now);
      expect(p.useLatestRestorableTime).toBe(true);
      expect(p.pointInTime).toBe(new Date(latest).toISOString());
    }),
    RUNS,
  );
});

test('acceptance is exactly "earliest <= t <= latest and t <= now" (oracle over any instant)', () => {
  fc.assert(
    fc.property(scenario, fc.integer({ min: -40 * 24 * 60, max: 24 * 60 }), ({ now, window, earliest, latest }, offsetMin) => {
      const t = now.getTime() + offsetMin * MIN;
      const expected = t >= earliest && t <= latest && t <= now.getTime();
      let accepted = true;
      try {
        placeRestoreTime(new Date(t), window, now);
      } catch {
        accepted = false;
      }
      expect(accepted).toBe(expected);
    }),
    RUNS,
  );
});

test('without a reported earliest point an explicit time cannot be checked and is refused (PreconditionFailed), "latest" still works', () => {
  const now = new Date('2026-12-03T05:00:00Z');
  const w = restoreWindowOf({ db: 'd', region: 'r', latest: '2026-12-03T04:55:00Z' });
  expect(w.earliest).toBeUndefined();
  const e = refusal(() => placeRestoreTime(new Date('2026-12-03T04:00:00Z'), w, now));
  expect(e.name).toBe('PreconditionFailed');
  expect(e.message).toContain('use restoreTime "latest"');
  expect(placeRestoreTime('latest', w, now).pointInTime).toBe('2026-12-03T04:55:00.000Z');
});

test('restoreWindowOf: no latest point means no automated backups (PreconditionFailed); an earliest after latest is dropped', () => {
  expect(refusal(() => restoreWindowOf({ db: 'muejam-db-prod', region: 'us-west-2' })).message).toContain(
    'muejam-db-prod has no restorable point in time in us-west-2',
  );
  const w = restoreWindowOf({ db: 'd', region: 'r', earliest: '2026-12-03T05:00:00Z', latest: '2026-12-03T04:00:00Z' });
  expect(w.earliest).toBeUndefined();
});

test('the position line says how far the time is from each end', () => {
  const w = { earliest: new Date('2026-12-03T00:00:00Z'), latest: new Date('2026-12-03T05:00:00Z') };
  const p = placeRestoreTime(new Date('2026-12-03T04:10:00Z'), w, new Date('2026-12-03T05:05:00Z'));
  expect(p.position).toBe(
    '4.2 h after the earliest and 50 min before the latest restorable time (window from 2026-12-03T00:00:00.000Z to 2026-12-03T05:00:00.000Z)',
  );
});
