/**
 * `npm run bench`: runs every registered benchmark, prints one table and writes bench/results.json.
 * Benchmarks register here; each returns rows of counts, ratios and (indicative) times.
 */
import '../local/polyfills';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTable } from '../local/console/output';
import { REPO_ROOT } from '../local/run-state-machine';
import { runBackupBench } from './backup';
import { runDatabaseRestoreBench } from './database-restore';
import { runDrDrillBench } from './dr-drill';
import { runFailoverBench } from './failover';
import { runRdbBench } from './rdb';
import { runRestoreTestBench } from './restore-test';
import { runRetentionBench } from './retention';
import type { Benchmark, BenchRow } from './types';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const BENCHMARKS: Benchmark[] = [
  { name: 'backup', run: runBackupBench },
  { name: 'rdb', run: () => runRdbBench() },
  { name: 'retention', run: runRetentionBench },
  { name: 'restore-test', run: runRestoreTestBench },
  { name: 'database-restore', run: runDatabaseRestoreBench },
  { name: 'dr-drill', run: runDrDrillBench },
  // Last: it mocks the SDK clients of this process.
  { name: 'failover', run: runFailoverBench },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const rows: BenchRow[] = [];
  for (const b of BENCHMARKS.filter((x) => !only.length || only.includes(x.name))) {
    process.stderr.write(`bench: ${b.name}...\n`);
    rows.push(...(await b.run()));
  }
  const file = join(REPO_ROOT, 'bench', 'results.json');
  // Rows of benchmarks not run now (another subset, the mutation scores) stay.
  const ran = new Set(rows.map((r) => r.benchmark));
  const kept = existsSync(file)
    ? ((JSON.parse(readFileSync(file, 'utf8')).rows ?? []) as BenchRow[]).filter((r) => !ran.has(r.benchmark))
    : [];
  writeFileSync(file, `${JSON.stringify({ node: process.version, date: new Date().toISOString(), rows: [...kept, ...rows] }, null, 2)}\n`);
  for (const l of formatTable(
    ['benchmark', 'metric', 'value', 'unit', 'detail'],
    rows.map((r) => [r.benchmark, r.metric, r.value, r.unit, r.detail ?? '']),
  ))
    console.log(l);
  console.log(`\nwritten to ${file}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
