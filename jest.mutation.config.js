/**
 * Jest for `npm run test:mutation` only: the domain unit tests (the mutated files are pure
 * domain code). Stryker's findRelatedTests then narrows this to the tests importing them.
 * The real-redis-server RDB test is left out: it starts redis-server per run, and the
 * synthetic RDB tests pin the same rules. The retention properties run at most 10 times, from a fixed seed
 * (test/setup/mutation.ts); `npm test` runs them in full.
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/unit/domain'],
  testPathIgnorePatterns: ['/node_modules/', '/test/unit/domain/rdb/real-redis-rdb\\.test\\.ts$'],
  setupFiles: [...base.setupFiles, '<rootDir>/test/setup/mutation.ts'],
  maxWorkers: 1,
};
