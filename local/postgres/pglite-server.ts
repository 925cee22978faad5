/**
 * A real PostgreSQL engine on a loopback port, from npm alone: PGlite (PostgreSQL compiled to
 * WASM) served over the PostgreSQL wire protocol by pglite-socket, so node-postgres connects to it
 * unchanged. Local runs and tests only.
 *
 * Each engine runs in its own child process (pglite-worker.ts). PGlite is a single-session
 * engine: the socket accepts a few connections but they share ONE session (a SET made on one
 * holds for the next), so every user here (the seeding, the SQL check runner, the write probe)
 * opens one connection, uses it, and closes it before the next one.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';

export interface LocalPostgres {
  host: string;
  port: number;
  /** `host:port`. */
  address: string;
  /** Runs `fn` on one connection (closed afterwards). */
  withClient<T>(fn: (c: Client) => Promise<T>): Promise<T>;
  /** Writes the engine's data directory (a tarball) to `path`: a copy of the data as it is now. */
  dumpDataDir(path: string): Promise<void>;
  stop(): Promise<void>;
}

const WORKER = join(__dirname, 'pglite-worker.ts');

/** A fresh engine, or one loaded from a data directory written by `dumpDataDir`. */
export async function startLocalPostgres(loadDataDir?: string): Promise<LocalPostgres> {
  const child: ChildProcess = fork(WORKER, loadDataDir ? [loadDataDir] : [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the PGlite worker exited (code ${code}) before serving`)));
    child.on('message', (m: { type?: string; port?: number; error?: string }) => {
      if (m.type === 'ready') resolve(m.port as number);
      if (m.type === 'failed') reject(new Error(`the PGlite worker failed: ${m.error}`));
    });
  });
  child.removeAllListeners('exit');
  let next = 0;
  const ask = (msg: Record<string, unknown>) =>
    new Promise<void>((resolve, reject) => {
      const id = ++next;
      const onMessage = (m: { id?: number; ok?: boolean; error?: string }) => {
        if (m.id !== id) return;
        child.off('message', onMessage);
        if (m.ok) resolve();
        else reject(new Error(m.error));
      };
      child.on('message', onMessage);
      child.send({ ...msg, id });
    });
  const host = '127.0.0.1';
  let stopped = false;
  return {
    host,
    port,
    address: `${host}:${port}`,
    async withClient(fn) {
      const c = new Client({ host, port, user: 'postgres', password: 'local', database: 'postgres' });
      await c.connect();
      try {
        return await fn(c);
      } finally {
        await c.end();
      }
    },
    dumpDataDir: (path) => ask({ type: 'dump', path }),
    async stop() {
      if (stopped) return;
      stopped = true;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      await ask({ type: 'stop' }).catch(() => undefined);
      if (child.exitCode === null) child.kill();
      await exited;
    },
  };
}
