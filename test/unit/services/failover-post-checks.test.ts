/**
 * FailoverFinishService.postChecks and FailoverWriteProbe on what the workflow tests cannot set
 * up: a post-check Lambda with no network path to the database (deployed outside its VPC), a
 * promoted instance that reports no endpoint, an old primary that can no longer be described.
 * AWS is aws-sdk-client-mock.
 */
import { createServer, type Server } from 'node:net';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { FailoverStepFailed } from '../../../lambdas/domain/failover/errors';
import { LOCAL_RUNNER_ENV } from '../../../lambdas/domain/inputs/strict';
import { FAILOVER_SETTINGS_SCHEMA } from '../../../lambdas/domain/settings/failover';
import { makeClientFactory } from '../../../lambdas/runtime/clients';
import { PROBE_IN_VPC_ENV } from '../../../lambdas/services/connection-probe';
import { FailoverFinishService } from '../../../lambdas/services/failover-finish-service';
import type { FailoverPlan } from '../../../lambdas/services/failover-guard-service';
import { FailoverWriteProbe } from '../../../lambdas/services/failover-write-probe';
import { localRuntimeConfig } from '../../../local/local-environment';
import { awsError } from '../../support/aws-error';

const rds = mockClient(RDSClient);
const secrets = mockClient(SecretsManagerClient);
const clients = makeClientFactory();
const plan = {
  database: 'db-a',
  region: 'us-east-1',
  primaryId: 'db-a',
  targetId: 'db-a-replica',
  reason: 'primary down',
  force: false,
  backupRetentionDays: 7,
} as FailoverPlan;

let server: Server;
let port = 0;
const saved = { ...process.env };
beforeAll(async () => {
  server = createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  rds.reset();
  secrets.reset();
  rds.on(DescribeDBInstancesCommand).resolves({
    DBInstances: [{ DBInstanceIdentifier: 'db-a-replica', BackupRetentionPeriod: 7, Endpoint: { Address: '127.0.0.1', Port: port } }],
  });
});
afterEach(() => {
  process.env = { ...saved };
});

const promoted = () => ({ instanceId: 'db-a-replica', endpoint: '127.0.0.1', port, backupRetentionDays: 7, availableAt: '' });
const finish = (writes: { run: jest.Mock }) =>
  new FailoverFinishService(localRuntimeConfig({ deploymentId: 'ut' }), clients, () => ({ publish: jest.fn() }), undefined, writes);

describe('post-checks: the write probe runs only where the connection probe could', () => {
  it('outside the database VPC: neither probe runs, both say why, and the write probe is not attempted', async () => {
    delete process.env[LOCAL_RUNNER_ENV];
    delete process.env[PROBE_IN_VPC_ENV];
    const writes = { run: jest.fn() };
    const r = await finish(writes).postChecks(plan, promoted());
    expect(writes.run).not.toHaveBeenCalled();
    expect(r.writeProbe.status).toBe('not-run');
    expect(r.writeProbe.detail).toBe(`write probe not run: ${r.connection}`);
    expect(r.connection).toContain("not probed: this Lambda is not attached to the database's VPC");
    expect(r.backupRetentionDays).toBe(7);
  });

  it('attached to the VPC: the write probe runs on the freshly described instance and its result is kept', async () => {
    delete process.env[LOCAL_RUNNER_ENV];
    process.env[PROBE_IN_VPC_ENV] = 'true';
    const writes = { run: jest.fn().mockResolvedValue({ status: 'passed', detail: 'took a write' }) };
    const r = await finish(writes).postChecks(plan, promoted());
    expect(writes.run).toHaveBeenCalledWith(plan, expect.objectContaining({ DBInstanceIdentifier: 'db-a-replica' }));
    expect(r.writeProbe).toEqual({ status: 'passed', detail: 'took a write' });
  });

  it('a failing write probe fails the post-checks (it is not turned into a warning)', async () => {
    process.env[PROBE_IN_VPC_ENV] = 'true';
    const writes = { run: jest.fn().mockRejectedValue(new FailoverStepFailed('post-check: the write probe ... failed')) };
    await expect(finish(writes).postChecks(plan, promoted())).rejects.toThrow(FailoverStepFailed);
  });
});

describe('FailoverWriteProbe: credentials and endpoint', () => {
  const settings = (secretArn?: string) => () =>
    FAILOVER_SETTINGS_SCHEMA.parse({
      databases: { 'db-a': { replica: { id: 'db-a-replica', availabilityZone: 'us-east-1b' }, ...(secretArn ? { secretArn } : {}) } },
    });
  const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-a-sql-AbCdEf';

  it('a promoted instance that reports no endpoint fails with what to run next', async () => {
    secrets.onAnyCommand().resolves({ SecretString: JSON.stringify({ username: 'u', password: 'p' }) });
    const probe = new FailoverWriteProbe(clients, settings(SECRET), {});
    const err = await probe.run(plan, { DBInstanceIdentifier: 'db-a-replica' }).catch((e) => e);
    expect(err).toBeInstanceOf(FailoverStepFailed);
    expect(err.message).toBe(
      'post-check: the new primary db-a-replica reports no endpoint; re-run: npm run cli -- failover db-a --to db-a-replica --reason "primary down"',
    );
  });

  it('an old primary that cannot be described (deleted, or no permission) is no source of credentials: not run', async () => {
    rds.reset();
    rds.on(DescribeDBInstancesCommand).rejects(awsError('DBInstanceNotFoundFault', 'DBInstance db-a not found.'));
    const probe = new FailoverWriteProbe(clients, settings(), {});
    const r = await probe.run(plan, { DBInstanceIdentifier: 'db-a-replica', Endpoint: { Address: '127.0.0.1', Port: port } });
    expect(r).toEqual({
      status: 'not-run',
      detail:
        'write probe not run: no credentials for db-a-replica (set muejam.failover.databases.db-a.secretArn, or manage its master password in Secrets Manager)',
    });
    expect(secrets.calls()).toHaveLength(0);
  });

  it('the configured secret wins over the RDS-managed one, and the secret is read in its own region', async () => {
    const other = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-a-sql-AbCdEf';
    secrets.onAnyCommand().rejects(awsError('AccessDeniedException', 'no'));
    const probe = new FailoverWriteProbe(clients, settings(other), {});
    const r = await probe.run(plan, {
      DBInstanceIdentifier: 'db-a-replica',
      MasterUserSecret: { SecretArn: SECRET },
      Endpoint: { Address: '127.0.0.1', Port: port },
    });
    expect(r.detail).toBe(`write probe not run: secret ${other} is unreadable: AccessDeniedException: no`);
    expect(secrets.calls()[0].args[0].input).toEqual({ SecretId: other });
    expect(await secrets.calls()[0].thisValue.config.region()).toBe('eu-west-1');
  });
});
