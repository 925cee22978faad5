/**
 * The quota check state of state-machines/database-backup.asl.json, executed
 * with the real handlers and the SDK mocked: a warning at 80 % or more, and the
 * backup goes on whatever the check finds (or fails to read).
 */
import { mockClient } from 'aws-sdk-client-mock';
import {
  AddTagsToResourceCommand,
  CopyDBSnapshotCommand,
  CreateDBSnapshotCommand,
  type DBSnapshot,
  DescribeAccountAttributesCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ownershipTags, TAG } from '../../lambdas/domain/backup/ownership-tags';
import { applyLocalEnvironment, localRuntimeConfig } from '../../local/local-environment';
import { runStateMachineLocally } from '../../local/run-state-machine';

const rds = mockClient(RDSClient);
const kms = mockClient(KMSClient);
const sns = mockClient(SNSClient);
const config = localRuntimeConfig({ deploymentId: 'wfq' });
applyLocalEnvironment(config, 'http://127.0.0.1:9');

const SNAP = 'muejam-muejam-db-prod-20261124t0600z';
const dbKey = 'arn:aws:kms:us-east-1:1:key/db';
const backupKey = 'arn:aws:kms:us-west-2:1:key/backup';
const snap = (region: string): DBSnapshot => ({
  DBSnapshotIdentifier: SNAP,
  DBSnapshotArn: `arn:aws:rds:${region}:1:snapshot:${SNAP}`,
  Status: 'available',
  Encrypted: true,
  KmsKeyId: region === 'us-east-1' ? dbKey : backupKey,
  Engine: 'postgres',
  EngineVersion: '15.4',
  AllocatedStorage: 100,
  TagList: [
    ...ownershipTags({
      deploymentId: 'wfq',
      resource: 'muejam-db-prod',
      regionRole: region === 'us-east-1' ? 'primary' : 'backup',
      execution: 'e',
    }),
    { Key: TAG.copyOf, Value: `arn:aws:rds:us-east-1:1:snapshot:${SNAP}` },
  ],
});
const run = () =>
  runStateMachineLocally({
    aslFile: 'database-backup.asl.json',
    input: { dbInstanceIdentifier: 'muejam-db-prod', scheduledTime: '2026-11-24T06:00:00Z' },
    region: 'us-east-1',
    stateMachineName: 'muejam-backup-dr-wfq-database-backup',
    retryDelayMs: 1,
  });
const failureAlerts = () =>
  sns
    .commandCalls(PublishCommand)
    .map((c) => JSON.parse(c.args[0].input.Message!))
    .filter((a) => a.kind === 'failure');

beforeEach(() => {
  rds.reset();
  kms.reset();
  sns.reset();
  rds
    .on(DescribeDBInstancesCommand)
    .resolves({ DBInstances: [{ DBInstanceIdentifier: 'muejam-db-prod', StorageEncrypted: true, KmsKeyId: dbKey }] });
  rds.on(CreateDBSnapshotCommand).resolves({ DBSnapshot: snap('us-east-1') });
  rds.on(CopyDBSnapshotCommand).resolves({ DBSnapshot: snap('us-west-2') });
  rds.on(AddTagsToResourceCommand).resolves({});
  rds.on(DescribeDBSnapshotsCommand).callsFake(async (_i, getClient) => ({ DBSnapshots: [snap(await getClient().config.region())] }));
  kms
    .on(DescribeKeyCommand, { KeyId: config.backupKmsKeyAlias })
    .resolves({ KeyMetadata: { KeyId: 'backup', Arn: backupKey, KeyState: 'Enabled', KeyManager: 'CUSTOMER' } });
  kms
    .on(DescribeKeyCommand, { KeyId: dbKey })
    .resolves({ KeyMetadata: { KeyId: 'db', Arn: dbKey, KeyState: 'Enabled', KeyManager: 'CUSTOMER' } });
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
});

describe('database-backup.asl.json: quota check before the snapshot', () => {
  it('at 85 % in the primary region: a warning alert, and the backup still succeeds', async () => {
    rds.on(DescribeAccountAttributesCommand).callsFake(async (_i, getClient) => ({
      AccountQuotas: [
        { AccountQuotaName: 'ManualSnapshots', Used: (await getClient().config.region()) === 'us-east-1' ? 85 : 10, Max: 100 },
      ],
    }));
    const r = await run();
    expect(r.status).toBe('SUCCEEDED');
    expect(r.events.find((e) => e.type === 'StateEntered')!.state!.name).toBe('CheckSnapshotQuota');
    expect(r.output.quota).toMatchObject({
      alerted: ['us-east-1'],
      regions: [
        { region: 'us-east-1', usedPercent: 85, headroom: 15 },
        { region: 'us-west-2', usedPercent: 10 },
      ],
    });
    const alerts = failureAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ workflow: 'snapshot-quota', resource: 'us-east-1', severity: 'warning', error: 'SnapshotQuotaHigh' });
    expect(rds.commandCalls(CreateDBSnapshotCommand)).toHaveLength(1);
  });

  it('below 80 %: no alert', async () => {
    rds.on(DescribeAccountAttributesCommand).resolves({ AccountQuotas: [{ AccountQuotaName: 'ManualSnapshots', Used: 10, Max: 100 }] });
    const r = await run();
    expect(r.status).toBe('SUCCEEDED');
    expect(failureAlerts()).toEqual([]);
  });

  it('a quota that cannot be read (e.g. the emulator does not implement it) never blocks the backup', async () => {
    rds
      .on(DescribeAccountAttributesCommand)
      .rejects(Object.assign(new Error('<html>not implemented</html>'), { name: 'InternalFailure', $metadata: {} }));
    const r = await run();
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output.quota.regions[0].unavailable).toMatch(/^InternalFailure/);
    expect(failureAlerts()).toEqual([]);
  });

  it('even if the check itself failed, the state catches it and the backup goes on', async () => {
    rds.on(DescribeAccountAttributesCommand).resolves({ AccountQuotas: [{ AccountQuotaName: 'ManualSnapshots', Used: 99, Max: 100 }] });
    sns.on(PublishCommand).rejects(Object.assign(new Error('not allowed'), { name: 'AuthorizationErrorException', $metadata: {} }));
    const r = await run();
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output.quota).toBeUndefined(); // Catch with ResultPath null: the input goes on unchanged
    expect(rds.commandCalls(CreateDBSnapshotCommand)).toHaveLength(1);
  });
});
