/**
 * The identifier and timestamp rules at their edges: the RDS length limits, real Step Functions
 * start times (milliseconds) and offsets, and which time a backup is named after.
 */
import { backupTime, parseTimestamp, snapshotName, validateRdsIdentifier } from '../../../../lambdas/domain/backup/identifiers';
import { InvalidInput } from '../../../../lambdas/errors';

describe('RDS identifiers: at most the given length', () => {
  it('a 63-character database id is accepted; 64 characters are refused, saying how long it is', () => {
    const id63 = `a${'b'.repeat(62)}`;
    expect(validateRdsIdentifier('dbInstanceIdentifier', id63, 63)).toBe(id63);
    expect(() => validateRdsIdentifier('dbInstanceIdentifier', `${id63}c`, 63)).toThrow(
      /^dbInstanceIdentifier: "ab+c" is 64 characters long; at most 63 are allowed$/,
    );
  });

  it('a snapshot name may be 255 characters, not 256', () => {
    const prefix = 'p'.repeat(255 - '-db-20261124t0600z'.length);
    const at = new Date('2026-11-24T06:00:00Z');
    expect(snapshotName(prefix, 'db', at)).toHaveLength(255);
    expect(() => snapshotName(`${prefix}p`, 'db', at)).toThrow(/^snapshotName: .* is 256 characters long; at most 255/);
  });

  it('an empty or non-string id is "required", stating the allowed length', () => {
    for (const v of ['', undefined, null, 7]) {
      expect(() => validateRdsIdentifier('db', v, 63)).toThrow(
        /^db: is required: a string of 1-63 characters \(letters, digits and hyphens/,
      );
    }
  });
});

describe('timestamps: ISO-8601 with a zone, as Step Functions and EventBridge send them', () => {
  it.each([
    ['2026-11-24T06:00:00Z', '2026-11-24T06:00:00.000Z'],
    ['2026-11-24T06:00:00.123Z', '2026-11-24T06:00:00.123Z'], // $$.Execution.StartTime has milliseconds
    ['2026-11-24T06:00:00.5Z', '2026-11-24T06:00:00.500Z'],
    ['2026-11-24T06:00Z', '2026-11-24T06:00:00.000Z'],
    ['2026-11-24T06:00:00+02:00', '2026-11-24T04:00:00.000Z'],
    ['2026-11-24T06:00:00.123-05:30', '2026-11-24T11:30:00.123Z'],
  ])('accepts %s as %s', (text, instant) => {
    expect(parseTimestamp('t', text).toISOString()).toBe(instant);
  });

  it.each<[string, unknown]>([
    ['no zone', '2026-11-24T06:00:00'],
    ['text before it', 'x2026-11-24T06:00:00Z'],
    ['text after it', '2026-11-24T06:00:00Zjunk'],
    ['a space after it', '2026-11-24T06:00:00Z '],
    ['an offset without a colon', '2026-11-24T06:00:00+0200'],
    ['a date only', '2026-11-24'],
    ['a dot without digits', '2026-11-24T06:00:00.Z'],
    ['a number (epoch ms)', 1795500000000],
    ['an array holding a timestamp', ['2026-11-24T06:00:00Z']],
    ['a Date object', new Date('2026-11-24T06:00:00Z')],
  ])('refuses %s, saying what is allowed', (_name, value) => {
    expect(() => parseTimestamp('scheduledTime', value)).toThrow(InvalidInput);
    expect(() => parseTimestamp('scheduledTime', value)).toThrow(
      /^scheduledTime: .* is not an ISO-8601 timestamp with a zone \(e\.g\. 2026-11-24T06:00:00Z\)$/,
    );
  });

  it('refuses a well-formed text that is no real date and time', () => {
    expect(() => parseTimestamp('t', '2026-02-30T25:00:00Z')).toThrow(/^t: "2026-02-30T25:00:00Z" is not a real date and time$/);
  });
});

describe('the time a backup is named after', () => {
  const START = '2026-11-24T06:00:41.123Z';

  it.each([undefined, null, ''])('without a scheduled time (%j): the execution start, with its milliseconds', (scheduled) => {
    expect(backupTime(scheduled, START).toISOString()).toBe(START);
  });

  it('a scheduled time wins over the execution start', () => {
    expect(backupTime('2026-11-24T06:00:00+01:00', START).toISOString()).toBe('2026-11-24T05:00:00.000Z');
  });

  it('a bad scheduled time is refused, not replaced by the start time', () => {
    expect(() => backupTime('  ', START)).toThrow(/^scheduledTime: /);
    expect(() => backupTime(0, START)).toThrow(/^scheduledTime: /);
  });

  it('without a scheduled time, a bad execution start names $$.Execution.StartTime', () => {
    expect(() => backupTime(undefined, undefined)).toThrow(/^\$\$\.Execution\.StartTime: undefined is not an ISO-8601 timestamp/);
    expect(() => backupTime('', 'now')).toThrow(/^\$\$\.Execution\.StartTime: "now" /);
  });
});
