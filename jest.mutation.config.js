/**
 * Jest for `npm run test:mutation` only: the domain unit tests (the mutated files are pure
 * domain code). Stryker's findRelatedTests then narrows this to the tests importing them.
 * Left out: the real-redis-server RDB test (it starts redis-server per run; the synthetic
 * RDB tests pin the same rules) and the retention properties (each of ~200 retention mutants
 * would run them: a run took hours on the shared 2 cores instead of minutes). `npm test` runs
 * both; the retention example and rule tests must kill every mutant on their own.
 * Properties run from a fixed seed, without shrinking (test/setup/mutation.ts).
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/unit/domain'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '/test/unit/domain/rdb/real-redis-rdb\\.test\\.ts$',
    '/test/unit/domain/retention/plan\\.properties\\.test\\.ts$',
  ],
  setupFiles: [...base.setupFiles, '<rootDir>/test/setup/mutation.ts'],
  maxWorkers: 1,
};
