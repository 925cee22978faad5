/**
 * Evaluates one configured check's rows against its expectation. Pure: the runner
 * (lambdas/services/sql-check-runner.ts) gives the rows node-postgres returned.
 */
import { type Expectation, expectationKind } from './check-spec';

export interface ExpectationResult {
  passed: boolean;
  value: string | number | boolean | null;
  detail: string;
}

function firstValue(rows: readonly Record<string, unknown>[]): unknown {
  const row = rows[0];
  if (!row) return undefined;
  const [first] = Object.values(row);
  return first;
}

function scalar(v: unknown): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v);
}

/** node-postgres returns bigint/numeric as strings: "42" equals 42; booleans compare as booleans. */
export function valuesEqual(actual: unknown, expected: string | number | boolean): boolean {
  if (actual === undefined || actual === null) return false;
  if (typeof expected === 'number') {
    const n = typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : Number.NaN;
    return n === expected;
  }
  if (typeof expected === 'boolean')
    return (
      actual === expected ||
      (typeof actual === 'string' && ['t', 'true'].includes(actual) === expected && ['t', 'true', 'f', 'false'].includes(actual))
    );
  return String(scalar(actual)) === expected;
}

/** A timestamp from node-postgres (Date for timestamptz, string otherwise), or undefined. */
export function asTime(v: unknown): Date | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v;
  if (typeof v === 'string' && v.trim()) {
    const d = new Date(/[zZ]|[+-]\d{2}(:?\d{2})?$/.test(v) ? v : `${v.replace(' ', 'T')}Z`);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

export function evaluateExpectation(expect: Expectation, rows: readonly Record<string, unknown>[], recoveryPoint: Date): ExpectationResult {
  switch (expectationKind(expect)) {
    case 'minRows': {
      const min = (expect as { minRows: number }).minRows;
      const passed = rows.length >= min;
      return { passed, value: rows.length, detail: `${rows.length} row${rows.length === 1 ? '' : 's'}, expected at least ${min}` };
    }
    case 'equals': {
      const want = (expect as { equals: string | number | boolean }).equals;
      const got = firstValue(rows);
      const passed = valuesEqual(got, want);
      const shown = got === undefined ? 'no row' : JSON.stringify(scalar(got));
      return { passed, value: scalar(got), detail: `${shown}, expected ${JSON.stringify(want)}` };
    }
    case 'maxAgeMinutes': {
      const max = (expect as { maxAgeMinutes: number }).maxAgeMinutes;
      const got = firstValue(rows);
      const t = asTime(got);
      if (!t) {
        const shown = got === undefined ? 'no row' : `${JSON.stringify(scalar(got))} is not a timestamp`;
        return { passed: false, value: scalar(got), detail: `${shown}; expected a timestamp at most ${max} min before the backup` };
      }
      const ageMinutes = Math.round(((recoveryPoint.getTime() - t.getTime()) / 60000) * 10) / 10;
      const passed = ageMinutes <= max;
      return {
        passed,
        value: t.toISOString(),
        detail: `newest ${t.toISOString()} is ${ageMinutes} min before the backup (${recoveryPoint.toISOString()}), expected at most ${max} min`,
      };
    }
  }
}
