/**
 * The SQL checks of a restored database, on ONE connection (see sql-connection.ts), each
 * one a test of the shared report (lambdas/domain/reports/test-report.ts):
 *
 *   connect -> engine version (server_version vs the snapshot's EngineVersion) -> not in
 *   recovery -> every table of the configured schemas readable -> row-count minimums ->
 *   data age (max(<timestamp column>) vs the backup's creation time: the RPO from the data)
 *   -> configured checks (each in a READ ONLY transaction with a statement timeout)
 *   -> amcheck on the configured indexes (optional).
 *
 * Entry point for other workflows (DR drill, failover probe): `runSqlChecks(target, plan, ctx)`.
 * A failed check never throws: it is a failed test with its cause; the report says the rest.
 * A connection that cannot be made is one failed `connect` test and the others skipped.
 */
import type { Client } from 'pg';
import { type ReportTest, type TestReport, buildReport, durationSeconds } from '../domain/reports/test-report';
import { type CheckPlan, qualifiedName, quoteQualified } from '../domain/restore-test/check-spec';
import { asTime, evaluateExpectation } from '../domain/restore-test/expectations';
import { type DataAge, dataAge } from '../domain/restore-test/figures';
import { type ConnectOptions, type SqlTarget, connectWithRetry } from './sql-connection';

export interface SqlCheckContext {
  /** The snapshot's EngineVersion ("15.4"): the server must report the same. */
  expectedEngineVersion: string;
  /** The snapshot's creation time: what the data's age is measured against. */
  backupCreatedAt: Date;
}

export interface SqlCheckOptions extends ConnectOptions {
  statementTimeoutMs?: number;
  now?: () => Date;
}

export interface SqlCheckReport extends TestReport {
  serverVersion?: string;
  dataAge?: DataAge;
  startedAt: string;
  finishedAt: string;
  /** Connection attempts made (1 when the first succeeded). */
  connectAttempts: number;
}

const message = (err: unknown) => {
  const e = err as { code?: string; message?: string };
  return [e?.message ?? String(err), e?.code && !String(e.message).includes(e.code) ? `(${e.code})` : ''].filter(Boolean).join(' ');
};

/** `15.4` from "15.4", "15.4 (Debian 15.4-1)", "18.6 (PGlite 0.5.14)". */
export function normalizeVersion(v: string): string {
  return /^\d+(?:\.\d+)?/.exec(v.trim())?.[0] ?? v.trim();
}

class Recorder {
  readonly tests: ReportTest[] = [];
  constructor(private readonly now: () => Date) {}

  async run(name: string, fn: () => Promise<Omit<ReportTest, 'name' | 'durationS' | 'at'>>): Promise<ReportTest> {
    const started = Date.now();
    let t: Omit<ReportTest, 'name' | 'durationS' | 'at'>;
    try {
      t = await fn();
    } catch (err) {
      t = { status: 'failed', detail: message(err) };
    }
    const test = { name, ...t, durationS: durationSeconds(Date.now() - started), at: this.now().toISOString() };
    this.tests.push(test);
    return test;
  }

  skip(name: string, detail: string): void {
    this.tests.push({ name, status: 'skipped', durationS: 0, detail, at: this.now().toISOString() });
  }
}

/** The names of the tests a plan makes, in order (also the ones skipped when the connection fails). */
export function plannedTestNames(plan: CheckPlan): string[] {
  return [
    'connect',
    'engine version',
    'not in recovery',
    `tables readable (${plan.schemas.join(', ')})`,
    ...Object.keys(plan.tableMinimums).map((t) => `rows ${t}`),
    ...(plan.timestampColumn ? ['data age'] : []),
    ...plan.checks.map((c) => `check ${c.name}`),
    ...plan.amcheckIndexes.map((i) => `amcheck ${i}`),
  ];
}

async function readOnly(client: Client, sql: string, timeoutMs: number): Promise<Record<string, unknown>[]> {
  await client.query('BEGIN READ ONLY');
  try {
    await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
    const r = await client.query(sql);
    return r.rows;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}

export async function runSqlChecks(
  target: SqlTarget,
  plan: CheckPlan,
  ctx: SqlCheckContext,
  o: SqlCheckOptions = {},
): Promise<SqlCheckReport> {
  const now = o.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const rec = new Recorder(now);
  const timeout = o.statementTimeoutMs ?? 30_000;
  let client: Client | undefined;
  let connectAttempts = 0;
  await rec.run('connect', async () => {
    const c = await connectWithRetry(target, o);
    client = c.client;
    connectAttempts = c.attempts;
    const how =
      target.tls === false
        ? 'plain loopback connection (local endpoint override)'
        : 'TLS, server certificate verified against the RDS CA bundle';
    return {
      status: 'passed',
      detail: `${target.host}:${target.port}/${target.database} as ${target.user}, ${how}, attempt ${c.attempts}`,
      value: c.attempts,
    };
  });
  if (!client) {
    for (const name of plannedTestNames(plan).slice(1)) rec.skip(name, 'not run: no connection');
    return { ...buildReport(rec.tests), startedAt, finishedAt: now().toISOString(), connectAttempts: o.attempts ?? 5 };
  }
  const db = client;
  let serverVersion: string | undefined;
  let age: DataAge | undefined;
  try {
    await rec.run('engine version', async () => {
      const r = await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
      serverVersion = r.rows[0]?.v ?? '';
      const got = normalizeVersion(serverVersion);
      const want = normalizeVersion(ctx.expectedEngineVersion);
      return {
        status: got === want ? 'passed' : 'failed',
        value: serverVersion,
        detail: `server ${serverVersion}, snapshot engine ${ctx.expectedEngineVersion}`,
      };
    });
    await rec.run('not in recovery', async () => {
      const r = await db.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
      const inRecovery = r.rows[0]?.r;
      return {
        status: inRecovery === false ? 'passed' : 'failed',
        value: inRecovery ?? null,
        detail: `pg_is_in_recovery() = ${inRecovery}`,
      };
    });
    await rec.run(`tables readable (${plan.schemas.join(', ')})`, async () => {
      const r = await db.query<{ s: string; t: string }>(
        `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
          WHERE table_type = 'BASE TABLE' AND table_schema = ANY($1::text[]) ORDER BY 1, 2`,
        [plan.schemas],
      );
      const empty = plan.schemas.filter((s) => !r.rows.some((x) => x.s === s));
      const unreadable: string[] = [];
      for (const { s, t } of r.rows) {
        try {
          await readOnly(db, `SELECT 1 FROM ${quoteQualified(s, t)} LIMIT 1`, timeout);
        } catch (err) {
          unreadable.push(`${s}.${t}: ${message(err)}`);
        }
      }
      const problems = [...empty.map((s) => `schema ${s} has no table`), ...unreadable];
      return {
        status: problems.length === 0 ? 'passed' : 'failed',
        value: r.rows.length,
        detail: problems.length === 0 ? `${r.rows.length} tables read` : problems.join('; '),
      };
    });
    for (const [table, min] of Object.entries(plan.tableMinimums)) {
      await rec.run(`rows ${table}`, async () => {
        const [s, t] = qualifiedName(table, 2) ?? [];
        if (!s || !t) return { status: 'failed', detail: `"${table}" is not schema.table` };
        const rows = await readOnly(db, `SELECT count(*)::bigint AS n FROM ${quoteQualified(s, t)}`, timeout);
        const n = Number(rows[0]?.n ?? 0);
        return { status: n >= min ? 'passed' : 'failed', value: n, detail: `${n} rows, expected at least ${min}` };
      });
    }
    if (plan.timestampColumn) {
      const { schema, table, column } = plan.timestampColumn;
      await rec.run('data age', async () => {
        const rows = await readOnly(db, `SELECT max(${quoteQualified(column)}) AS newest FROM ${quoteQualified(schema, table)}`, timeout);
        const newest = asTime(rows[0]?.newest);
        if (!newest) return { status: 'failed', value: null, detail: `${schema}.${table}.${column} has no timestamp (empty table?)` };
        age = dataAge(newest, ctx.backupCreatedAt);
        return {
          status: 'passed',
          value: age.dataAgeSeconds,
          detail: `newest ${schema}.${table}.${column} ${age.newestWrite}, backup created ${age.backupCreatedAt}: data ${age.dataAgeSeconds} s older than the backup${age.skewed ? ' (newest write is after the backup time: clock skew)' : ''}`,
        };
      });
    }
    for (const check of plan.checks) {
      await rec.run(`check ${check.name}`, async () => {
        const rows = await readOnly(db, check.sql, timeout);
        const r = evaluateExpectation(check.expect, rows, ctx.backupCreatedAt);
        return { status: r.passed ? 'passed' : 'failed', value: r.value, detail: r.detail };
      });
    }
    if (plan.amcheckIndexes.length > 0) {
      let extension: string | undefined;
      try {
        await db.query('CREATE EXTENSION IF NOT EXISTS amcheck');
      } catch (err) {
        extension = `amcheck is not available: ${message(err)}`;
      }
      for (const index of plan.amcheckIndexes) {
        await rec.run(`amcheck ${index}`, async () => {
          if (extension) return { status: 'failed', detail: extension };
          const [s, i] = qualifiedName(index, 2) ?? [];
          if (!s || !i) return { status: 'failed', detail: `"${index}" is not schema.index` };
          await db.query('SELECT bt_index_check($1::regclass)', [`${quoteQualified(s, i)}`]);
          return { status: 'passed', detail: 'bt_index_check found no corruption' };
        });
      }
    }
  } finally {
    await db.end().catch(() => undefined);
  }
  return { ...buildReport(rec.tests), serverVersion, dataAge: age, startedAt, finishedAt: now().toISOString(), connectAttempts };
}
