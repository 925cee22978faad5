/**
 * A TCP connection probe to a database endpoint: one signal of "is the
 * primary down?" and the post-failover connection check of the new primary.
 * The Lambda that runs it must be able to reach the database (its VPC).
 *
 * Local runs only (the local runner, MUEJAM_LOCAL_RUN=true): MUEJAM_LOCAL_ENDPOINTS maps an
 * emulator's endpoint host (which resolves nowhere) to a loopback host:port, so the rehearsal
 * can show a reachable new primary. Ignored in a deployed Lambda.
 */
import { Socket } from 'node:net';
import { isLocalRunner } from '../domain/inputs/strict';

export const LOCAL_ENDPOINTS_ENV = 'MUEJAM_LOCAL_ENDPOINTS';

export interface ProbeResult {
  reachable: boolean;
  detail: string;
}

function localOverride(host: string, port: number, env: NodeJS.ProcessEnv): { host: string; port: number } {
  if (!isLocalRunner(env)) return { host, port };
  const raw = env[LOCAL_ENDPOINTS_ENV];
  if (!raw) return { host, port };
  const map = JSON.parse(raw) as Record<string, string>;
  const to = map[host];
  if (!to) return { host, port };
  const [h, p] = to.split(':');
  return { host: h, port: Number(p) };
}

export function probeConnection(host: string, port: number, timeoutMs = 3000, env: NodeJS.ProcessEnv = process.env): Promise<ProbeResult> {
  const target = localOverride(host, port, env);
  const shown = `${host}:${port}`;
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = new Socket();
    let done = false;
    const finish = (r: ProbeResult) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(timeoutMs, () => finish({ reachable: false, detail: `no TCP connection to ${shown} within ${timeoutMs} ms` }));
    socket.once('error', (e: NodeJS.ErrnoException) =>
      finish({ reachable: false, detail: `TCP connection to ${shown} failed: ${e.code ?? e.message}` }),
    );
    socket.connect(target.port, target.host, () =>
      finish({ reachable: true, detail: `TCP connection to ${shown} opened in ${Date.now() - started} ms` }),
    );
  });
}
