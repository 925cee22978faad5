import {
  backupTime,
  minuteStamp,
  parseTimestamp,
  snapshotName,
  validateProtectedDatabase,
  validateRdsIdentifier,
} from '../../../../lambdas/domain/backup/identifiers';
import { InvalidInput } from '../../../../lambdas/errors';

describe('validateRdsIdentifier', () => {
  it.each(['muejam-db-prod', 'a', 'Db1'])('accepts %s', (id) => {
    expect(validateRdsIdentifier('db', id, 63)).toBe(id);
  });
  it.each([
    ['', 'is required'],
    ['1db', 'not a valid identifier'],
    ['db--prod', 'not a valid identifier'],
    ['db-', 'not a valid identifier'],
    ['db_prod', 'not a valid identifier'],
    ['x'.repeat(64), 'at most 63'],
  ])('rejects %j naming the field', (id, why) => {
    expect(() => validateRdsIdentifier('dbInstanceIdentifier', id, 63)).toThrow(InvalidInput);
    expect(() => validateRdsIdentifier('dbInstanceIdentifier', id, 63)).toThrow(new RegExp(`^dbInstanceIdentifier: .*${why}`));
  });
  it('rejects non-strings', () => {
    expect(() => validateRdsIdentifier('db', 42, 63)).toThrow('db: is required');
  });
});

describe('snapshot names', () => {
  it('are derived from the minute of the schedule tick, lower-cased', () => {
    expect(snapshotName('muejam', 'MueJam-DB', new Date('2026-11-24T06:00:59.999Z'))).toBe('muejam-muejam-db-20261124t0600z');
  });
  it('are the same for every moment of the same minute (a re-run continues)', () => {
    const a = snapshotName('p', 'db', new Date('2026-01-02T03:04:00Z'));
    const b = snapshotName('p', 'db', new Date('2026-01-02T03:04:59Z'));
    expect(a).toBe(b);
    expect(minuteStamp(new Date('2026-01-02T03:04:05Z'))).toBe('20260102T0304Z');
  });
  it('prefer the scheduled time over the execution start', () => {
    expect(backupTime('2026-11-24T06:00:00Z', '2026-11-24T06:00:41Z').toISOString()).toBe('2026-11-24T06:00:00.000Z');
    expect(backupTime(undefined, '2026-11-24T06:00:41Z').toISOString()).toBe('2026-11-24T06:00:41.000Z');
  });
  it('reject a scheduled time that is not ISO-8601 with a zone', () => {
    expect(() => backupTime('yesterday', '2026-11-24T06:00:41Z')).toThrow(/^scheduledTime: "yesterday" is not an ISO-8601 timestamp/);
    expect(() => parseTimestamp('t', '2026-11-24T06:00:00')).toThrow(/^t: /);
    expect(() => parseTimestamp('t', '2026-13-45T06:00:00Z')).toThrow(/not a real date/);
  });
});

describe('validateProtectedDatabase', () => {
  it('accepts a protected database and refuses others, naming the field and the allowed ids', () => {
    expect(validateProtectedDatabase('db', 'a-db', ['a-db', 'b-db'])).toBe('a-db');
    expect(() => validateProtectedDatabase('db', 'c-db', ['a-db', 'b-db'])).toThrow(
      'db: unknown database "c-db"; this deployment protects: a-db, b-db',
    );
    expect(() => validateProtectedDatabase('db', 'c-db', [])).toThrow('(none configured)');
    expect(() => validateProtectedDatabase('db', 'c--db', ['c--db'])).toThrow(/not a valid identifier/);
  });
});
