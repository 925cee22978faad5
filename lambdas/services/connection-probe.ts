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

/** Set to "true" by the stack on the Lambdas it attaches to the database's VPC (muejam.failover.probe*): only they can reach it. */
export const PROBE_IN_VPC_ENV = 'MUEJAM_PROBE_IN_VPC';

export interface ProbeResult {
  reachable: boolean;
  detail: string;
  /**
   * True when no probe was made: this Lambda has no network path to the database (not attached to
   * its VPC). Such a probe is evidence of nothing: neither "up" nor "down" (a probe that cannot
   * reach a private endpoint would otherwise say "down" forever).
   */
  notRun?: boolean;
}

/** True when this process can reach the database: attached to its VPC by the stack, or a local run (loopback endpoints). */
export function probeHasNetworkPath(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[PROBE_IN_VPC_ENV] === 'true' || isLocalRunner(env);
}

export const NOT_PROBED =
  "not probed: this Lambda is not attached to the database's VPC (set muejam.failover.probeVpcId, probeSubnetIds and probeSecurityGroupIds); counts neither up nor down";

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
  if (!probeHasNetworkPath(env)) return Promise.resolve({ reachable: false, notRun: true, detail: `${host}:${port} ${NOT_PROBED}` });
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
