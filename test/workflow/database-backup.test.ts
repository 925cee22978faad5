/**
 * Executes state-machines/database-backup.asl.json unchanged, with the real
 * handlers in-process and the AWS SDK mocked (aws-sdk-client-mock).
 */
import { mockClient } from 'aws-sdk-client-mock';
import {
  CopyDBSnapshotCommand,
  CreateDBSnapshotCommand,
  type DBSnapshot,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  AddTagsToResourceCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ownershipTags, TAG } from '../../lambdas/domain/backup/ownership-tags';
import { applyLocalEnvironment, localRuntimeConfig } from '../../local/local-environment';
import { runStateMachineLocally, statesEntered } from '../../local/run-state-machine';
import { awsError } from '../support/aws-error';

const rds = mockClient(RDSClient);
const kms = mockClient(KMSClient);
const sns = mockClient(SNSClient);
const config = localRuntimeConfig({ deploymentId: 'wf' });
applyLocalEnvironment(config, 'http://127.0.0.1:9');

const SNAP = 'muejam-muejam-db-prod-20261124t0600z';
const dbKey = 'arn:aws:kms:us-east-1:1:key/db';
const backupKey = 'arn:aws:kms:us-west-2:1:key/backup';
const snap = (region: string, status: string): DBSnapshot => ({
  DBSnapshotIdentifier: SNAP,
  DBSnapshotArn: `arn:aws:rds:${region}:1:snapshot:${SNAP}`,
  Status: status,
  Encrypted: true,
  KmsKeyId: region === 'us-east-1' ? dbKey : backupKey,
  Engine: 'postgres',
  EngineVersion: '15.4',
  AllocatedStorage: 100,
  TagList: [
    ...ownershipTags({
      deploymentId: 'wf',
      resource: 'muejam-db-prod',
      regionRole: region === 'us-east-1' ? 'primary' : 'backup',
      execution: 'e',
    }),
    { Key: TAG.copyOf, Value: `arn:aws:rds:us-east-1:1:snapshot:${SNAP}` },
  ],
});

/** Snapshot statuses answered in order per region; the last one repeats. */
function statuses(byRegion: Record<string, string[]>) {
  const seen: Record<string, number> = {};
  rds.on(DescribeDBSnapshotsCommand).callsFake(async (_i, getClient) => {
    const region = await getClient().config.region();
    const list = byRegion[region];
    const n = (seen[region] ?? -1) + 1;
    seen[region] = n;
    return { DBSnapshots: [snap(region, list[Math.min(n, list.length - 1)])] };
  });
}

const run = (input: unknown = { dbInstanceIdentifier: 'muejam-db-prod', scheduledTime: '2026-11-24T06:00:00Z' }) =>
  runStateMachineLocally({
    aslFile: 'database-backup.asl.json',
    input,
    region: 'us-east-1',
    stateMachineName: 'muejam-backup-dr-wf-database-backup',
    retryDelayMs: 1,
  });
const publishedAlerts = () => sns.commandCalls(PublishCommand).map((c) => JSON.parse(c.args[0].input.Message!));

beforeEach(() => {
  rds.reset();
  kms.reset();
  sns.reset();
  rds
    .on(DescribeDBInstancesCommand)
    .resolves({ DBInstances: [{ DBInstanceIdentifier: 'muejam-db-prod', StorageEncrypted: true, KmsKeyId: dbKey }] });
  rds.on(CreateDBSnapshotCommand).resolves({ DBSnapshot: snap('us-east-1', 'creating') });
  rds.on(CopyDBSnapshotCommand).resolves({ DBSnapshot: snap('us-west-2', 'pending') });
  rds.on(AddTagsToResourceCommand).resolves({});
  kms
    .on(DescribeKeyCommand, { KeyId: config.backupKmsKeyAlias })
    .resolves({ KeyMetadata: { KeyId: 'backup', Arn: backupKey, KeyState: 'Enabled', KeyManager: 'CUSTOMER' } });
  kms
    .on(DescribeKeyCommand, { KeyId: dbKey })
    .resolves({ KeyMetadata: { KeyId: 'db', Arn: dbKey, KeyState: 'Enabled', KeyManager: 'CUSTOMER' } });
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
});

describe('database-backup.asl.json', () => {
  it('succeeds in 7 transitions (quota check first) when snapshots are ready at first poll, and publishes no failure alert, only the recovery that resolves an open incident', async () => {
    statuses({ 'us-east-1': ['available'], 'us-west-2': ['available'] });
    const r = await run();
    expect(r.status).toBe('SUCCEEDED');
    expect(statesEntered(r)).toEqual([
      'CheckSnapshotQuota',
      'CreateSnapshot',
      'WaitForSnapshot',
      'CopyToBackupRegion',
      'WaitForCopy',
      'VerifyBackup',
      'RecordMetrics',
    ]);
    expect(r.transitions).toBe(7);
    expect(r.output.summary).toMatchObject({ isValid: true, snapshotId: SNAP, backupKmsKeyArn: backupKey });
    expect(publishedAlerts()).toEqual([
      expect.objectContaining({
        kind: 'recovery',
        workflow: 'database-backup',
        resource: 'muejam-db-prod',
        dedupKey: 'muejam-backup-dr/wf/database-backup/muejam-db-prod',
      }),
    ]);
  });

  it('waits through NotReady with one transition per poll', async () => {
    statuses({ 'us-east-1': ['creating', 'creating', 'creating', 'available'], 'us-west-2': ['pending', 'copying', 'available'] });
    const r = await run();
    expect(r.status).toBe('SUCCEEDED');
    const retries = r.events.filter((e) => e.type === 'StateRetried');
    expect(retries.map((e) => e.state!.name)).toEqual([
      'WaitForSnapshot',
      'WaitForSnapshot',
      'WaitForSnapshot',
      'WaitForCopy',
      'WaitForCopy',
    ]);
    expect(r.transitions).toBe(7 + 5);
  });

  it('retries a throttled copy with backoff, then succeeds', async () => {
    statuses({ 'us-east-1': ['available'], 'us-west-2': ['available'] });
    rds
      .on(CopyDBSnapshotCommand)
      .rejectsOnce(awsError('Throttling', 'Rate exceeded'))
      .rejectsOnce(awsError('SnapshotQuotaExceededFault', 'too many concurrent copies'))
      .resolves({ DBSnapshot: snap('us-west-2', 'pending') });
    const r = await run();
    expect(r.status).toBe('SUCCEEDED');
    const retried = r.events.filter((e) => e.type === 'StateRetried' && e.state!.name === 'CopyToBackupRegion');
    expect(retried).toHaveLength(2);
    expect(rds.commandCalls(CopyDBSnapshotCommand)).toHaveLength(3);
  });

  it('a failing copy reaches the alert state, which names the database, the step, the cause and the snapshot it left where (issue 8)', async () => {
    statuses({ 'us-east-1': ['available'], 'us-west-2': ['available'] });
    rds.on(CopyDBSnapshotCommand).rejects(awsError('KMSKeyNotAccessibleFault', 'The key is not accessible'));
    const r = await run();
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('KMSKeyNotAccessibleFault');
    expect(statesEntered(r).slice(-3)).toEqual(['CopyToBackupRegionFailed', 'NotifyFailure', 'BackupFailed']);
    const [alert] = publishedAlerts();
    expect(alert).toMatchObject({
      workflow: 'database-backup',
      resource: 'muejam-db-prod',
      step: 'copy to backup region',
      error: 'KMSKeyNotAccessibleFault',
      cause: expect.stringMatching(
        /^The key is not accessible; this run had made \(left in place, kept or removed by the retention rules\): RDS snapshot muejam-muejam-db-prod-\d{8}t\d{4}z in us-east-1$/,
      ),
      severity: 'critical',
    });
    expect(alert.executionArn).toMatch(/^arn:aws:states:us-east-1:\d+:execution:muejam-backup-dr-wf-database-backup:/);
  });

  it('a terminal snapshot status fails at once (no waiting), with an alert', async () => {
    statuses({ 'us-east-1': ['failed'], 'us-west-2': ['available'] });
    const r = await run();
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('TerminalStatus');
    expect(r.events.filter((e) => e.type === 'StateRetried')).toHaveLength(0);
    expect(publishedAlerts()[0]).toMatchObject({ step: 'wait for snapshot', error: 'TerminalStatus' });
    expect(rds.commandCalls(CopyDBSnapshotCommand)).toHaveLength(0);
  });

  it('bad input (unknown database) alerts and creates nothing', async () => {
    const r = await run({ dbInstanceIdentifier: 'not-ours' });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('InvalidInput');
    expect(publishedAlerts()[0]).toMatchObject({
      resource: 'not-ours',
      step: 'create snapshot',
      cause: expect.stringContaining('unknown database "not-ours"'),
    });
    expect(rds.commandCalls(CreateDBSnapshotCommand)).toHaveLength(0);
  });

  it('input without a database still alerts (the alert path never depends on the input being valid)', async () => {
    const r = await run({});
    expect(r.status).toBe('FAILED');
    expect(publishedAlerts()[0]).toMatchObject({
      resource: '(not named in the input)',
      error: 'InvalidInput',
      cause: expect.stringContaining('dbInstanceIdentifier: is required'),
    });
  });

  it('a snapshot under the AWS-managed aws/rds key alerts at the copy step and copies nothing', async () => {
    statuses({ 'us-east-1': ['available'], 'us-west-2': ['available'] });
    kms
      .on(DescribeKeyCommand, { KeyId: dbKey })
      .resolves({ KeyMetadata: { KeyId: 'db', Arn: dbKey, KeyState: 'Enabled', KeyManager: 'AWS' } });
    const r = await run();
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('PreconditionFailed');
    expect(publishedAlerts().filter((a) => a.kind === 'failure')).toEqual([
      expect.objectContaining({ step: 'copy to backup region', cause: expect.stringContaining('AWS-managed key aws/rds') }),
    ]);
    expect(rds.commandCalls(CopyDBSnapshotCommand)).toHaveLength(0);
  });

  it('a missing backup-region key alerts before the snapshot is made: nothing created, nothing copied (issue 8)', async () => {
    statuses({ 'us-east-1': ['available'], 'us-west-2': ['available'] });
    kms.on(DescribeKeyCommand, { KeyId: config.backupKmsKeyAlias }).rejects(awsError('NotFoundException', 'Alias is not found.'));
    const r = await run();
    expect(r.status).toBe('FAILED');
    expect(publishedAlerts().filter((a) => a.kind === 'failure')).toEqual([
      expect.objectContaining({
        step: 'create snapshot',
        cause: expect.stringContaining(`${config.backupKmsKeyAlias} not found in the backup region us-west-2`),
      }),
    ]);
    expect(rds.commandCalls(CreateDBSnapshotCommand)).toHaveLength(0);
    expect(rds.commandCalls(CopyDBSnapshotCommand)).toHaveLength(0);
  });

  it('a verification failure alerts at the verify step', async () => {
    statuses({ 'us-east-1': ['available'], 'us-west-2': ['available'] });
    kms
      .on(DescribeKeyCommand, { KeyId: config.backupKmsKeyAlias })
      .resolves({ KeyMetadata: { KeyId: 'rotated-away', Arn: 'arn:aws:kms:us-west-2:1:key/rotated-away', KeyState: 'Enabled' } });
    const r = await run();
    expect(r.status).toBe('FAILED');
    expect(publishedAlerts()[0]).toMatchObject({
      step: 'verify backup',
      error: 'VerificationFailed',
      cause: expect.stringContaining('copy KMS key'),
    });
  });

  it('still ends FAILED (not stuck, not succeeded) when the alert itself cannot be published', async () => {
    statuses({ 'us-east-1': ['failed'], 'us-west-2': ['available'] });
    sns.on(PublishCommand).rejects(awsError('AuthorizationErrorException', 'not allowed'));
    const r = await run();
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('TerminalStatus');
    expect(sns.commandCalls(PublishCommand).length).toBeGreaterThan(1);
  });
});
