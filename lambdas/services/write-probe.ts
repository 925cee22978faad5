/**
 * The write probe of a new primary (failover post-check): evidence from SQL, not only from TCP,
 * that the promoted instance is a primary that takes writes. On one connection (sql-connection.ts:
 * TLS against the RDS CA bundle in AWS):
 *
 * 1. `pg_is_in_recovery()` must be false: a standby (a replica still replaying) answers true;
 * 2. one transaction creates a TEMP table (dropped at commit), inserts a row, reads it back and
 *    takes a transaction id (`txid_current()`). A standby and a read-only server refuse all three.
 *
 * Nothing is left behind: the table is temporary and dropped at COMMIT (or ROLLBACK).
 */
import type { Client } from 'pg';
import { type ConnectOptions, connectWithRetry, type SqlTarget } from './sql-connection';

export interface WriteProbeResult {
  ok: boolean;
  /** What was seen, for the run's output and the alert. */
  detail: string;
  /** The server's own answer, when it gave one. */
  inRecovery?: boolean;
}

export const WRITE_PROBE_TABLE = 'muejam_failover_write_probe';

type Queryable = Pick<Client, 'query'>;

const cause = (err: unknown) => {
  const e = err as { code?: string; message?: string };
  return `${e?.code ? `${e.code} ` : ''}${e?.message ?? String(err)}`;
};

/** The probe on an open connection; `where` names the server in the detail. */
export async function probeWrites(client: Queryable, where: string, token: string): Promise<WriteProbeResult> {
  let inRecovery: boolean;
  try {
    inRecovery = (await client.query<{ in_recovery: boolean }>('SELECT pg_is_in_recovery() AS in_recovery')).rows[0]?.in_recovery;
  } catch (err) {
    return { ok: false, detail: `${where} did not answer SELECT pg_is_in_recovery(): ${cause(err)}` };
  }
  if (inRecovery !== false) {
    return {
      ok: false,
      inRecovery: true,
      detail: `${where} is still in recovery (pg_is_in_recovery() = ${inRecovery}): it is a standby, not a primary`,
    };
  }
  try {
    await client.query('BEGIN');
    await client.query(`CREATE TEMP TABLE ${WRITE_PROBE_TABLE} (token text NOT NULL) ON COMMIT DROP`);
    await client.query(`INSERT INTO ${WRITE_PROBE_TABLE} (token) VALUES ($1)`, [token]);
    const read = await client.query<{ token: string; xid: string }>(
      `SELECT token, txid_current()::text AS xid FROM ${WRITE_PROBE_TABLE} WHERE token = $1`,
      [token],
    );
    await client.query('COMMIT');
    if (read.rows.length !== 1) {
      return {
        ok: false,
        inRecovery: false,
        detail: `${where} accepted a write but did not return it (${read.rows.length} rows read back)`,
      };
    }
    return {
      ok: true,
      inRecovery: false,
      detail: `${where} took a write: pg_is_in_recovery() = false, a row written and read back in transaction ${read.rows[0].xid}`,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    return { ok: false, inRecovery: false, detail: `${where} refused a write: ${cause(err)}` };
  }
}

/** Connects (with retries) and probes; a connection that cannot be made is a failed probe naming why. */
export async function writeProbe(target: SqlTarget, token: string, o: ConnectOptions = {}): Promise<WriteProbeResult> {
  const where = `${target.host}:${target.port}/${target.database} as ${target.user}`;
  let client: Client;
  try {
    ({ client } = await connectWithRetry(target, { applicationName: 'muejam-backup-dr-write-probe', ...o }));
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
  try {
    return await probeWrites(client, where, token);
  } finally {
    await client.end().catch(() => undefined);
  }
}
