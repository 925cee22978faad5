/**
 * The metrics the database backup's handlers emit, captured as EMF from
 * stdout while the real ASL runs with the real handlers (SDK mocked): a
 * verified run and a run failing verification.
 */
import {
  AddTagsToResourceCommand,
  CopyDBSnapshotCommand,
  CreateDBSnapshotCommand,
  type DBSnapshot,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { ownershipTags } from '../../lambdas/domain/backup/ownership-tags';
import { captureEmf } from '../../local/emf-bridge';
import { applyLocalEnvironment, localRuntimeConfig } from '../../local/local-environment';
import { runStateMachineLocally } from '../../local/run-state-machine';

const rds = mockClient(RDSClient);
const kms = mockClient(KMSClient);
const sns = mockClient(SNSClient);
const config = localRuntimeConfig({ deploymentId: 'emf', metricsNamespace: 'MueJam/Test' });
applyLocalEnvironment(config, 'http://127.0.0.1:9');

const SNAP = 'muejam-muejam-db-prod-20261124t0600z';
const dbKey = 'arn:aws:kms:us-east-1:1:key/db';
const backupKey = 'arn:aws:kms:us-west-2:1:key/backup';
const snap = (region: string, keyArn: string): DBSnapshot => ({
  DBSnapshotIdentifier: SNAP,
  DBSnapshotArn: `arn:aws:rds:${region}:1:snapshot:${SNAP}`,
  Status: 'available',
  Encrypted: true,
  KmsKeyId: keyArn,
  Engine: 'postgres',
  EngineVersion: '15.4',
  AllocatedStorage: 100,
  TagList: ownershipTags({
    deploymentId: 'emf',
    resource: 'muejam-db-prod',
    regionRole: region === 'us-east-1' ? 'primary' : 'backup',
    execution: 'e',
  }),
});

function world(copyKey: string) {
  rds.reset();
  kms.reset();
  sns.reset();
  rds
    .on(DescribeDBInstancesCommand)
    .resolves({ DBInstances: [{ DBInstanceIdentifier: 'muejam-db-prod', StorageEncrypted: true, KmsKeyId: dbKey }] });
  rds.on(CreateDBSnapshotCommand).resolves({ DBSnapshot: snap('us-east-1', dbKey) });
  rds.on(CopyDBSnapshotCommand).resolves({ DBSnapshot: snap('us-west-2', copyKey) });
  rds.on(AddTagsToResourceCommand).resolves({});
  rds.on(DescribeDBSnapshotsCommand).callsFake(async (_i, getClient) => {
    const region = await getClient().config.region();
    return { DBSnapshots: [region === 'us-east-1' ? snap(region, dbKey) : snap(region, copyKey)] };
  });
  kms
    .on(DescribeKeyCommand, { KeyId: config.backupKmsKeyAlias })
    .resolves({ KeyMetadata: { KeyId: 'backup', Arn: backupKey, KeyState: 'Enabled', KeyManager: 'CUSTOMER' } });
  kms
    .on(DescribeKeyCommand, { KeyId: dbKey })
    .resolves({ KeyMetadata: { KeyId: 'db', Arn: dbKey, KeyState: 'Enabled', KeyManager: 'CUSTOMER' } });
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
}

async function runCaptured() {
  const capture = captureEmf();
  try {
    const r = await runStateMachineLocally({
      aslFile: 'database-backup.asl.json',
      input: { dbInstanceIdentifier: 'muejam-db-prod', scheduledTime: '2026-11-24T06:00:00Z' },
      region: 'us-east-1',
      stateMachineName: 'muejam-backup-dr-emf-database-backup',
      retryDelayMs: 1,
    });
    return { r, capture };
  } finally {
    capture.stop();
  }
}

const dims = { service: 'muejam-backup-dr', Workflow: 'database-backup', Resource: 'muejam-db-prod' };

describe('database backup metrics (captured EMF)', () => {
  it('a verified run emits success, no failure, and its durations, in the configured namespace', async () => {
    world(backupKey);
    const { r, capture } = await runCaptured();
    expect(r.status).toBe('SUCCEEDED');
    expect(capture.documents).toHaveLength(1);
    const [doc] = capture.documents;
    expect(doc.namespace).toBe('MueJam/Test');
    expect(doc.dimensions).toEqual(dims);
    expect(Object.fromEntries(doc.metrics.map((m) => [m.name, m.values]))).toEqual({
      WorkflowSucceeded: [1],
      BackupSucceeded: [1],
      BackupFailed: [0],
      BackupDuration: [r.output.summary.backupDurationSeconds],
      CopyDuration: [r.output.summary.copyDurationSeconds],
      // the source snapshot's allocated storage, from the verify step's describe call
      SnapshotSize: [100],
    });
    expect(doc.metrics.find((m) => m.name === 'SnapshotSize')?.unit).toBe('Gigabytes');
    expect(capture.values('VerificationFailed')).toEqual([]);
  });

  it('a run failing verification emits the failure and VerificationFailed from the alert step, and no success', async () => {
    world('arn:aws:kms:us-west-2:1:key/someone-elses');
    const { r, capture } = await runCaptured();
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('VerificationFailed');
    expect(capture.values('BackupFailed').map((v) => [v.value, v.dimensions])).toEqual([[1, dims]]);
    expect(capture.values('VerificationFailed').map((v) => v.value)).toEqual([1]);
    expect(capture.values('BackupSucceeded').map((v) => v.value)).toEqual([0]);
    expect(capture.values('WorkflowFailed').map((v) => v.value)).toEqual([1]);
    expect(capture.values('BackupDuration')).toEqual([]);
  });
});
