/**
 * Executes state-machines/database-restore.asl.json unchanged, with the real handlers in-process,
 * RDS as the in-memory fake (test/support/fake-restore-rds.ts) and SNS mocked.
 */
import { RDSClient, RestoreDBInstanceFromDBSnapshotCommand, RestoreDBInstanceToPointInTimeCommand } from '@aws-sdk/client-rds';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { restoreSettingsEnvironment } from '../../lambdas/domain/settings/restore';
import { applyLocalEnvironment, localRuntimeConfig } from '../../local/local-environment';
import { runStateMachineLocally, statesEntered } from '../../local/run-state-machine';
import { BACKUP, BACKUP_KEY, DB, FakeRestoreRds, PRIMARY } from '../support/fake-restore-rds';

const rds = mockClient(RDSClient);
const sns = mockClient(SNSClient);
applyLocalEnvironment(
  localRuntimeConfig({ deploymentId: 'wf' }),
  'http://127.0.0.1:9',
  restoreSettingsEnvironment({
    databases: { [DB]: { backup: { subnetGroup: 'dr-private', securityGroupIds: ['sg-0aaaaaaaaaaaaaaaa'] } } },
  }),
);

let world: FakeRestoreRds;
const run = (input: unknown) =>
  runStateMachineLocally({
    aslFile: 'database-restore.asl.json',
    input,
    region: PRIMARY,
    stateMachineName: 'muejam-backup-dr-wf-database-restore',
    executionName: 'restore-1',
    retryDelayMs: 1,
  });
const alerts = () => sns.commandCalls(PublishCommand).map((c) => JSON.parse(c.args[0].input.Message!));
const restores = () => [
  ...rds.commandCalls(RestoreDBInstanceFromDBSnapshotCommand),
  ...rds.commandCalls(RestoreDBInstanceToPointInTimeCommand),
];
const SNAPSHOT_INPUT = {
  dbInstanceIdentifier: DB,
  targetDbInstanceIdentifier: 'muejam-db-restored',
  region: 'backup',
  snapshotId: 'latest',
};

beforeEach(() => {
  rds.reset();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  world = new FakeRestoreRds('wf');
  world.install(rds);
  world.addSource();
  world.addSnapshot(BACKUP, 'muejam-muejam-db-prod-20261203t0000z', { createdAt: '2026-12-03T00:00:00Z' });
});

describe('database-restore.asl.json', () => {
  it('restores the newest verified copy in the backup region in 6 states, then sends an information alert', async () => {
    world.restoredStatuses = ['available'];
    const r = await run(SNAPSHOT_INPUT);
    expect(r.status).toBe('SUCCEEDED');
    expect(statesEntered(r)).toEqual([
      'ValidateRequest',
      'RestoreInstance',
      'WaitUntilAvailable',
      'ApplySettings',
      'VerifyRestore',
      'RecordOutcome',
    ]);
    expect(r.transitions).toBe(6);
    expect(r.output).toMatchObject({
      success: true,
      mode: 'snapshot',
      dbInstanceIdentifier: 'muejam-db-restored',
      sourceDbInstanceIdentifier: DB,
      snapshotId: 'muejam-muejam-db-prod-20261203t0000z',
      region: BACKUP,
      endpoint: 'muejam-db-restored.abc.us-west-2.rds.amazonaws.com',
      restoredTo: '2026-12-03T00:00:00.000Z',
    });
    expect(r.output.rtoSeconds).toBeGreaterThanOrEqual(0);
    const created = world.instance(BACKUP, 'muejam-db-restored')!;
    expect(created).toMatchObject({ StorageEncrypted: true, KmsKeyId: BACKUP_KEY, DBSubnetGroup: { DBSubnetGroupName: 'dr-private' } });
    expect(created.TagList).toEqual(
      expect.arrayContaining([
        { Key: 'muejam:purpose', Value: 'restore' },
        { Key: 'muejam:execution', Value: 'restore-1' },
      ]),
    );
    const [info] = alerts();
    expect(alerts()).toHaveLength(1);
    expect(info).toMatchObject({ severity: 'info', workflow: 'database-restore', resource: DB });
    expect(info.summary).toContain('restored from snapshot muejam-muejam-db-prod-20261203t0000z to muejam-db-restored in us-west-2');
    expect(info.summary).toContain('with input {"dbInstanceIdentifier":"muejam-db-prod"');
  });

  it('waits through several NotReady polls: one transition per poll', async () => {
    world.restoredStatuses = ['creating', 'creating', 'backing-up', 'modifying', 'available'];
    const r = await run(SNAPSHOT_INPUT);
    expect(r.status).toBe('SUCCEEDED');
    expect(r.events.filter((e) => e.type === 'StateRetried' && e.state?.name === 'WaitUntilAvailable')).toHaveLength(4);
    expect(r.transitions).toBe(6 + 4);
  });

  it('refuses a target that exists: nothing created, a critical alert saying so', async () => {
    world.addForeignInstance(BACKUP, 'muejam-db-restored');
    const r = await run(SNAPSHOT_INPUT);
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('InvalidInput');
    expect(statesEntered(r)).toEqual(['ValidateRequest', 'ValidateRequestFailed', 'NotifyFailure', 'RestoreFailed']);
    expect(restores()).toHaveLength(0);
    const [alert] = alerts();
    expect(alert).toMatchObject({ severity: 'critical', step: 'validate request', resource: DB, error: 'InvalidInput' });
    expect(alert.cause).toContain('already exists in us-west-2');
    expect(alert.cause).toContain('nothing was created');
  });

  it('refuses a point in time outside the window, naming the window', async () => {
    const r = await run({
      dbInstanceIdentifier: DB,
      targetDbInstanceIdentifier: 'muejam-db-pitr',
      region: 'primary',
      restoreTime: '2026-11-01T00:00:00Z',
    });
    expect(r.status).toBe('FAILED');
    expect(restores()).toHaveLength(0);
    expect(alerts()[0].cause).toContain('before the earliest restorable time; allowed: a time in the window from 2026-11-26T05:00:00.000Z');
  });

  it('restores to a point in time in the primary region', async () => {
    world.restoredStatuses = ['creating', 'available'];
    const r = await run({
      dbInstanceIdentifier: DB,
      targetDbInstanceIdentifier: 'muejam-db-pitr',
      region: 'primary',
      restoreTime: '2026-12-03T04:10:00Z',
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({ mode: 'pitr', restoredTo: '2026-12-03T04:10:00.000Z', region: PRIMARY });
    expect(rds.commandCalls(RestoreDBInstanceToPointInTimeCommand)[0].args[0].input).toMatchObject({
      SourceDBInstanceIdentifier: DB,
      RestoreTime: new Date('2026-12-03T04:10:00Z'),
    });
  });

  it('a failure after creation names the instance that was created (left in place) in the alert', async () => {
    world.restoredStatuses = ['available'];
    world.restoredKmsKeyId = 'arn:aws:kms:us-west-2:123456789012:key/someone-elses';
    const r = await run(SNAPSHOT_INPUT);
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('VerificationFailed');
    expect(statesEntered(r).slice(-4)).toEqual(['VerifyRestore', 'VerifyRestoreFailed', 'NotifyFailure', 'RestoreFailed']);
    const [alert] = alerts();
    expect(alert).toMatchObject({ severity: 'critical', step: 'verify restore', error: 'VerificationFailed' });
    expect(alert.cause).toContain('created: RDS instance muejam-db-restored in us-west-2 (status available), left in place');
    expect(world.instance(BACKUP, 'muejam-db-restored')).toBeDefined();
  });

  it('a terminal status while waiting fails at once and names the instance', async () => {
    world.restoredStatuses = ['creating', 'inaccessible-encryption-credentials'];
    const r = await run(SNAPSHOT_INPUT);
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('TerminalStatus');
    expect(alerts()[0].cause).toContain(
      'created: RDS instance muejam-db-restored in us-west-2 (status inaccessible-encryption-credentials)',
    );
  });
});
