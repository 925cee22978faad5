#!/usr/bin/env node
// `npm run test:mutation`: runs Stryker once over the safety-critical files (stryker.config.mjs), then checks
// each file's own mutation score against its threshold from the JSON report, prints the survivors, and writes
// the scores as rows of bench/results.json (benchmark "mutation"). Extra arguments go to Stryker
// (e.g. `-- --mutate lambdas/domain/rdb/crc64.ts` while working on one file: only that file is checked and written).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import config, { REPORT_DIR, SAFETY_CRITICAL } from '../stryker.config.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reportFile = join(root, REPORT_DIR, 'mutation.json');
rmSync(reportFile, { force: true }); // never read a previous run's report
const started = Date.now();
const stryker = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
const seconds = Math.round((Date.now() - started) / 1000);
if (!existsSync(reportFile) || stryker.status === null) {
  console.error(`mutation: Stryker produced no report (${reportFile})`);
  process.exit(1);
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const report = JSON.parse(readFileSync(reportFile, 'utf8'));
const rows = [];
const problems = [];
console.log(`\nmutation scores (string literals excluded; wall time ${seconds} s at concurrency ${config.concurrency})`);
for (const [name, file] of Object.entries(report.files)) {
  const path = isAbsolute(name) ? relative(root, name) : name;
  const limit = SAFETY_CRITICAL.find((f) => f.file === path)?.break ?? config.thresholds.break;
  const count = (pred) => file.mutants.filter((m) => pred(m.status)).length;
  const detected = count((s) => DETECTED.has(s));
  const undetected = count((s) => UNDETECTED.has(s));
  const score = detected + undetected === 0 ? 100 : Math.floor((10000 * detected) / (detected + undetected)) / 100;
  const byStatus = (s) => count((x) => x === s);
  const detail = `${file.mutants.length - byStatus('Ignored')} mutants (${byStatus('Ignored')} string literals not run): ${byStatus('Killed')} killed, ${byStatus('Timeout')} timed out, ${byStatus('Survived')} survived, ${byStatus('NoCoverage')} not covered; break ${limit}`;
  console.log(`${score >= limit ? 'ok  ' : 'FAIL'} ${score.toFixed(2).padStart(6)} %  ${path}  (${detail})`);
  for (const m of file.mutants.filter((x) => UNDETECTED.has(x.status))) {
    console.log(
      `       ${m.status.padEnd(10)} ${path}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} -> ${JSON.stringify(m.replacement ?? '')}`,
    );
  }
  if (score < limit) problems.push(`${path}: ${score} % < ${limit} %`);
  rows.push({ benchmark: 'mutation', metric: `score ${path}`, value: score, unit: '%', detail });
}
// The wall time of the whole run only: a run narrowed with --mutate is not the figure docs/CONTRIBUTING.md quotes.
const partial = process.argv.length > 2;
console.log(
  `wall time ${seconds} s (${(seconds / 60).toFixed(1)} min)${partial ? `, run narrowed by ${process.argv.slice(2).join(' ')}` : ''}`,
);
if (!partial) {
  rows.push({
    benchmark: 'mutation',
    metric: 'wall time',
    value: seconds,
    unit: 's',
    detail: `npm run test:mutation, ${Object.keys(report.files).length} files, concurrency ${config.concurrency}, 2 shared cores`,
  });
}

// Keep every other row of bench/results.json (npm run bench's own figures); replace the mutation rows of the files just measured.
const benchFile = join(root, 'bench', 'results.json');
const bench = existsSync(benchFile)
  ? JSON.parse(readFileSync(benchFile, 'utf8'))
  : { node: process.version, date: new Date().toISOString(), rows: [] };
const replaced = new Set(rows.map((r) => r.metric));
bench.rows = [...(bench.rows ?? []).filter((r) => r.benchmark !== 'mutation' || !replaced.has(r.metric)), ...rows];
writeFileSync(benchFile, `${JSON.stringify(bench, null, 2)}\n`);
console.log(`scores written to ${relative(root, benchFile)}`);

if (stryker.status !== 0) problems.push(`Stryker exited with status ${stryker.status}`);
if (problems.length) {
  console.error(`\nmutation: below threshold or failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
