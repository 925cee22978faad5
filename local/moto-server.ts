/**
 * The embedded AWS: starts moto_server on a free loopback port and stops it on
 * every exit path (normal exit, error, Ctrl-C, SIGTERM).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface MotoServer {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export class MotoServerMissing extends Error {
  constructor() {
    super(
      'moto_server was not found on PATH. It is the embedded AWS emulator used by `npm start` and the integration tests.\n' +
        "Install it with:  pip install 'moto[server]'   (Python 3.9+), then run the command again.\n" +
        'Or point AWS_ENDPOINT_URL at an emulator you already run (moto_server or LocalStack).',
    );
    this.name = 'MotoServerMissing';
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
let hooksInstalled = false;

/** How long moto_server gets to exit after SIGTERM before it is sent SIGKILL (it is waited for either way). */
const TERM_GRACE_MS = 3000;

/**
 * Stops one emulator and resolves only once the child has exited: SIGTERM, then SIGKILL if it is
 * still running after the grace period. Never resolves on a timer, so a caller that awaits it
 * knows nothing is listening on the port any more, however loaded the machine is.
 */
export function terminate(child: ChildProcess, graceMs = TERM_GRACE_MS): Promise<void> {
  // Never started (ENOENT: no pid) or already gone.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const escalate = setTimeout(() => {
      if (child.exitCode === null && !child.signalCode) child.kill('SIGKILL');
    }, graceMs);
    escalate.unref();
    child.once('exit', () => {
      clearTimeout(escalate);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // Last resort on a plain exit (no await possible there): ask every emulator still running to stop.
  process.on('exit', () => {
    for (const p of running) {
      try {
        p.kill('SIGTERM');
      } catch {
        /* already gone */
      }
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      // Exit only once every emulator has exited, so nothing is left listening.
      const children = [...running];
      running.clear();
      void Promise.all(children.map((p) => terminate(p))).then(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    });
  }
}

async function waitUntilUp(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`moto_server exited with code ${exited} before it was ready`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`);
}

/** Starts moto_server; rejects with MotoServerMissing when it is not installed. */
export async function startMotoServer(opts: { timeoutMs?: number; command?: string } = {}): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(opts.command ?? 'moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const spawnError = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new MotoServerMissing() : err));
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  installExitHooks();
  running.add(child);
  const stop = async () => {
    running.delete(child);
    await terminate(child);
  };
  try {
    await Promise.race([waitUntilUp(endpoint, child, opts.timeoutMs ?? 30000), spawnError]);
  } catch (err) {
    await stop();
    if (err instanceof MotoServerMissing) throw err;
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return { endpoint, port, stop };
}

/** Forgets every resource in the emulator (moto's reset API). */
export async function resetMoto(endpoint: string): Promise<void> {
  await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
}
