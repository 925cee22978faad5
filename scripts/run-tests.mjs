#!/usr/bin/env node
// `npm test`: lint + format check (Biome), dependency rules (dependency-cruiser), file sizes, type check, then jest.
// Each of the four checks counts as one test; the closing line is the plain line CI reads:
// "N passed, N failed, N skipped". Extra arguments go to jest (`npm test -- test/unit`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePythonTools } from './python-tools.mjs';

const extra = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

function check(title, command, args) {
  process.stdout.write(`\n== ${title}\n`);
  const r = spawnSync(command, args, { stdio: 'inherit' });
  if (r.status === 0) passed += 1;
  else {
    failed += 1;
    console.error(`${title} failed`);
  }
}

check('lint and format (biome check)', 'npx', ['biome', 'check', '--diagnostic-level=error', '.']);
check('dependency rules (dependency-cruiser)', 'npx', [
  'depcruise',
  'bin',
  'cli',
  'lib',
  'lambdas',
  'local',
  'bench',
  '--output-type',
  'err',
]);
check('file sizes (at most 300 lines under bin cli lib lambdas local)', 'node', ['scripts/check-file-sizes.mjs']);
check('type check (tsc)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);

// moto_server and cfn-lint: the user's own on PATH, else the project's .venv (installed on first use).
const env = ensurePythonTools();

process.stdout.write('\n== jest\n');
const out = join(mkdtempSync(join(tmpdir(), 'jest-')), 'results.json');
const jest = spawnSync('npx', ['jest', '--json', `--outputFile=${out}`, ...extra], { stdio: 'inherit', env });
try {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
  skipped += r.numPendingTests + r.numTodoTests;
} catch {
  failed += 1;
  console.error('jest produced no results file');
}
if (jest.status !== 0 && failed === 0) failed += 1;

const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
if (skipped > 0 && !onPath('redis-server')) {
  console.log('\nskipped: the tests that need redis-server; install it with: sudo apt-get update && sudo apt-get install -y redis-server');
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
