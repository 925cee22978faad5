/**
 * Failover post-check: the write probe of the new primary (write-probe.ts), with its credentials
 * and endpoint. Credentials, first found: `muejam.failover.databases.<db>.secretArn`, the promoted
 * instance's RDS-managed master secret, the old primary's (a replica has the primary's users, so
 * the old primary's password opens the promoted copy).
 *
 * - `passed`: the server is out of recovery and took a write.
 * - `not-run`: no evidence either way, said as a warning in the report and the page: this Lambda
 *   has no network path to the database, or no credentials are configured or readable.
 * - A probe that ran and failed throws FailoverStepFailed with the cause and the re-run command.
 */
import { randomUUID } from 'node:crypto';
import type { DBInstance } from '@aws-sdk/client-rds';
import { FailoverStepFailed } from '../domain/failover/errors';
import { failoverCommand, type WriteProbeCheck } from '../domain/failover/report';
import { FAILOVER_SETTINGS, type FailoverSettings } from '../domain/settings/failover';
import type { ClientFactory } from '../runtime/clients';
import { readSecretCredentials } from './database-credentials';
import type { FailoverPlan } from './failover-guard-service';
import { resolveSqlEndpoint } from './local-endpoint-override';
import { describeInstance } from './rds-instance-reads';
import { type ConnectOptions, readRdsCaBundle } from './sql-connection';
import { writeProbe } from './write-probe';

/** The probe's database: every RDS for PostgreSQL instance has it. */
export const WRITE_PROBE_DATABASE = 'postgres';

/** Three tries of at most 8 s, 2 s apart: well inside the post-check step's 60 s. */
export const WRITE_PROBE_CONNECT: ConnectOptions = { attempts: 3, retryDelayMs: 2000, connectTimeoutMs: 8000 };

export class FailoverWriteProbe {
  constructor(
    private readonly clients: ClientFactory,
    private readonly settings: () => FailoverSettings = () => FAILOVER_SETTINGS.read(),
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly connect: ConnectOptions = WRITE_PROBE_CONNECT,
  ) {}

  private async secret(plan: FailoverPlan, promoted: DBInstance): Promise<{ arn: string; from: string } | undefined> {
    const configured = this.settings().databases[plan.database]?.secretArn;
    if (configured) return { arn: configured, from: `configured secret (muejam.failover.databases.${plan.database}.secretArn)` };
    if (promoted.MasterUserSecret?.SecretArn)
      return { arn: promoted.MasterUserSecret.SecretArn, from: `the RDS-managed master secret of ${promoted.DBInstanceIdentifier}` };
    const old = await describeInstance(this.clients, plan.region, plan.primaryId).catch(() => undefined);
    if (old?.MasterUserSecret?.SecretArn)
      return { arn: old.MasterUserSecret.SecretArn, from: `the RDS-managed master secret of ${plan.primaryId}` };
    return undefined;
  }

  async run(plan: FailoverPlan, promoted: DBInstance): Promise<WriteProbeCheck> {
    const id = promoted.DBInstanceIdentifier ?? plan.targetId;
    const secret = await this.secret(plan, promoted);
    if (!secret) {
      return {
        status: 'not-run',
        detail: `write probe not run: no credentials for ${id} (set muejam.failover.databases.${plan.database}.secretArn, or manage its master password in Secrets Manager)`,
      };
    }
    let credentials: Awaited<ReturnType<typeof readSecretCredentials>>;
    try {
      credentials = await readSecretCredentials(this.clients, secret, plan.region, promoted.MasterUsername);
    } catch (err) {
      return { status: 'not-run', detail: `write probe not run: ${(err as Error).message}` };
    }
    const retry = failoverCommand(plan.database, plan.targetId, plan.reason, plan.force);
    if (!promoted.Endpoint?.Address)
      throw new FailoverStepFailed(`post-check: the new primary ${id} reports no endpoint; re-run: ${retry}`);
    const at = resolveSqlEndpoint({ address: promoted.Endpoint.Address, port: promoted.Endpoint.Port ?? 5432 }, this.env);
    const r = await writeProbe(
      {
        host: at.host,
        port: at.port,
        database: WRITE_PROBE_DATABASE,
        user: credentials.user,
        password: credentials.password,
        tls: at.tls ? { caBundle: readRdsCaBundle(this.env) } : false,
      },
      randomUUID(),
      this.connect,
    );
    if (!r.ok) {
      throw new FailoverStepFailed(
        `post-check: the write probe of the new primary ${id} failed: ${r.detail}. DNS already points at it. Check the instance (aws rds describe-db-instances --db-instance-identifier ${id}), then re-run: ${retry}`,
      );
    }
    return { status: 'passed', detail: r.detail, credentialsFrom: credentials.from };
  }
}
