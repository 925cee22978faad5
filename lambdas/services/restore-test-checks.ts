/**
 * The SQL-check step of the restore test: where to connect (the endpoint RDS reports for the
 * restored instance, or the local-only override), with which credentials (a configured secret,
 * else the restored instance's RDS-managed master secret, else the source database's), what
 * to expect (the snapshot's engine version and creation time), then the checks themselves
 * (sql-check-runner.ts). Runs in the database's VPC. A problem before the connection (secret
 * unreadable, no endpoint) is a failed `connect` test with its cause, never a crash: the report
 * and the alert name it.
 */
import { readFileSync } from 'node:fs';
import { type DBInstance, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { buildReport } from '../domain/reports/test-report';
import { checkPlan, type DbRestorePlan } from '../domain/restore/restore-plan';
import type { CheckPlan } from '../domain/restore-test/check-spec';
import type { RestoreTestSettings } from '../domain/settings/restore-test';
import type { ClientFactory } from '../runtime/clients';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { rethrowTyped } from './aws-errors';
import { resolveSqlEndpoint } from './local-endpoint-override';
import { plannedTestNames, runSqlChecks, type SqlCheckOptions, type SqlCheckReport } from './sql-check-runner';

export const RDS_CA_BUNDLE_ENV = 'RDS_CA_BUNDLE_PATH';
/** The Lambda Node.js runtime's Amazon CA certificates (RDS included). */
export const DEFAULT_RDS_CA_BUNDLE = '/var/runtime/ca-cert.pem';

export interface ChecksOutcome {
  report: SqlCheckReport;
  instance: { instanceId: string; region: string; endpoint?: string; allocatedStorageGiB: number; engineVersion?: string };
  /** Where the credentials came from (never the credentials). */
  credentialsFrom?: string;
}

interface Credentials {
  user: string;
  password: string;
  from: string;
}

const regionOfArn = (arn: string) => arn.split(':')[3];

export class RestoreTestChecks {
  constructor(
    private readonly config: Pick<RuntimeConfig, 'primaryRegion'>,
    private readonly settings: RestoreTestSettings,
    private readonly clients: ClientFactory,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly options: SqlCheckOptions = {},
  ) {}

  private async describe(region: string, id: string): Promise<DBInstance | undefined> {
    try {
      return (await this.clients(RDSClient, region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances?.[0];
    } catch (err) {
      return rethrowTyped(err, `DescribeDBInstances ${id} in ${region}`);
    }
  }

  private async credentials(plan: DbRestorePlan, restored: DBInstance): Promise<Credentials> {
    let arn = this.settings.secretArn;
    let from = 'configured secret (muejam.restoreTest.secretArn)';
    if (!arn && restored.MasterUserSecret?.SecretArn) {
      arn = restored.MasterUserSecret.SecretArn;
      from = "the restored instance's RDS-managed master secret";
    }
    if (!arn) {
      // The source database lives in the primary region (a weekly test runs while it is up; a real DR uses a configured, replicated secret).
      const source = await this.describe(this.config.primaryRegion, plan.dbInstanceIdentifier);
      arn = source?.MasterUserSecret?.SecretArn;
      from = `the RDS-managed master secret of ${plan.dbInstanceIdentifier}`;
    }
    if (!arn) {
      throw new Error(
        `no credentials: set muejam.restoreTest.secretArn, or manage the master password of ${plan.dbInstanceIdentifier} in Secrets Manager (ManageMasterUserPassword)`,
      );
    }
    let text: string | undefined;
    try {
      text = (await this.clients(SecretsManagerClient, regionOfArn(arn) || plan.region).send(new GetSecretValueCommand({ SecretId: arn })))
        .SecretString;
    } catch (err) {
      throw new Error(`secret ${arn} is unreadable: ${(err as Error).name}: ${(err as Error).message}`);
    }
    let parsed: { username?: string; password?: string };
    try {
      parsed = JSON.parse(text ?? '');
    } catch {
      throw new Error(`secret ${arn} is not JSON with "username" and "password"`);
    }
    const user = parsed.username ?? restored.MasterUsername;
    if (!user || !parsed.password) throw new Error(`secret ${arn} has no ${parsed.password ? 'username' : 'password'}`);
    return { user, password: parsed.password, from: `${from} ${arn}` };
  }

  private caBundle(): string {
    const path = this.env[RDS_CA_BUNDLE_ENV]?.trim() || DEFAULT_RDS_CA_BUNDLE;
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`the RDS CA bundle is not readable at ${path} (${RDS_CA_BUNDLE_ENV}): ${(err as Error).message}`);
    }
  }

  async run(input: { plan?: unknown; restore?: { dbInstanceIdentifier?: string; region?: string } }): Promise<ChecksOutcome> {
    const plan = checkPlan(input?.plan);
    const instanceId = plan.targetDbInstanceIdentifier;
    const checks = this.settings.plan as CheckPlan;
    const restored = await this.describe(plan.region, instanceId);
    const instance = {
      instanceId,
      region: plan.region,
      endpoint: restored?.Endpoint?.Address ? `${restored.Endpoint.Address}:${restored.Endpoint.Port ?? 5432}` : undefined,
      allocatedStorageGiB: restored?.AllocatedStorage ?? plan.expected?.allocatedStorage ?? 0,
      engineVersion: restored?.EngineVersion,
    };
    const ctx = {
      expectedEngineVersion: plan.expected?.engineVersion ?? restored?.EngineVersion ?? '(unknown)',
      backupCreatedAt: new Date(plan.snapshot?.createdAt ?? plan.pointInTime),
    };
    let credentials: Credentials;
    let target: Parameters<typeof runSqlChecks>[0];
    try {
      if (!restored?.Endpoint?.Address) throw new Error(`${instanceId} in ${plan.region} reports no endpoint`);
      credentials = await this.credentials(plan, restored);
      const at = resolveSqlEndpoint({ address: restored.Endpoint.Address, port: restored.Endpoint.Port ?? 5432 }, this.env);
      target = {
        host: at.host,
        port: at.port,
        database: checks.database,
        user: credentials.user,
        password: credentials.password,
        tls: at.tls ? { caBundle: this.caBundle() } : false,
      };
    } catch (err) {
      const now = new Date().toISOString();
      const [first, ...rest] = plannedTestNames(checks);
      const tests = [
        { name: first, status: 'failed' as const, durationS: 0, detail: (err as Error).message, at: now },
        ...rest.map((name) => ({ name, status: 'skipped' as const, durationS: 0, detail: 'not run: no connection', at: now })),
      ];
      return { report: { ...buildReport(tests), startedAt: now, finishedAt: now, connectAttempts: 0 }, instance };
    }
    const report = await runSqlChecks(target, checks, ctx, this.options);
    return { report, instance, credentialsFrom: credentials.from };
  }
}
