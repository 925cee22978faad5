/**
 * The SQL check runner against a real PostgreSQL engine: PGlite served over its socket on a
 * loopback port, node-postgres connecting unchanged (one connection per run).
 */
import { createServer } from 'node:net';
import type { ReportTest } from '../../../lambdas/domain/reports/test-report';
import type { CheckPlan } from '../../../lambdas/domain/restore-test/check-spec';
import { runSqlChecks } from '../../../lambdas/services/sql-check-runner';
import { clientConfig, type SqlTarget } from '../../../lambdas/services/sql-connection';
import { seedMuejam, SMALL } from '../../../local/postgres/muejam-schema';
import { type LocalPostgres, startLocalPostgres } from '../../../local/postgres/pglite-server';

const newestWrite = new Date('2026-12-06T03:55:00Z');
const backupCreatedAt = new Date('2026-12-06T04:00:00Z');
let pg: LocalPostgres;
let version: string;

const target = (): SqlTarget => ({ host: pg.host, port: pg.port, database: 'postgres', user: 'postgres', password: 'local', tls: false });
const plan = (o: Partial<CheckPlan> = {}): CheckPlan => ({
  database: 'postgres',
  schemas: ['public'],
  tableMinimums: { 'public.users': 20, 'public.stories': 40, 'public.chapters': 120 },
  timestampColumn: { schema: 'public', table: 'chapters', column: 'updated_at' },
  checks: [],
  amcheckIndexes: [],
  ...o,
});
const ctx = () => ({ expectedEngineVersion: version, backupCreatedAt });
const byName = (r: { tests: ReportTest[] }, name: string) => r.tests.find((t) => t.name === name);

beforeAll(async () => {
  pg = await startLocalPostgres();
  version = await pg.withClient(async (c) => {
    await seedMuejam(c, SMALL, newestWrite);
    return (await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v.split(' ')[0];
  });
}, 120_000);
afterAll(async () => {
  await pg?.stop();
});

describe('runSqlChecks on a real engine', () => {
  it('passes a healthy restore: version, not in recovery, tables, row minimums, data age, every expectation kind, amcheck', async () => {
    const r = await runSqlChecks(
      target(),
      plan({
        checks: [
          { name: 'users exist', sql: 'SELECT id FROM public.users', expect: { minRows: 20 } },
          { name: 'story count', sql: 'SELECT count(*) FROM public.stories', expect: { equals: 40 } },
          { name: 'recent chapters', sql: 'SELECT max(updated_at) FROM public.chapters', expect: { maxAgeMinutes: 10 } },
        ],
        amcheckIndexes: ['public.chapters_story_idx', 'public.users_pkey'],
      }),
      ctx(),
    );
    expect(r.tests.map((t) => [t.name, t.status])).toEqual([
      ['connect', 'passed'],
      ['engine version', 'passed'],
      ['not in recovery', 'passed'],
      ['tables readable (public)', 'passed'],
      ['rows public.users', 'passed'],
      ['rows public.stories', 'passed'],
      ['rows public.chapters', 'passed'],
      ['data age', 'passed'],
      ['check users exist', 'passed'],
      ['check story count', 'passed'],
      ['check recent chapters', 'passed'],
      ['amcheck public.chapters_story_idx', 'passed'],
      ['amcheck public.users_pkey', 'passed'],
    ]);
    expect(r.overallStatus).toBe('passed');
    expect(byName(r, 'rows public.chapters')?.value).toBe(120);
    expect(byName(r, 'tables readable (public)')?.detail).toBe('3 tables read');
    expect(byName(r, 'check recent chapters')?.detail).toContain('is 5 min before the backup');
    for (const t of r.tests) expect(t.durationS).toBeGreaterThanOrEqual(0);
  });

  it('measures the RPO from the data: newest write vs the backup time', async () => {
    const r = await runSqlChecks(target(), plan(), ctx());
    expect(r.dataAge).toEqual({
      dataAgeSeconds: 300,
      newestWrite: newestWrite.toISOString(),
      backupCreatedAt: backupCreatedAt.toISOString(),
      skewed: false,
    });
    expect(byName(r, 'data age')).toMatchObject({ status: 'passed', value: 300 });
  });

  it('fails each expectation kind with what it found', async () => {
    const r = await runSqlChecks(
      target(),
      plan({
        checks: [
          { name: 'too few', sql: 'SELECT id FROM public.users', expect: { minRows: 21 } },
          { name: 'wrong count', sql: 'SELECT count(*) FROM public.stories', expect: { equals: 41 } },
          { name: 'stale', sql: 'SELECT max(updated_at) FROM public.chapters', expect: { maxAgeMinutes: 2 } },
        ],
      }),
      ctx(),
    );
    expect(r.overallStatus).toBe('failed');
    expect(byName(r, 'check too few')).toMatchObject({ status: 'failed', value: 20, detail: '20 rows, expected at least 21' });
    expect(byName(r, 'check wrong count')).toMatchObject({ status: 'failed', value: '40', detail: '"40", expected 41' });
    expect(byName(r, 'check stale')).toMatchObject({ status: 'failed', detail: expect.stringContaining('is 5 min before the backup') });
  });

  it('fails a row minimum, a missing table and a SQL error with the cause, and keeps going', async () => {
    const r = await runSqlChecks(
      target(),
      plan({
        tableMinimums: { 'public.users': 21, 'public.comments': 1 },
        checks: [{ name: 'bad column', sql: 'SELECT nope FROM public.users', expect: { minRows: 1 } }],
      }),
      ctx(),
    );
    expect(byName(r, 'rows public.users')).toMatchObject({ status: 'failed', detail: '20 rows, expected at least 21' });
    expect(byName(r, 'rows public.comments')).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('relation "public.comments" does not exist'),
    });
    expect(byName(r, 'check bad column')).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('column "nope" does not exist'),
    });
    expect(byName(r, 'data age')?.status).toBe('passed');
  });

  it('runs a configured check read-only: a write is refused by the server', async () => {
    const r = await runSqlChecks(
      target(),
      plan({ checks: [{ name: 'sneaky', sql: "SELECT 1 FROM (SELECT set_config('x.y','1',false)) s", expect: { minRows: 1 } }] }),
      ctx(),
    );
    expect(byName(r, 'check sneaky')?.status).toBe('passed');
    const write = await runSqlChecks(
      target(),
      plan({
        checks: [{ name: 'write', sql: "INSERT INTO public.users (handle, created_at) VALUES ('x', now())", expect: { minRows: 0 } }],
      }),
      ctx(),
    );
    expect(byName(write, 'check write')).toMatchObject({ status: 'failed', detail: expect.stringContaining('read-only transaction') });
    expect(await pg.withClient(async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM public.users')).rows[0].n)).toBe(
      20,
    );
  });

  it('fails the engine version when the server is not the snapshot engine', async () => {
    const r = await runSqlChecks(target(), plan(), { ...ctx(), expectedEngineVersion: '15.4' });
    expect(byName(r, 'engine version')).toMatchObject({ status: 'failed', detail: `server ${version}, snapshot engine 15.4` });
  });

  it('fails a schema without tables and an index amcheck cannot find', async () => {
    const r = await runSqlChecks(target(), plan({ schemas: ['public', 'archive'], amcheckIndexes: ['public.no_such_idx'] }), ctx());
    expect(byName(r, 'tables readable (public, archive)')).toMatchObject({ status: 'failed', detail: 'schema archive has no table' });
    expect(byName(r, 'amcheck public.no_such_idx')).toMatchObject({ status: 'failed', detail: expect.stringContaining('does not exist') });
  });
});

describe('connection failures', () => {
  it('retries a refused connection, then fails connect with the cause and skips the rest', async () => {
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', () => r()));
    const port = (free.address() as { port: number }).port;
    await new Promise<void>((r) => free.close(() => r()));
    const waits: number[] = [];
    const r = await runSqlChecks({ ...target(), port }, plan(), ctx(), {
      attempts: 3,
      retryDelayMs: 7,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(waits).toEqual([7, 7]);
    expect(r.overallStatus).toBe('failed');
    expect(byName(r, 'connect')).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/\(after 3 attempts\): connect ECONNREFUSED 127\.0\.0\.1:\d+$/),
    });
    expect(r.tests.slice(1).every((t) => t.status === 'skipped' && t.detail === 'not run: no connection')).toBe(true);
    expect(r.tests).toHaveLength(8);
  });

  it('refuses a plain connection to anything but loopback, and verifies TLS against the CA bundle otherwise', () => {
    expect(() => clientConfig({ ...target(), host: 'db.example.com' })).toThrow('only to a loopback address, not db.example.com');
    expect(clientConfig({ ...target(), host: 'db.example.com', tls: { caBundle: 'PEM' } }).ssl).toEqual({
      ca: 'PEM',
      rejectUnauthorized: true,
      servername: 'db.example.com',
    });
  });
});
