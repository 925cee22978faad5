/**
 * Automated-backups replication to the backup region (moto does not implement
 * StartDBInstanceAutomatedBackupsReplication: aws-sdk-client-mock). Every protected database,
 * called in the backup region with the backup-region CMK and the configured retention, idempotent,
 * each database it cannot replicate alerted (critical) with the cause; and the RPO check's
 * backup-region PITR lag from the replicated backups' RestoreWindow.
 */
import {
  DescribeDBInstanceAutomatedBackupsCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
  StartDBInstanceAutomatedBackupsReplicationCommand,
} from '@aws-sdk/client-rds';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import type { WorkflowAlert } from '../../../lambdas/domain/alerts/alert-message';
import { rpoPoints } from '../../../lambdas/domain/metrics/rpo';
import { makeClientFactory } from '../../../lambdas/runtime/clients';
import { PitrReplicationService, readPitrRetentionDays } from '../../../lambdas/services/pitr-replication-service';
import { RpoCheckService } from '../../../lambdas/services/rpo-check-service';
import { RdsRecoveryPoints } from '../../../lambdas/services/rpo-recovery-points';
import { localRuntimeConfig } from '../../../local/local-environment';

const rds = mockClient(RDSClient);
const kms = mockClient(KMSClient);
const NOW = new Date('2026-12-03T05:00:00Z');
const config = localRuntimeConfig({ deploymentId: 'prod', databases: ['muejam-db-prod', 'muejam-db-users'] });
const BACKUP_KEY_ARN = 'arn:aws:kms:us-west-2:123456789012:key/1111aaaa-2222-bbbb-3333-cccccccccccc';

type Instance = { id: string; retention?: number; encrypted?: boolean; status?: string; replications?: string[] };
type Backup = { arn?: string; status: string; latest?: Date };
let instances: Instance[];
let backupRegion: Record<string, Backup[]>;
let regionsOfCalls: string[];
let alerts: WorkflowAlert[];

const region = async (getClient: () => unknown) => (getClient() as RDSClient).config.region();

beforeEach(() => {
  rds.reset();
  kms.reset();
  instances = [{ id: 'muejam-db-prod' }, { id: 'muejam-db-users' }];
  backupRegion = {};
  regionsOfCalls = [];
  alerts = [];
  rds.on(DescribeDBInstancesCommand).callsFake(async (input) => {
    const i = instances.find((x) => x.id === input.DBInstanceIdentifier);
    if (!i) throw Object.assign(new Error('not found'), { name: 'DBInstanceNotFoundFault' });
    return {
      DBInstances: [
        {
          DBInstanceIdentifier: i.id,
          DBInstanceArn: `arn:aws:rds:us-east-1:123456789012:db:${i.id}`,
          StorageEncrypted: i.encrypted ?? true,
          BackupRetentionPeriod: i.retention ?? 7,
          DBInstanceStatus: i.status ?? 'available',
          DBInstanceAutomatedBackupsReplications: (i.replications ?? []).map((a) => ({ DBInstanceAutomatedBackupsArn: a })),
        },
      ],
    };
  });
  rds.on(DescribeDBInstanceAutomatedBackupsCommand).callsFake(async (input, getClient) => {
    expect(await region(getClient)).toBe('us-west-2');
    return {
      DBInstanceAutomatedBackups: (backupRegion[input.DBInstanceIdentifier!] ?? []).map((b) => ({
        DBInstanceIdentifier: input.DBInstanceIdentifier,
        DBInstanceAutomatedBackupsArn: b.arn,
        Status: b.status,
        RestoreWindow: b.latest ? { EarliestTime: new Date(NOW.getTime() - 86400_000), LatestTime: b.latest } : undefined,
      })),
    };
  });
  rds.on(StartDBInstanceAutomatedBackupsReplicationCommand).callsFake(async (input, getClient) => {
    regionsOfCalls.push(await region(getClient));
    const id = String(input.SourceDBInstanceArn).split(':db:')[1];
    const arn = `arn:aws:rds:us-west-2:123456789012:auto-backup:ab-${id}`;
    backupRegion[id] = [{ arn, status: 'pending' }];
    return { DBInstanceAutomatedBackup: { DBInstanceAutomatedBackupsArn: arn, Status: 'pending' } };
  });
  kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', Arn: BACKUP_KEY_ARN, KeyState: 'Enabled', KeyManager: 'CUSTOMER' } });
});

const service = (retention = 7) =>
  new PitrReplicationService(
    config,
    makeClientFactory(),
    {
      publish: async (a) => {
        alerts.push(a);
        return 'm';
      },
    },
    retention,
    () => NOW,
  );

test('starts replication of every protected database in the backup region, with the backup-region key and the retention', async () => {
  const report = await service(9).ensureAll();
  expect(report.databases.map((d) => [d.db, d.result])).toEqual([
    ['muejam-db-prod', 'started'],
    ['muejam-db-users', 'started'],
  ]);
  const calls = rds.commandCalls(StartDBInstanceAutomatedBackupsReplicationCommand).map((c) => c.args[0].input);
  expect(calls).toEqual([
    { SourceDBInstanceArn: 'arn:aws:rds:us-east-1:123456789012:db:muejam-db-prod', BackupRetentionPeriod: 9, KmsKeyId: BACKUP_KEY_ARN },
    { SourceDBInstanceArn: 'arn:aws:rds:us-east-1:123456789012:db:muejam-db-users', BackupRetentionPeriod: 9, KmsKeyId: BACKUP_KEY_ARN },
  ]);
  expect(regionsOfCalls).toEqual(['us-west-2', 'us-west-2']);
  expect(kms.commandCalls(DescribeKeyCommand)[0].args[0].input).toEqual({ KeyId: 'alias/muejam-backup-dr-prod' });
  // Started now: a recovery resolves any open "not replicated" incident.
  expect(alerts.map((a) => [a.kind, a.resource])).toEqual([
    ['recovery', 'muejam-db-prod'],
    ['recovery', 'muejam-db-users'],
  ]);
});

test('idempotent: a second run (or a database already replicating) starts nothing and sends nothing', async () => {
  await service().ensureAll();
  rds.resetHistory();
  alerts = [];
  const again = await service().ensureAll();
  expect(again.databases.map((d) => d.result)).toEqual(['running', 'running']);
  expect(rds.commandCalls(StartDBInstanceAutomatedBackupsReplicationCommand)).toHaveLength(0);
  expect(alerts).toEqual([]);
  // Listed on the source instance only (the backup region not yet showing it): also running.
  backupRegion = {};
  instances[0].replications = ['arn:aws:rds:us-west-2:123456789012:auto-backup:ab-x'];
  instances[1].replications = ['arn:aws:rds:us-west-2:123456789012:auto-backup:ab-y'];
  expect((await service().ensureAll()).databases.map((d) => d.result)).toEqual(['running', 'running']);
  expect(rds.commandCalls(StartDBInstanceAutomatedBackupsReplicationCommand)).toHaveLength(0);
});

test('a retained (stopped) replication is started again', async () => {
  backupRegion['muejam-db-prod'] = [{ arn: 'arn:aws:rds:us-west-2:123456789012:auto-backup:ab-old', status: 'retained' }];
  backupRegion['muejam-db-users'] = [{ arn: 'arn:aws:rds:us-west-2:123456789012:auto-backup:ab-u', status: 'replicating' }];
  const report = await service().ensureAll();
  expect(report.databases.map((d) => d.result)).toEqual(['started', 'running']);
  expect(report.databases[0].detail).toContain('retained (not replicating)');
});

test.each([
  [{ retention: 0 }, 'automated backups turned off (BackupRetentionPeriod 0)'],
  [{ encrypted: false }, 'not encrypted at rest'],
  [{ status: 'stopped' }, '"stopped": replication can start only when it is available'],
])('a database that cannot be replicated (%j) is alerted critical with the cause, the others still run', async (problem, cause) => {
  Object.assign(instances[0], problem);
  const report = await service().ensureAll();
  expect(report.databases.map((d) => d.result)).toEqual(['refused', 'started']);
  expect(rds.commandCalls(StartDBInstanceAutomatedBackupsReplicationCommand)).toHaveLength(1);
  const critical = alerts.filter((a) => a.kind === 'failure');
  expect(critical).toHaveLength(1);
  expect(critical[0]).toMatchObject({ severity: 'critical', resource: 'muejam-db-prod', workflow: 'pitr-replication' });
  expect(critical[0].cause).toContain(cause);
  expect(critical[0].step).toBe('start automated-backups replication to the backup region');
});

test('a start refused by RDS and a missing instance are alerted, naming the call and the region', async () => {
  instances = [{ id: 'muejam-db-users' }];
  rds
    .on(StartDBInstanceAutomatedBackupsReplicationCommand)
    .rejects(Object.assign(new Error('quota of replicated backups reached'), { name: 'DBInstanceAutomatedBackupQuotaExceededFault' }));
  const report = await service().ensureAll();
  expect(report.databases.map((d) => d.result)).toEqual(['refused', 'failed']);
  expect(alerts.map((a) => a.cause)).toEqual([
    expect.stringContaining('no RDS instance named "muejam-db-prod"'),
    expect.stringContaining('StartDBInstanceAutomatedBackupsReplication in us-west-2 failed: quota of replicated backups reached'),
  ]);
});

test('the backup-region key missing (backup stack not deployed) fails that database with the deploy command', async () => {
  kms.on(DescribeKeyCommand).rejects(Object.assign(new Error('alias not found'), { name: 'NotFoundException' }));
  const report = await service().ensureAll();
  expect(report.databases[0].result).toBe('failed');
  expect(report.databases[0].detail).toContain('npx cdk deploy --all');
});

test('retention from the environment: default 7, 1-35 whole days', () => {
  expect(readPitrRetentionDays({})).toBe(7);
  expect(readPitrRetentionDays({ PITR_REPLICATION_RETENTION_DAYS: '14' })).toBe(14);
  expect(() => readPitrRetentionDays({ PITR_REPLICATION_RETENTION_DAYS: '0' })).toThrow(
    'env PITR_REPLICATION_RETENTION_DAYS: must be a whole number of days from 1 to 35',
  );
});

test("the RPO check measures the backup region's latest restorable time (BackupRegionPitrLag; none when nothing is replicated)", async () => {
  backupRegion['muejam-db-prod'] = [
    { arn: 'arn:aws:rds:us-west-2:123456789012:auto-backup:ab-old', status: 'retained', latest: new Date(NOW.getTime() - 86400_000) },
    { arn: 'arn:aws:rds:us-west-2:123456789012:auto-backup:ab-new', status: 'replicating', latest: new Date(NOW.getTime() - 7 * 60_000) },
  ];
  rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
  const rpo = new RpoCheckService({
    primaryRegion: 'us-east-1',
    backupRegion: 'us-west-2',
    rpoHours: 6,
    now: () => NOW,
    sources: [
      new RdsRecoveryPoints({
        deploymentId: 'prod',
        primaryRegion: 'us-east-1',
        backupRegion: 'us-west-2',
        databases: ['muejam-db-prod', 'muejam-db-users'],
        clients: makeClientFactory(),
      }),
    ],
  });
  const report = await rpo.check();
  expect(report.resources.map((r) => [r.resource, r.backupPitrLagSeconds])).toEqual([
    ['muejam-db-prod', 420],
    ['muejam-db-users', null],
  ]);
  const lag = rpoPoints(report).filter((p) => p.metric.name === 'BackupRegionPitrLag');
  expect(lag.map((p) => [p.value, p.dimensions])).toEqual([[420, { Resource: 'muejam-db-prod', Region: 'us-west-2' }]]);
});
