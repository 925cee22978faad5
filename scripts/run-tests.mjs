#!/usr/bin/env node
// Runs the type check, then jest, and closes with the plain line CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const extra = process.argv.slice(2);
let passed = 0;
let failed = 0;

const tsc = spawnSync('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (tsc.status === 0) passed += 1;
else {
  failed += 1;
  console.error('type check failed');
}

const out = join(mkdtempSync(join(tmpdir(), 'jest-')), 'results.json');
const jest = spawnSync('npx', ['jest', '--json', `--outputFile=${out}`, ...extra], { stdio: 'inherit' });
try {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
} catch {
  failed += 1;
  console.error('jest produced no results file');
}
if (jest.status !== 0 && failed === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
