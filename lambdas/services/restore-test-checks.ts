/**
 * The SQL-check step of the restore test: where to connect (the endpoint RDS reports for the
 * restored instance, or the local-only override), with which credentials (a configured secret,
 * else the restored instance's RDS-managed master secret, else the source database's), what
 * to expect (the snapshot's engine version and creation time), then the checks themselves
 * (sql-check-runner.ts). Runs in the database's VPC. A problem before the connection (secret
 * unreadable, no endpoint) is a failed `connect` test with its cause, never a crash: the report
 * and the alert name it.
 */
import { type DBInstance, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { buildReport } from '../domain/reports/test-report';
import { checkPlan, type DbRestorePlan } from '../domain/restore/restore-plan';
import type { CheckPlan } from '../domain/restore-test/check-spec';
import type { RestoreTestSettings } from '../domain/settings/restore-test';
import type { ClientFactory } from '../runtime/clients';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { rethrowTyped } from './aws-errors';
import { type DatabaseCredentials, readSecretCredentials } from './database-credentials';
import { resolveSqlEndpoint } from './local-endpoint-override';
import { plannedTestNames, runSqlChecks, type SqlCheckOptions, type SqlCheckReport } from './sql-check-runner';
import { readRdsCaBundle } from './sql-connection';

export interface ChecksOutcome {
  report: SqlCheckReport;
  instance: { instanceId: string; region: string; endpoint?: string; allocatedStorageGiB: number; engineVersion?: string };
  /** Where the credentials came from (never the credentials). */
  credentialsFrom?: string;
}

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

  private async credentials(plan: DbRestorePlan, restored: DBInstance): Promise<DatabaseCredentials> {
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
    return readSecretCredentials(this.clients, { arn, from }, plan.region, restored.MasterUsername);
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
    let credentials: DatabaseCredentials;
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
        tls: at.tls ? { caBundle: readRdsCaBundle(this.env) } : false,
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
