/**
 * The write probe against a real PostgreSQL engine (PGlite over its socket): a writable server
 * passes and keeps nothing; a read-only one refuses the write (the engine's own error); a
 * standby's answer (pg_is_in_recovery() = true, which PGlite cannot be) is a scripted client.
 */
import { createServer } from 'node:net';
import { probeWrites, WRITE_PROBE_TABLE, writeProbe } from '../../../lambdas/services/write-probe';
import type { SqlTarget } from '../../../lambdas/services/sql-connection';
import { type LocalPostgres, startLocalPostgres } from '../../../local/postgres/pglite-server';

let pg: LocalPostgres;
const target = (o: Partial<SqlTarget> = {}): SqlTarget => ({
  host: pg.host,
  port: pg.port,
  database: 'postgres',
  user: 'postgres',
  password: 'local',
  tls: false,
  ...o,
});
const instant = { sleep: async () => undefined, retryDelayMs: 0 };

beforeAll(async () => {
  pg = await startLocalPostgres();
}, 120_000);
afterAll(async () => {
  await pg?.stop();
});

describe('writeProbe on a real engine', () => {
  it('passes a writable primary: out of recovery, a row written and read back in a transaction; the table is gone afterwards', async () => {
    const r = await writeProbe(target(), 'token-1', instant);
    expect(r.ok).toBe(true);
    expect(r.inRecovery).toBe(false);
    expect(r.detail).toMatch(
      new RegExp(
        `^${pg.host}:${pg.port}/postgres as postgres took a write: pg_is_in_recovery\\(\\) = false, a row written and read back in transaction \\d+$`,
      ),
    );
    const left = await pg.withClient(
      async (c) => (await c.query(`SELECT 1 FROM pg_class WHERE relname = $1`, [WRITE_PROBE_TABLE])).rowCount,
    );
    expect(left).toBe(0);
  });

  it('passes twice in a row (the temporary table is dropped at commit, so a re-run finds no leftover)', async () => {
    expect((await writeProbe(target(), 'a', instant)).ok).toBe(true);
    expect((await writeProbe(target(), 'b', instant)).ok).toBe(true);
  });

  // PGlite has ONE backend for every socket connection, so a session setting made on one connection holds for the next.
  it('fails on a server that refuses writes (read-only by default), with the engine error', async () => {
    await pg.withClient((c) => c.query('SET default_transaction_read_only = on'));
    try {
      const r = await writeProbe(target(), 'token-2', instant);
      expect(r.ok).toBe(false);
      expect(r.inRecovery).toBe(false);
      expect(r.detail).toContain(`${pg.host}:${pg.port}/postgres as postgres refused a write: 25006 `);
      expect(r.detail).toContain('read-only transaction');
    } finally {
      await pg.withClient((c) => c.query('SET default_transaction_read_only = off'));
    }
    expect((await writeProbe(target(), 'token-3', instant)).ok).toBe(true);
  });

  it('fails when no connection can be made, naming the host and the attempts', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    const r = await writeProbe(target({ port: closed }), 't', { ...instant, attempts: 2 });
    expect(r.ok).toBe(false);
    expect(r.detail).toBe(
      `cannot connect to 127.0.0.1:${closed}/postgres as postgres (after 2 attempts): connect ECONNREFUSED 127.0.0.1:${closed}`,
    );
  });
});

describe('probeWrites: answers a real engine cannot give here', () => {
  const scripted = (answers: Record<string, unknown>) => {
    const sent: string[] = [];
    const client = {
      query: async (sql: string) => {
        sent.push(sql);
        const key = Object.keys(answers).find((k) => sql.startsWith(k));
        const a = key === undefined ? { rows: [] } : answers[key];
        if (a instanceof Error) throw a;
        return a;
      },
    };
    return { client: client as never, sent };
  };

  it('a standby (pg_is_in_recovery() = true) fails before any write is tried', async () => {
    const { client, sent } = scripted({ 'SELECT pg_is_in_recovery()': { rows: [{ in_recovery: true }] } });
    const r = await probeWrites(client, 'db:5432/postgres as app', 't');
    expect(r).toEqual({
      ok: false,
      inRecovery: true,
      detail: 'db:5432/postgres as app is still in recovery (pg_is_in_recovery() = true): it is a standby, not a primary',
    });
    expect(sent).toEqual(['SELECT pg_is_in_recovery() AS in_recovery']);
  });

  it('no answer to pg_is_in_recovery() counts as not out of recovery', async () => {
    const { client } = scripted({ 'SELECT pg_is_in_recovery()': { rows: [] } });
    expect((await probeWrites(client, 'db', 't')).ok).toBe(false);
  });

  it('an error on the first query fails with it', async () => {
    const { client } = scripted({ 'SELECT pg_is_in_recovery()': Object.assign(new Error('terminating connection'), { code: '57P01' }) });
    expect(await probeWrites(client, 'db', 't')).toEqual({
      ok: false,
      detail: 'db did not answer SELECT pg_is_in_recovery(): 57P01 terminating connection',
    });
  });

  it('a write that is accepted but not read back fails, after COMMIT', async () => {
    const { client, sent } = scripted({ 'SELECT pg_is_in_recovery()': { rows: [{ in_recovery: false }] } });
    const r = await probeWrites(client, 'db', 't');
    expect(r).toEqual({ ok: false, inRecovery: false, detail: 'db accepted a write but did not return it (0 rows read back)' });
    expect(sent.at(-1)).toBe('COMMIT');
  });

  it('a refused write rolls back', async () => {
    const { client, sent } = scripted({
      'SELECT pg_is_in_recovery()': { rows: [{ in_recovery: false }] },
      'CREATE TEMP TABLE': Object.assign(new Error('cannot execute CREATE TABLE in a read-only transaction'), { code: '25006' }),
    });
    const r = await probeWrites(client, 'db', 't');
    expect(r.detail).toBe('db refused a write: 25006 cannot execute CREATE TABLE in a read-only transaction');
    expect(sent.at(-1)).toBe('ROLLBACK');
  });
});
