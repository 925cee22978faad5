/**
 * RDB verification benchmark (part of `npm run bench`).
 *
 * Builds RDB files of 64 MB and 256 MB (valid header, string records, EOF opcode, correct
 * CRC-64; the same generator's output passes redis-check-rdb in the unit tests) in a temp
 * dir, then, in one run:
 * - throughput of the streamed verifier (MB/s) on the 256 MB file vs `sha256sum` on the same
 *   file, as a ratio (both read the file from the page cache; best of 3 each, interleaved);
 * - peak RSS of a fresh process verifying each file, next to an idle process's RSS: the
 *   verifier keeps 8 bytes of state, so the peak must not grow with the file size.
 *
 * Run alone: `npx tsx bench/rdb.ts`. `runRdbBench()` returns the rows for bench/run.ts.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyRdb } from '../lambdas/domain/rdb/verify-rdb';
import { writeSyntheticRdbFile } from '../local/synthetic-rdb';
import type { BenchRow } from './types';

export type { BenchRow };

const MB = 1024 * 1024;
const CHILD_FLAG = '--rdb-bench-child';
/** Read size of the verifier's stream, the same order as an S3 GetObject body delivers. */
const HIGH_WATER_MARK = 1 * MB;

interface ChildReport {
  valid: boolean;
  failure?: string;
  ms: number;
  maxRssKb: number;
}

/** Runs this file in a fresh Node process (through tsx) so its peak RSS is the verifier's alone. */
function runChild(mode: 'verify' | 'idle', path = ''): ChildReport {
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, CHILD_FLAG, mode, path], { encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) {
    throw new Error(`benchmark child (${mode}) failed with ${r.status}: ${r.stderr || r.stdout}`);
  }
  return JSON.parse(line) as ChildReport;
}

async function childMain(mode: string, path: string): Promise<void> {
  let report: ChildReport;
  if (mode === 'verify') {
    const start = process.hrtime.bigint();
    const r = await verifyRdb(createReadStream(path, { highWaterMark: HIGH_WATER_MARK }));
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    report = { valid: r.valid, failure: r.failure?.reason, ms, maxRssKb: process.resourceUsage().maxRSS };
  } else {
    report = { valid: true, ms: 0, maxRssKb: process.resourceUsage().maxRSS };
  }
  process.stdout.write(JSON.stringify(report) + '\n');
}

function sha256sumMs(path: string): number {
  const start = process.hrtime.bigint();
  const r = spawnSync('sha256sum', [path], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`sha256sum failed: ${r.stderr}`);
  return ms;
}

export async function runRdbBench(options: { sizesMb?: [number, number]; rounds?: number } = {}): Promise<BenchRow[]> {
  const [smallMb, largeMb] = options.sizesMb ?? [64, 256];
  const rounds = options.rounds ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'rdb-bench-'));
  try {
    const small = join(dir, `synthetic-${smallMb}mb.rdb`);
    const large = join(dir, `synthetic-${largeMb}mb.rdb`);
    await writeSyntheticRdbFile(small, smallMb * MB);
    await writeSyntheticRdbFile(large, largeMb * MB);

    // Warm the page cache for both readers, then interleave rounds so neither gets a cache advantage.
    sha256sumMs(large);
    const verifyTimes: number[] = [];
    const shaTimes: number[] = [];
    let largeRss = 0;
    for (let i = 0; i < rounds; i++) {
      const v = runChild('verify', large);
      if (!v.valid) throw new Error(`verifier rejected the benchmark file: ${v.failure}`);
      verifyTimes.push(v.ms);
      largeRss = Math.max(largeRss, v.maxRssKb);
      shaTimes.push(sha256sumMs(large));
    }
    const smallRun = runChild('verify', small);
    if (!smallRun.valid) throw new Error(`verifier rejected the benchmark file: ${smallRun.failure}`);
    const idle = runChild('idle');

    const verifyMbps = largeMb / (Math.min(...verifyTimes) / 1000);
    const shaMbps = largeMb / (Math.min(...shaTimes) / 1000);
    const toMb = (kb: number): number => Math.round((kb / 1024) * 10) / 10;
    const round1 = (x: number): number => Math.round(x * 10) / 10;
    const bench = 'rdb-verify';
    return [
      {
        benchmark: bench,
        metric: `verify throughput (${largeMb} MB file)`,
        value: round1(verifyMbps),
        unit: 'MB/s',
        detail: `streamed, ${HIGH_WATER_MARK / MB} MB reads, best of ${rounds}`,
      },
      { benchmark: bench, metric: `sha256sum throughput (same file)`, value: round1(shaMbps), unit: 'MB/s', detail: `best of ${rounds}` },
      {
        benchmark: bench,
        metric: 'verify / sha256sum speed ratio',
        value: Math.round((verifyMbps / shaMbps) * 100) / 100,
        unit: 'x',
        detail: 'measured in this run',
      },
      {
        benchmark: bench,
        metric: 'idle process RSS (baseline)',
        value: toMb(idle.maxRssKb),
        unit: 'MB',
        detail: 'node + tsx + verifier module, no file',
      },
      { benchmark: bench, metric: `peak RSS verifying ${smallMb} MB`, value: toMb(smallRun.maxRssKb), unit: 'MB' },
      { benchmark: bench, metric: `peak RSS verifying ${largeMb} MB`, value: toMb(largeRss), unit: 'MB' },
      {
        benchmark: bench,
        metric: `peak RSS growth ${smallMb} MB -> ${largeMb} MB file`,
        value: toMb(largeRss - smallRun.maxRssKb),
        unit: 'MB',
        detail: `file grew ${largeMb - smallMb} MB; constant memory means ~0`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const i = process.argv.indexOf(CHILD_FLAG);
  if (i >= 0) {
    childMain(process.argv[i + 1], process.argv[i + 2] ?? '').catch((err) => {
      console.error(err);
      process.exit(1);
    });
  } else {
    runRdbBench()
      .then((rows) => console.table(rows))
      .catch((err) => {
        console.error(err);
        process.exit(1);
      });
  }
}
