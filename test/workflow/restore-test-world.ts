/**
 * The world of the restore-test workflow tests: the real ASL and handlers in-process, RDS as the
 * in-memory fake of the restore steps (test/support/fake-restore-rds.ts) plus the calls the
 * restore test adds (list and delete instances), SNS / S3 / Secrets Manager mocked, and a REAL
 * PostgreSQL (PGlite over its socket) serving the restored data behind the local-only endpoint
 * override.
 */
import { DeleteDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { RESTORE_TEST_SETTINGS, type RestoreTestSettings } from '../../lambdas/domain/settings/restore-test';
import { LOCAL_PG_ENDPOINTS_ENV } from '../../lambdas/services/local-endpoint-override';
import { applyLocalEnvironment, localRuntimeConfig } from '../../local/local-environment';
import { seedMuejam, SMALL } from '../../local/postgres/muejam-schema';
import { type LocalPostgres, startLocalPostgres } from '../../local/postgres/pglite-server';
import { type LocalExecution, runStateMachineLocally, type StepHandler } from '../../local/run-state-machine';
import { awsError } from '../support/aws-error';
import { BACKUP, DB, FakeRestoreRds, PRIMARY } from '../support/fake-restore-rds';

export const DEPLOYMENT = 'rtwf';
export const SCHEDULED = '2026-12-06T04:00:00Z';
export const INSTANCE = 'muejam-rt-muejam-db-prod-20261206';
export const SNAPSHOT = 'muejam-muejam-db-prod-20261206t0000z';
export const SNAPSHOT_TIME = '2026-12-06T00:00:00Z';
export const NEWEST_WRITE = new Date('2026-12-05T23:57:30Z');
export const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-abc';

export const SETTINGS: RestoreTestSettings = {
  maxAgeHours: 24,
  instanceClass: 'db.t4g.micro',
  regionMode: 'alternate',
  network: {
    primary: { subnetGroup: 'rt-private', securityGroupIds: ['sg-0aaaaaaaaaaaaaaaa'] },
    backup: { subnetGroup: 'rt-private-dr', securityGroupIds: ['sg-0bbbbbbbbbbbbbbbb'] },
  },
  plan: {
    database: 'postgres',
    schemas: ['public'],
    tableMinimums: { 'public.users': 20, 'public.stories': 40, 'public.chapters': 120 },
    timestampColumn: { schema: 'public', table: 'chapters', column: 'updated_at' },
    checks: [{ name: 'recent chapters', sql: 'SELECT max(updated_at) FROM public.chapters', expect: { maxAgeMinutes: 60 } }],
    amcheckIndexes: ['public.chapters_story_idx'],
  },
  reportBucket: 'muejam-rtwf-reports-123456789012-us-west-2',
  rtoHours: 4,
};

export const rds = mockClient(RDSClient);
export const sns = mockClient(SNSClient);
export const s3 = mockClient(S3Client);
export const secrets = mockClient(SecretsManagerClient);

export class RestoreTestWorld {
  fake!: FakeRestoreRds;
  pg!: LocalPostgres;
  engineVersion = '';
  deletes: { region: string; id: string }[] = [];

  async startEngine(): Promise<void> {
    this.pg = await startLocalPostgres();
    this.engineVersion = await this.pg.withClient(async (c) => {
      await seedMuejam(c, SMALL, NEWEST_WRITE);
      return (await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v.split(' ')[0];
    });
  }

  reset(settings: RestoreTestSettings = SETTINGS): void {
    applyLocalEnvironment(localRuntimeConfig({ deploymentId: DEPLOYMENT }), 'http://127.0.0.1:9', {
      ...RESTORE_TEST_SETTINGS.environment(settings),
      [LOCAL_PG_ENDPOINTS_ENV]: JSON.stringify({
        [`${INSTANCE}.abc.${PRIMARY}.rds.amazonaws.com`]: this.pg.address,
        [`${INSTANCE}.abc.${BACKUP}.rds.amazonaws.com`]: this.pg.address,
      }),
    });
    for (const m of [rds, sns, s3, secrets]) m.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    s3.on(PutObjectCommand).resolves({});
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'muejam', password: 'from-the-secret' }) });
    this.deletes = [];
    this.fake = new FakeRestoreRds(DEPLOYMENT);
    this.fake.restoredStatuses = ['creating', 'available'];
    this.fake.install(rds);
    this.fake.addSource({ EngineVersion: this.engineVersion, MasterUserSecret: { SecretArn: SECRET_ARN, SecretStatus: 'active' } });
    for (const region of [PRIMARY, BACKUP]) {
      this.fake.addSnapshot(region, SNAPSHOT, {
        createdAt: SNAPSHOT_TIME,
        snapshot: { EngineVersion: this.engineVersion, AllocatedStorage: 20 },
      });
    }
    // The restore test also lists every instance (janitor) and deletes (teardown, janitor).
    rds.on(DescribeDBInstancesCommand).callsFake(async (input, getClient) => {
      const region = await getClient().config.region();
      if (input.DBInstanceIdentifier) {
        const i = this.fake.instance(region, input.DBInstanceIdentifier);
        if (!i) throw awsError('DBInstanceNotFoundFault', `DBInstance ${input.DBInstanceIdentifier} not found`);
        if (i.DBInstanceIdentifier === INSTANCE && i.DBInstanceStatus === 'creating')
          i.DBInstanceStatus = this.fake.restoredStatuses.at(-1);
        return { DBInstances: [structuredClone(i)] };
      }
      return {
        DBInstances: [...this.fake.instances.entries()].filter(([k]) => k.startsWith(`${region}/`)).map(([, i]) => structuredClone(i)),
      };
    });
    rds.on(DeleteDBInstanceCommand).callsFake(async (input, getClient) => {
      const region = await getClient().config.region();
      if (!this.fake.instance(region, input.DBInstanceIdentifier)) throw awsError('DBInstanceNotFoundFault', 'not found');
      this.fake.instances.delete(`${region}/${input.DBInstanceIdentifier.toLowerCase()}`);
      this.deletes.push({ region, id: input.DBInstanceIdentifier });
      return {};
    });
  }

  run(
    input: Record<string, unknown> = { dbInstanceIdentifier: DB, region: 'primary', scheduledTime: SCHEDULED },
    handlerOverrides?: Record<string, StepHandler>,
  ): Promise<LocalExecution> {
    return runStateMachineLocally({
      aslFile: 'restore-test.asl.json',
      input,
      region: PRIMARY,
      stateMachineName: `muejam-backup-dr-${DEPLOYMENT}-restore-test`,
      executionName: 'rt-1',
      retryDelayMs: 1,
      handlerOverrides,
    });
  }

  alerts(): { severity: string; step: string; error: string; cause: string; kind: string; summary: string }[] {
    return sns.commandCalls(PublishCommand).map((c) => JSON.parse(c.args[0].input.Message ?? '{}'));
  }

  failureAlerts() {
    return this.alerts().filter((a) => a.kind === 'failure');
  }

  reports(): any[] {
    return s3.commandCalls(PutObjectCommand).map((c) => JSON.parse(String(c.args[0].input.Body)));
  }
}
