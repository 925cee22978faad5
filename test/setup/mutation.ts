/**
 * Setup of `npm run test:mutation` only (jest.mutation.config.js), after the usual polyfills: every
 * property starts from one fixed seed, so that a mutant's verdict does not depend on luck, and stops
 * at the first counterexample without shrinking it (a mutant only needs to be caught, not explained).
 */
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: 20261124, endOnFailure: true });
