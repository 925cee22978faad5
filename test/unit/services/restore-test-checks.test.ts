/**
 * The SQL-check step around the runner, against a real PostgreSQL (PGlite over its socket) with
 * RDS and Secrets Manager mocked: where the credentials come from (configured secret, the restored
 * instance's RDS-managed master secret, the source's), a secret that cannot be read, TLS with the
 * RDS CA bundle whenever the endpoint is not a local override (never a silent plain connection),
 * an unreadable CA bundle, and a connection that times out (retried, then a failed check).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import type { RestoreTestSettings } from '../../../lambdas/domain/settings/restore-test';
import { makeClientFactory } from '../../../lambdas/runtime/clients';
import { LOCAL_PG_ENDPOINTS_ENV, LOCAL_RUN_ENV } from '../../../lambdas/services/local-endpoint-override';
import { RestoreTestChecks } from '../../../lambdas/services/restore-test-checks';
import { RDS_CA_BUNDLE_ENV } from '../../../lambdas/services/sql-connection';
import { runSqlChecks } from '../../../lambdas/services/sql-check-runner';
import { SMALL, seedMuejam } from '../../../local/postgres/muejam-schema';
import { type LocalPostgres, startLocalPostgres } from '../../../local/postgres/pglite-server';
import { awsError } from '../../support/aws-error';

const rds = mockClient(RDSClient);
const secrets = mockClient(SecretsManagerClient);
const RESTORED = 'muejam-rt-muejam-db-prod-20261206';
const ADDRESS = `${RESTORED}.abc.us-east-1.rds.amazonaws.com`;
const CONFIGURED = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:restore-test-AbCdEf';
const RESTORED_SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-restored';
const SOURCE_SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-source';
let pg: LocalPostgres;
let version: string;

const settings = (o: Partial<RestoreTestSettings> = {}): RestoreTestSettings => ({
  maxAgeHours: 24,
  instanceClass: 'db.t4g.micro',
  regionMode: 'primary',
  network: { primary: { subnetGroup: 'rt', securityGroupIds: ['sg-0aaaaaaaaaaaaaaaa'] } },
  plan: { database: 'postgres', schemas: ['public'], tableMinimums: { 'public.users': 20 }, checks: [], amcheckIndexes: [] },
  reportBucket: 'reports',
  rtoHours: 4,
  ...o,
});
const plan = () => ({
  mode: 'snapshot',
  dbInstanceIdentifier: 'muejam-db-prod',
  targetDbInstanceIdentifier: RESTORED,
  region: 'us-east-1',
  regionRole: 'primary',
  purpose: 'restore-test',
  snapshot: { id: 's-1', arn: 'arn:aws:rds:us-east-1:123456789012:snapshot:s-1', createdAt: '2026-12-06T00:00:00Z' },
  pointInTime: '2026-12-06T00:00:00Z',
  requestedAt: '2026-12-06T04:01:00Z',
  settings: {},
  tags: [],
  expected: { engineVersion: version },
});
const env = (o: Record<string, string> = {}) => ({
  [LOCAL_RUN_ENV]: 'true',
  [LOCAL_PG_ENDPOINTS_ENV]: JSON.stringify({ [ADDRESS]: pg.address }),
  ...o,
});
const instance = (id: string, secret?: string, address = ADDRESS, port = 5432) => ({
  DBInstanceIdentifier: id,
  Endpoint: { Address: address, Port: port },
  AllocatedStorage: 20,
  EngineVersion: version,
  MasterUsername: 'postgres',
  ...(secret ? { MasterUserSecret: { SecretArn: secret, SecretStatus: 'active' } } : {}),
});
const checks = (s: RestoreTestSettings, e: NodeJS.ProcessEnv, o = {}) =>
  new RestoreTestChecks({ primaryRegion: 'us-east-1' }, s, makeClientFactory(), e, { attempts: 2, sleep: async () => undefined, ...o }).run(
    {
      plan: plan(),
    },
  );
const byName = (r: { report: { tests: { name: string }[] } }, n: string) => r.report.tests.find((t) => t.name === n) as any;

beforeAll(async () => {
  pg = await startLocalPostgres();
  version = await pg.withClient(async (c) => {
    await seedMuejam(c, SMALL, new Date('2026-12-05T23:50:00Z'));
    return (await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v.split(' ')[0];
  });
}, 120_000);
afterAll(() => pg?.stop());
beforeEach(() => {
  rds.reset();
  secrets.reset();
  rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: RESTORED }).resolves({ DBInstances: [instance(RESTORED, RESTORED_SECRET)] });
  rds
    .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'muejam-db-prod' })
    .resolves({ DBInstances: [instance('muejam-db-prod', SOURCE_SECRET)] });
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'postgres', password: 'p' }) });
});

describe('restore-test checks: credentials', () => {
  it('uses the configured secret first', async () => {
    const r = await checks(settings({ secretArn: CONFIGURED }), env());
    expect(r.report.overallStatus).toBe('passed');
    expect(r.credentialsFrom).toBe(`configured secret (muejam.restoreTest.secretArn) ${CONFIGURED}`);
    expect(secrets.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId)).toEqual([CONFIGURED]);
  });

  it("else the restored instance's RDS-managed master secret", async () => {
    const r = await checks(settings(), env());
    expect(r.credentialsFrom).toBe(`the restored instance's RDS-managed master secret ${RESTORED_SECRET}`);
  });

  it("else the source database's master secret", async () => {
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: RESTORED }).resolves({ DBInstances: [instance(RESTORED)] });
    const r = await checks(settings(), env());
    expect(r.report.overallStatus).toBe('passed');
    expect(r.credentialsFrom).toBe(`the RDS-managed master secret of muejam-db-prod ${SOURCE_SECRET}`);
  });

  it('an unreadable secret is a failed connect test naming the secret and the cause; nothing else runs, nothing throws', async () => {
    secrets.on(GetSecretValueCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform secretsmanager:GetSecretValue'));
    const r = await checks(settings({ secretArn: CONFIGURED }), env());
    expect(r.report.overallStatus).toBe('failed');
    expect(byName(r, 'connect')).toMatchObject({
      status: 'failed',
      detail: `secret ${CONFIGURED} is unreadable: AccessDeniedException: not authorized to perform secretsmanager:GetSecretValue`,
    });
    expect(r.report.tests.slice(1).every((t) => t.status === 'skipped')).toBe(true);
  });
});

describe('restore-test checks: TLS', () => {
  const bundle = join(mkdtempSync(join(tmpdir(), 'rds-ca-')), 'ca.pem');
  beforeAll(() => writeFileSync(bundle, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'));

  it('without a local override it requires TLS with the RDS CA bundle: a server without TLS is a failed connect, never a plain fallback', async () => {
    const [host, port] = pg.address.split(':');
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: RESTORED }).resolves({
      DBInstances: [instance(RESTORED, RESTORED_SECRET, host, Number(port))],
    });
    const r = await checks(settings(), { [RDS_CA_BUNDLE_ENV]: bundle });
    expect(byName(r, 'connect')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/does not support SSL/) });
    expect(r.report.overallStatus).toBe('failed');
  });

  it('an unreadable CA bundle is a failed connect naming the path', async () => {
    rds
      .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: RESTORED })
      .resolves({ DBInstances: [instance(RESTORED, RESTORED_SECRET, '10.0.0.5')] });
    const r = await checks(settings(), { [RDS_CA_BUNDLE_ENV]: '/nonexistent/rds-ca.pem' });
    expect(byName(r, 'connect')).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('the RDS CA bundle is not readable at /nonexistent/rds-ca.pem (RDS_CA_BUNDLE_PATH)'),
    });
  });

  it('the local override outside a local run is refused (a deployed checker can never lose TLS through it)', async () => {
    const r = await checks(settings(), { [LOCAL_PG_ENDPOINTS_ENV]: JSON.stringify({ [ADDRESS]: pg.address }) });
    expect(byName(r, 'connect')).toMatchObject({ status: 'failed', detail: expect.stringContaining('this is not a local run') });
  });
});

describe('connection timeout', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts connections and never answers: the client's connect timeout expires.
    silent = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  it('is retried, then a failed connect test with the cause; the other checks are skipped', async () => {
    const port = (silent.address() as { port: number }).port;
    const waits: number[] = [];
    const r = await runSqlChecks(
      { host: '127.0.0.1', port, database: 'postgres', user: 'postgres', password: 'x', tls: false },
      settings().plan,
      { expectedEngineVersion: version, backupCreatedAt: new Date() },
      { attempts: 3, retryDelayMs: 5, connectTimeoutMs: 300, sleep: async (ms) => void waits.push(ms) },
    );
    expect(waits).toEqual([5, 5]);
    expect(r.tests[0]).toMatchObject({
      name: 'connect',
      status: 'failed',
      detail: expect.stringMatching(/after 3 attempts\): .*timeout/i),
    });
    expect(r.tests.slice(1).every((t) => t.status === 'skipped')).toBe(true);
  });
});
