// Mutation testing of the safety-critical code (`npm run test:mutation`, docs/CONTRIBUTING.md "Mutation testing").
//
// Pinned to Stryker 9.6.1 (@stryker-mutator/core + jest-runner): Stryker 10 refuses to start on
// Node 20, and this machine and CI run Node 20.20 (package.json engines: ^20.20.0 || >=22).
//
// One Stryker run mutates every file below; scripts/mutation.mjs then checks each file's own
// score against its `break` from the JSON report (Stryker has one global thresholds.break, the
// lowest of ours). 95: code that decides what is deleted, promoted, fenced or repointed;
// 90: the verification and identifier code.

/** @type {{ file: string; break: number }[]} */
export const SAFETY_CRITICAL = [
  { file: 'lambdas/domain/retention/ownership.ts', break: 95 },
  { file: 'lambdas/domain/retention/plan.ts', break: 95 },
  { file: 'lambdas/domain/backup/identifiers.ts', break: 90 },
  { file: 'lambdas/domain/backup/verify-snapshots.ts', break: 90 },
  { file: 'lambdas/domain/rdb/crc64.ts', break: 90 },
  { file: 'lambdas/domain/rdb/verify-rdb.ts', break: 90 },
  // The recovery guards: what a restore may create, a restore test may delete, a failover may promote, a drill may change.
  { file: 'lambdas/domain/restore/restore-target.ts', break: 95 },
  { file: 'lambdas/domain/restore/pitr-window.ts', break: 95 },
  { file: 'lambdas/domain/restore-test/teardown-guard.ts', break: 95 },
  { file: 'lambdas/domain/failover/guards.ts', break: 95 },
  // The evidence the failover guards read (lag freshness, the primary-down signals) and what fences and locks.
  { file: 'lambdas/domain/failover/lag.ts', break: 95 },
  { file: 'lambdas/domain/failover/primary-health.ts', break: 95 },
  { file: 'lambdas/domain/failover/fencing.ts', break: 95 },
  { file: 'lambdas/domain/failover/lock.ts', break: 95 },
  { file: 'lambdas/domain/drill/ownership-guard.ts', break: 95 },
];

export const REPORT_DIR = 'reports/mutation';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.mutation.config.js',
    // Only the tests that import a mutated file run at all; perTest coverage then runs, per mutant, only the tests that reach it.
    enableFindRelatedTests: true,
  },
  coverageAnalysis: 'perTest',
  mutate: SAFETY_CRITICAL.map((f) => f.file),
  mutator: {
    // Messages are checked by tests where they matter; mutating every string would multiply the run time on 2 shared cores.
    excludedMutations: ['StringLiteral'],
  },
  // Two cores shared with other work: one jest worker (a second one only competes for the same core).
  concurrency: 1,
  timeoutMS: 10000,
  // The initial run executes every related test once (the retention properties alone take ~50 s on an idle core).
  dryRunTimeoutMinutes: 30,
  thresholds: { high: 95, low: 90, break: 90 },
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: `${REPORT_DIR}/mutation.json` },
  htmlReporter: { fileName: `${REPORT_DIR}/mutation.html` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['cdk.out', 'cdk.out.test', 'coverage', 'bench/.out', '.rehearsal', 'reports', '.scratch-*', '.venv'],
};
