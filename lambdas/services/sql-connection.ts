/**
 * One node-postgres connection to a restored (or promoted) database, for the SQL checks of
 * the restore test, the DR drill and the post-failover write probe.
 *
 * - AWS: TLS verified against the RDS CA bundle (`caBundle`: the PEM text; the checker Lambda
 *   reads it from RDS_CA_BUNDLE_PATH, default /var/runtime/ca-cert.pem, the Lambda Node.js
 *   runtime's copy of the Amazon CA certificates that includes the RDS ones).
 * - Local runs only: a plain connection to a loopback address (the local endpoint override,
 *   lambdas/services/local-endpoint-override.ts). `tls: false` is refused for any other host.
 * - Connection refused / timeout / "starting up" are retried `attempts` times with `retryDelayMs`
 *   between them; then `SqlConnectError` names the host, the attempts and the last cause.
 */
import { readFileSync } from 'node:fs';
import { Client, type ClientConfig } from 'pg';

export const RDS_CA_BUNDLE_ENV = 'RDS_CA_BUNDLE_PATH';
/** The Lambda Node.js runtime's Amazon CA certificates (RDS included). */
export const DEFAULT_RDS_CA_BUNDLE = '/var/runtime/ca-cert.pem';

/** The RDS CA bundle (PEM) a TLS connection is verified against: RDS_CA_BUNDLE_PATH, else the runtime's copy. */
export function readRdsCaBundle(env: NodeJS.ProcessEnv = process.env): string {
  const path = env[RDS_CA_BUNDLE_ENV]?.trim() || DEFAULT_RDS_CA_BUNDLE;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`the RDS CA bundle is not readable at ${path} (${RDS_CA_BUNDLE_ENV}): ${(err as Error).message}`);
  }
}

export interface SqlTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** The CA bundle (PEM) to verify the server's certificate with, or false for a plain loopback connection. */
  tls: { caBundle: string } | false;
}

export interface ConnectOptions {
  attempts?: number;
  retryDelayMs?: number;
  connectTimeoutMs?: number;
  /** Shown in pg_stat_activity on the server. */
  applicationName?: string;
  /** Waits between attempts (tests and the bench pass an instant one). */
  sleep?: (ms: number) => Promise<void>;
}

export class SqlConnectError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'SqlConnectError';
  }
}

const RETRYABLE_CODES = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '57P03']);

/** True for a failure that can pass on its own (server not listening yet, network, starting up). */
export function isRetryableConnectError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e?.code && RETRYABLE_CODES.has(e.code)) return true;
  return typeof e?.message === 'string' && /timeout|terminated unexpectedly|starting up/i.test(e.message);
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function clientConfig(t: SqlTarget, o: ConnectOptions = {}): ClientConfig {
  if (t.tls === false && !isLoopback(t.host)) {
    throw new SqlConnectError(`a plain (non-TLS) connection is allowed only to a loopback address, not ${t.host}`, 0);
  }
  return {
    host: t.host,
    port: t.port,
    database: t.database,
    user: t.user,
    password: t.password,
    connectionTimeoutMillis: o.connectTimeoutMs ?? 10_000,
    application_name: o.applicationName ?? 'muejam-backup-dr-sql-check',
    ssl: t.tls === false ? false : { ca: t.tls.caBundle, rejectUnauthorized: true, servername: t.host },
  };
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Connects, retrying what can pass on its own; the caller must `end()` the client. */
export async function connectWithRetry(t: SqlTarget, o: ConnectOptions = {}): Promise<{ client: Client; attempts: number }> {
  const attempts = o.attempts ?? 5;
  const sleep = o.sleep ?? realSleep;
  let last: unknown;
  for (let n = 1; n <= attempts; n += 1) {
    const client = new Client(clientConfig(t, o));
    client.on('error', () => undefined); // a dropped connection surfaces on the next query
    try {
      await client.connect();
      return { client, attempts: n };
    } catch (err) {
      last = err;
      await client.end().catch(() => undefined);
      if (!isRetryableConnectError(err)) break;
      if (n < attempts) await sleep(o.retryDelayMs ?? 3000);
    }
  }
  const e = last as { code?: string; message?: string };
  const cause = (e?.code && !e.message?.includes(e.code) ? `${e.code} ` : '') + (e?.message ?? String(last));
  const tried = isRetryableConnectError(last) ? `after ${attempts} attempts` : 'not retried';
  throw new SqlConnectError(`cannot connect to ${t.host}:${t.port}/${t.database} as ${t.user} (${tried}): ${cause}`, attempts);
}

/** Runs `fn` on one connection and always closes it (one connection: a pglite-socket server serves one at a time). */
export async function withSqlConnection<T>(t: SqlTarget, fn: (client: Client) => Promise<T>, o: ConnectOptions = {}): Promise<T> {
  const { client } = await connectWithRetry(t, o);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
