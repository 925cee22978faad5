/**
 * The local-only endpoint override of the SQL checks (documented in docs/configuration.md,
 * "Local runs"). In AWS the checker connects to the endpoint RDS reports, with TLS. In a local
 * run (the rehearsal, the tests, the CLI against an emulator: MUEJAM_LOCAL_RUN=true) the emulator
 * has no database behind its endpoints, so the local engine (local/postgres) serves the restored
 * copy on a loopback port and says where in:
 *
 *   MUEJAM_LOCAL_PG_ENDPOINTS={"<endpoint address RDS reported>":"127.0.0.1:<port>"}
 *
 * Honoured only when MUEJAM_LOCAL_RUN=true, only towards loopback addresses, and then with a
 * plain connection (the local engine has no certificate). The variable set outside a local run is
 * refused, so a deployed checker can never be pointed elsewhere or lose TLS through it.
 */
import { InvalidInput, PreconditionFailed } from '../errors';

export const LOCAL_PG_ENDPOINTS_ENV = 'MUEJAM_LOCAL_PG_ENDPOINTS';
export const LOCAL_RUN_ENV = 'MUEJAM_LOCAL_RUN';

export interface SqlEndpoint {
  host: string;
  port: number;
  /** True: TLS against the RDS CA bundle. False only for an override in a local run. */
  tls: boolean;
  /** The override that replaced the reported endpoint, if any. */
  overriddenFrom?: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost):(\d{1,5})$/;

export function resolveSqlEndpoint(reported: { address: string; port: number }, env: NodeJS.ProcessEnv = process.env): SqlEndpoint {
  const raw = env[LOCAL_PG_ENDPOINTS_ENV]?.trim();
  if (!raw) return { host: reported.address, port: reported.port, tls: true };
  if (env[LOCAL_RUN_ENV] !== 'true') {
    throw new PreconditionFailed(
      `${LOCAL_PG_ENDPOINTS_ENV} is set but this is not a local run (${LOCAL_RUN_ENV}=true): refusing to redirect the SQL checks`,
    );
  }
  let map: unknown;
  try {
    map = JSON.parse(raw);
  } catch {
    throw new InvalidInput(`env ${LOCAL_PG_ENDPOINTS_ENV}`, `is not JSON: ${raw.slice(0, 80)}`);
  }
  const target = (map as Record<string, unknown>)?.[reported.address];
  if (target === undefined) return { host: reported.address, port: reported.port, tls: true };
  const m = typeof target === 'string' ? LOOPBACK.exec(target) : null;
  if (!m)
    throw new InvalidInput(
      `env ${LOCAL_PG_ENDPOINTS_ENV}.${reported.address}`,
      `${JSON.stringify(target)} is not allowed: a loopback "127.0.0.1:<port>"`,
    );
  return { host: m[1], port: Number(m[2]), tls: false, overriddenFrom: `${reported.address}:${reported.port}` };
}
