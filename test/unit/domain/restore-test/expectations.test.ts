import { asTime, evaluateExpectation, valuesEqual } from '../../../../lambdas/domain/restore-test/expectations';

const backup = new Date('2026-12-06T04:00:00Z');

describe('evaluateExpectation', () => {
  it('minRows counts the rows', () => {
    expect(evaluateExpectation({ minRows: 2 }, [{ a: 1 }, { a: 2 }], backup)).toEqual({
      passed: true,
      value: 2,
      detail: '2 rows, expected at least 2',
    });
    expect(evaluateExpectation({ minRows: 1 }, [], backup)).toEqual({ passed: false, value: 0, detail: '0 rows, expected at least 1' });
  });

  it('equals compares the first column of the first row, bigint strings as numbers', () => {
    expect(evaluateExpectation({ equals: 42 }, [{ count: '42' }], backup).passed).toBe(true);
    expect(evaluateExpectation({ equals: 42 }, [{ count: '41' }], backup)).toEqual({
      passed: false,
      value: '41',
      detail: '"41", expected 42',
    });
    expect(evaluateExpectation({ equals: 'ok' }, [], backup)).toEqual({ passed: false, value: null, detail: 'no row, expected "ok"' });
    expect(evaluateExpectation({ equals: true }, [{ b: true }], backup).passed).toBe(true);
  });

  it('maxAgeMinutes measures the timestamp against the backup time', () => {
    const fresh = evaluateExpectation({ maxAgeMinutes: 30 }, [{ m: new Date('2026-12-06T03:45:00Z') }], backup);
    expect(fresh).toEqual({
      passed: true,
      value: '2026-12-06T03:45:00.000Z',
      detail: 'newest 2026-12-06T03:45:00.000Z is 15 min before the backup (2026-12-06T04:00:00.000Z), expected at most 30 min',
    });
    expect(evaluateExpectation({ maxAgeMinutes: 10 }, [{ m: new Date('2026-12-06T03:45:00Z') }], backup).passed).toBe(false);
    expect(evaluateExpectation({ maxAgeMinutes: 10 }, [{ m: null }], backup)).toMatchObject({ passed: false, value: null });
    expect(evaluateExpectation({ maxAgeMinutes: 10 }, [], backup).detail).toContain('no row');
    expect(evaluateExpectation({ maxAgeMinutes: 10 }, [{ m: 'soon' }], backup).detail).toContain('"soon" is not a timestamp');
  });
});

describe('value helpers', () => {
  it('compares values as node-postgres returns them', () => {
    expect(valuesEqual(null, 0)).toBe(false);
    expect(valuesEqual('', 0)).toBe(false);
    expect(valuesEqual('t', true)).toBe(true);
    expect(valuesEqual('f', false)).toBe(true);
    expect(valuesEqual('f', true)).toBe(false);
    expect(valuesEqual('yes', false)).toBe(false);
    expect(valuesEqual(new Date('2026-01-01T00:00:00Z'), '2026-01-01T00:00:00.000Z')).toBe(true);
  });
  it('reads timestamps with or without a zone (without: UTC)', () => {
    expect(asTime('2026-12-06 03:00:00')?.toISOString()).toBe('2026-12-06T03:00:00.000Z');
    expect(asTime('2026-12-06T03:00:00+01:00')?.toISOString()).toBe('2026-12-06T02:00:00.000Z');
    expect(asTime('nope')).toBeUndefined();
    expect(asTime(new Date(Number.NaN))).toBeUndefined();
    expect(asTime(5)).toBeUndefined();
  });
});
