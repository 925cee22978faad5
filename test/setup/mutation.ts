/**
 * Setup of `npm run test:mutation` only (jest.mutation.config.js), after the usual polyfills:
 * the retention properties run at most 10 times (test/support/property-runs.ts), every property from one fixed seed so
 * that a mutant's verdict does not depend on luck, and stops at the first counterexample without
 * shrinking it (a mutant only needs to be caught, not explained).
 */
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), numRuns: 10, seed: 20261124, endOnFailure: true });
