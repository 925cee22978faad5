/**
 * The seed's verbs DisasterRecoveryService.restoreFromBackup / restorePointInTime: the restore steps in-process
 * over the in-memory RDS (aws-sdk-client-mock), returning the seed's fields plus endpoint, region, data time
 * and durations; a refusal creates nothing and still alerts (critical).
 */
import { RDSClient, RestoreDBInstanceToPointInTimeCommand } from '@aws-sdk/client-rds';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { makeClientFactory } from '../../../lambdas/runtime/clients';
import { AlertPublisher } from '../../../lambdas/services/alert-publisher';
import { DatabaseRestoreService } from '../../../lambdas/services/database-restore-service';
import { DisasterRecoveryService } from '../../../lambdas/services/disaster-recovery-service';
import { RestoreOutcomeService } from '../../../lambdas/services/restore-outcome-service';
import { localRuntimeConfig } from '../../../local/local-environment';
import { AUTOMATED_BACKUPS_ARN, BACKUP, DB, FakeRestoreRds, PRIMARY } from '../../support/fake-restore-rds';

const rds = mockClient(RDSClient);
const sns = mockClient(SNSClient);
const NOW = new Date('2026-12-03T05:00:00Z');
const config = localRuntimeConfig({ deploymentId: 'prod' });
const execution = { Id: 'arn:aws:states:us-east-1:1:execution:sm:dr-1', Name: 'dr-1', StartTime: '2026-12-03T04:59:00Z' };
let world: FakeRestoreRds;
let sleeps: number;

beforeEach(() => {
  rds.reset();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  world = new FakeRestoreRds('prod');
  world.install(rds);
  world.addSource();
  world.addSnapshot(BACKUP, 'muejam-muejam-db-prod-20261203t0000z', { createdAt: '2026-12-03T00:00:00Z' });
  sleeps = 0;
});

const options = (region: string) => {
  const clients = makeClientFactory();
  return {
    region,
    steps: new DatabaseRestoreService(config, { databases: {} }, clients, () => NOW),
    outcome: new RestoreOutcomeService(config, clients, new AlertPublisher(config, clients, () => NOW), () => NOW),
    execution,
    sleep: async () => {
      sleeps += 1;
    },
  };
};
const alerts = () => sns.commandCalls(PublishCommand).map((c) => JSON.parse(c.args[0].input.Message!));

test('restoreFromBackup("latest", ...) restores the newest verified copy in the backup region, waiting through polls', async () => {
  world.restoredStatuses = ['creating', 'creating', 'available'];
  const r = await new DisasterRecoveryService(config).restoreFromBackup('latest', 'muejam-db-restored', options('backup'));
  expect(r).toMatchObject({
    success: true,
    mode: 'snapshot',
    snapshotId: 'muejam-muejam-db-prod-20261203t0000z',
    sourceDbInstanceIdentifier: DB,
    dbInstanceIdentifier: 'muejam-db-restored',
    region: BACKUP,
    regionRole: 'backup',
    endpoint: 'muejam-db-restored.abc.us-west-2.rds.amazonaws.com',
    restoredTo: '2026-12-03T00:00:00.000Z',
  });
  expect(r.restoredDataAgeSeconds).toBe(5 * 3600);
  expect(sleeps).toBe(2);
  expect(alerts().map((a) => a.severity)).toEqual(['info']);
});

test('restorePointInTime(..., "latest") in the backup region uses the replicated automated backups', async () => {
  world.addReplicatedBackups();
  const r = await new DisasterRecoveryService(config).restorePointInTime(DB, 'muejam-db-dr', 'latest', options('backup'));
  expect(r).toMatchObject({ mode: 'pitr', region: BACKUP, dbInstanceIdentifier: 'muejam-db-dr' });
  const sent = rds.commandCalls(RestoreDBInstanceToPointInTimeCommand)[0].args[0].input;
  expect(sent).toMatchObject({ SourceDBInstanceAutomatedBackupsArn: AUTOMATED_BACKUPS_ARN, UseLatestRestorableTime: true });
  expect(sent.SourceDBInstanceIdentifier).toBeUndefined();
  expect(sent.RestoreTime).toBeUndefined();
});

test('a refused restore (time in the future) creates nothing, throws naming the field and alerts critical', async () => {
  await expect(
    new DisasterRecoveryService(config).restorePointInTime(DB, 'muejam-db-pitr', '2026-12-04T00:00:00Z', options('primary')),
  ).rejects.toMatchObject({ name: 'InvalidInput', field: 'restoreTime' });
  expect(rds.commandCalls(RestoreDBInstanceToPointInTimeCommand)).toHaveLength(0);
  expect(world.instance(PRIMARY, 'muejam-db-pitr')).toBeUndefined();
  const [alert] = alerts();
  expect(alert).toMatchObject({ severity: 'critical', step: 'validate request' });
  expect(alert.cause).toContain('nothing was created');
});
