/**
 * The number of runs of a property: `n`, or fewer when the fast-check global configuration sets a
 * smaller `numRuns`. `npm test` uses `n`; the mutation run (test/setup/mutation.ts) caps it so that
 * each of hundreds of mutants runs the retention properties in seconds, not a minute.
 */
import fc from 'fast-check';

export function propertyRuns(n: number): { numRuns: number } {
  const cap = fc.readConfigureGlobal().numRuns;
  return { numRuns: cap === undefined ? n : Math.min(n, cap) };
}
