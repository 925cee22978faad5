/**
 * Restore-test benchmark (issue #11).
 *
 * - transitions of a clean restore test (goal <= 15): the real ASL and handlers over the mocked
 *   RDS of test/workflow/restore-test-world.ts with the SQL checks on a real PostgreSQL; the
 *   instance is available at the first look (as on moto). Each further poll of
 *   WaitUntilAvailable is one more transition: the polls a real restore of 20 / 60 minutes needs
 *   are computed from that state's Retry in the ASL (30 s, x1.5, at most 120 s).
 * - SQL checks wall time on a ~100k-row local database (goal < 2 s): runSqlChecks (the checker
 *   Lambda's code) against PGlite over its socket, every check kind, median of 3 runs.
 * Imported lazily: the world mocks the SDK clients of this process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CheckPlan } from '../lambdas/domain/restore-test/check-spec';
import { runSqlChecks } from '../lambdas/services/sql-check-runner';
import { seedMuejam } from '../local/postgres/muejam-schema';
import { startLocalPostgres } from '../local/postgres/pglite-server';
import { REPO_ROOT } from '../local/run-state-machine';
import type { BenchRow } from './types';

const LARGE = { users: 1000, stories: 2000, chaptersPerStory: 50 };

/** Polls of a state whose NotReady Retry is `r` until `seconds` have passed (the first look is not a poll). */
export function pollsFor(seconds: number, r: { IntervalSeconds: number; BackoffRate: number; MaxDelaySeconds?: number }): number {
  let waited = 0;
  let n = 0;
  while (waited < seconds) {
    waited += Math.min(r.IntervalSeconds * r.BackoffRate ** n, r.MaxDelaySeconds ?? Number.POSITIVE_INFINITY);
    n += 1;
  }
  return n;
}

async function transitions(): Promise<BenchRow[]> {
  const w = await import('../test/workflow/restore-test-world');
  const world = new w.RestoreTestWorld();
  await world.startEngine();
  try {
    world.reset();
    const r = await world.run();
    if (r.status !== 'SUCCEEDED') throw new Error(`restore-test bench run failed: ${r.error}: ${r.cause}`);
    const asl = JSON.parse(readFileSync(join(REPO_ROOT, 'state-machines', 'restore-test.asl.json'), 'utf8'));
    const retry = asl.States.WaitUntilAvailable.Retry.find((x: { ErrorEquals: string[] }) => x.ErrorEquals.includes('NotReady'));
    const p20 = pollsFor(20 * 60, retry);
    const p60 = pollsFor(60 * 60, retry);
    return [
      {
        benchmark: 'restore-test',
        metric: 'clean restore test transitions',
        value: r.transitions,
        unit: 'transitions',
        detail: 'goal <= 15; instance available at the first look (as on moto); janitor to succeed, 11 states',
      },
      {
        benchmark: 'restore-test',
        metric: 'clean restore test transitions, 20 min restore',
        value: r.transitions + p20,
        unit: 'transitions',
        detail: `+${p20} WaitUntilAvailable polls (30 s x1.5, max 120 s); 60 min: +${p60}`,
      },
    ];
  } finally {
    await world.pg?.stop();
    for (const m of [w.rds, w.sns, w.s3, w.secrets]) m.restore();
  }
}

async function sqlChecks(): Promise<BenchRow[]> {
  const pg = await startLocalPostgres();
  try {
    const backupAt = new Date();
    const version = await pg.withClient(async (c) => {
      await seedMuejam(c, LARGE, new Date(backupAt.getTime() - 60_000));
      return (await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v;
    });
    const rows = LARGE.users + LARGE.stories + LARGE.stories * LARGE.chaptersPerStory;
    const plan: CheckPlan = {
      database: 'postgres',
      schemas: ['public'],
      tableMinimums: { 'public.users': LARGE.users, 'public.stories': LARGE.stories, 'public.chapters': 100_000 },
      timestampColumn: { schema: 'public', table: 'chapters', column: 'updated_at' },
      checks: [
        { name: 'active authors', sql: 'SELECT DISTINCT author_id FROM public.stories', expect: { minRows: 100 } },
        { name: 'story count', sql: 'SELECT count(*) FROM public.stories', expect: { equals: LARGE.stories } },
        { name: 'recent chapters', sql: 'SELECT max(updated_at) FROM public.chapters', expect: { maxAgeMinutes: 60 } },
      ],
      amcheckIndexes: ['public.chapters_story_idx'],
    };
    const target = { host: pg.host, port: pg.port, database: 'postgres', user: 'postgres', password: 'local', tls: false as const };
    const times: number[] = [];
    let tests = 0;
    for (let i = 0; i < 3; i += 1) {
      const t0 = performance.now();
      const r = await runSqlChecks(target, plan, { expectedEngineVersion: version, backupCreatedAt: backupAt });
      times.push(performance.now() - t0);
      if (r.overallStatus !== 'passed')
        throw new Error(`SQL checks bench: ${r.tests.filter((t) => t.status === 'failed').map((t) => `${t.name}: ${t.detail}`)}`);
      tests = r.tests.length;
    }
    const median = [...times].sort((a, b) => a - b)[1] / 1000;
    return [
      {
        benchmark: 'restore-test',
        metric: 'SQL checks wall time, 100k-row database',
        value: Math.round(median * 1000) / 1000,
        unit: 's',
        detail: `goal < 2 s; ${rows} rows, ${tests} checks (every kind + amcheck), PGlite over its socket, median of 3 (indicative: 2 shared cores)`,
      },
    ];
  } finally {
    await pg.stop();
  }
}

export async function runRestoreTestBench(): Promise<BenchRow[]> {
  return [...(await sqlChecks()), ...(await transitions())];
}
