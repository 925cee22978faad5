/** Point-in-time window rules at their edges, found unpinned by mutation testing (docs/CONTRIBUTING.md "Mutation testing"). */
import { placeRestoreTime, restoreWindowOf } from '../../../../lambdas/domain/restore/pitr-window';

const EARLIEST = '2026-12-03T00:00:00.000Z';
const LATEST = '2026-12-03T05:00:00.000Z';
const window = () => ({ earliest: new Date(EARLIEST), latest: new Date(LATEST) });

function refusal(f: () => unknown): { name: string; field?: string; message: string } {
  try {
    f();
  } catch (e) {
    return e as { name: string; field?: string; message: string };
  }
  throw new Error('expected a refusal');
}

describe('both ends of the window are restorable points', () => {
  it.each([EARLIEST, LATEST])('%s, an end of the window, is restored exactly', (at) => {
    const p = placeRestoreTime(new Date(at), window(), new Date('2026-12-03T06:00:00Z'));
    expect(p).toMatchObject({ useLatestRestorableTime: false, pointInTime: at });
  });

  it('the latest point when it is now (no replication lag) is not "in the future"', () => {
    expect(placeRestoreTime(new Date(LATEST), window(), new Date(LATEST)).pointInTime).toBe(LATEST);
  });

  it('one millisecond outside either end is refused on restoreTime', () => {
    const now = new Date('2026-12-03T06:00:00Z');
    const before = refusal(() => placeRestoreTime(new Date(Date.parse(EARLIEST) - 1), window(), now));
    const after = refusal(() => placeRestoreTime(new Date(Date.parse(LATEST) + 1), window(), now));
    expect([before.field, after.field]).toEqual(['restoreTime', 'restoreTime']);
    expect(before.message).toContain('before the earliest restorable time');
    expect(after.message).toContain('after the latest restorable time');
  });

  it('one millisecond after now is in the future', () => {
    const e = refusal(() => placeRestoreTime(new Date(Date.parse(LATEST) + 1), window(), new Date(LATEST)));
    expect(e.message).toContain('is in the future');
  });
});

describe('the window as AWS reports it', () => {
  it('a window whose two ends are the same instant keeps its earliest end', () => {
    const w = restoreWindowOf({ db: 'd', region: 'r', earliest: LATEST, latest: LATEST });
    expect(w.earliest?.toISOString()).toBe(LATEST);
    expect(placeRestoreTime(new Date(LATEST), w, new Date(LATEST)).pointInTime).toBe(LATEST);
  });

  it('reads Date objects as well as ISO text', () => {
    const w = restoreWindowOf({ db: 'd', region: 'r', earliest: new Date(EARLIEST), latest: new Date(LATEST) });
    expect(w.earliest?.toISOString()).toBe(EARLIEST);
    expect(w.latest.toISOString()).toBe(LATEST);
  });

  it.each<[string, unknown]>([
    ['null, as an SDK may give it', null],
    ['a text that is no time', 'not-a-time'],
  ])('a latest point that is %s is no restorable point: PreconditionFailed naming the database and region', (_name, latest) => {
    const e = refusal(() => restoreWindowOf({ db: 'muejam-db-prod', region: 'us-west-2', latest: latest as string }));
    expect(e.name).toBe('PreconditionFailed');
    expect(e.message).toContain('muejam-db-prod has no restorable point in time in us-west-2');
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a text that is no time', 'not-a-time'],
  ])('an earliest point that is %s is "not reported" (only "latest" can then be placed)', (_name, earliest) => {
    const w = restoreWindowOf({ db: 'd', region: 'r', earliest: earliest as string, latest: LATEST });
    expect(w.earliest).toBeUndefined();
    expect(refusal(() => placeRestoreTime(new Date(EARLIEST), w, new Date(LATEST))).name).toBe('PreconditionFailed');
  });
});

describe('the position line: minutes below two hours, hours from two hours on', () => {
  const now = new Date('2026-12-03T06:00:00Z');
  it.each([
    ['2026-12-03T01:59:00Z', '119 min after the earliest and 3.0 h before the latest'],
    ['2026-12-03T02:00:00Z', '2.0 h after the earliest and 3.0 h before the latest'],
    ['2026-12-03T02:00:29Z', '2.0 h after the earliest and 3.0 h before the latest'],
    ['2026-12-03T04:59:31Z', '5.0 h after the earliest and 0 min before the latest'],
  ])('%s: %s', (at, text) => {
    expect(placeRestoreTime(new Date(at), window(), now).position).toBe(`${text} restorable time (window from ${EARLIEST} to ${LATEST})`);
  });

  it('a refusal says how far outside the window the time is', () => {
    expect(refusal(() => placeRestoreTime(new Date('2026-12-02T23:00:00Z'), window(), now)).message).toMatch(
      /^restoreTime: 2026-12-02T23:00:00\.000Z is 60 min before the earliest restorable time; allowed: a time in the window from /,
    );
    expect(refusal(() => placeRestoreTime(new Date('2026-12-03T05:30:00Z'), window(), now)).message).toMatch(
      /is 30 min after the latest restorable time; allowed: a time in the window from .* or "latest"$/,
    );
  });
});
