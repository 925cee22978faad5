import { mockClient } from 'aws-sdk-client-mock';
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
import { makeClientFactory } from '../../../lambdas/runtime/clients';
import { ownershipTags, TAG } from '../../../lambdas/domain/backup/ownership-tags';
import { BackupService, type BackupRef, type CopyRef } from '../../../lambdas/services/backup-service';
import { localRuntimeConfig } from '../../../local/local-environment';
import { awsError } from '../../support/aws-error';

const rds = mockClient(RDSClient);
const kms = mockClient(KMSClient);
const config = localRuntimeConfig({ deploymentId: 'prod' });
const execution = { Id: 'arn:aws:states:us-east-1:1:execution:sm:exec-1', Name: 'exec-1', StartTime: '2026-11-24T06:00:07Z' };
const SNAP = 'muejam-muejam-db-prod-20261124t0600z';
const srcArn = `arn:aws:rds:us-east-1:1:snapshot:${SNAP}`;
const dbKey = 'arn:aws:kms:us-east-1:1:key/db';
const backupKey = 'arn:aws:kms:us-west-2:1:key/backup';
const ownedTags = (role: 'primary' | 'backup') =>
  ownershipTags({ deploymentId: 'prod', resource: 'muejam-db-prod', regionRole: role, execution: 'exec-0' });
const snapshot = (o: Partial<DBSnapshot> = {}): DBSnapshot => ({
  DBSnapshotIdentifier: SNAP,
  DBSnapshotArn: srcArn,
  Status: 'available',
  Encrypted: true,
  KmsKeyId: dbKey,
  Engine: 'postgres',
  EngineVersion: '15.4',
  AllocatedStorage: 100,
  TagList: ownedTags('primary'),
  ...o,
});
/** Answers DescribeDBSnapshots per region (the mock covers every RDSClient instance). */
const snapshotsByRegion = (answers: Record<string, DBSnapshot | undefined>) =>
  rds.on(DescribeDBSnapshotsCommand).callsFake(async (_input, getClient) => {
    const s = answers[await getClient().config.region()];
    return { DBSnapshots: s ? [s] : [] };
  });

let service: BackupService;
const backup: BackupRef = {
  dbInstanceIdentifier: 'muejam-db-prod',
  snapshotId: SNAP,
  snapshotArn: srcArn,
  region: 'us-east-1',
  backupTime: '2026-11-24T06:00:00.000Z',
  reused: false,
};

beforeEach(() => {
  rds.reset();
  kms.reset();
  service = new BackupService(config, makeClientFactory(), () => new Date('2026-11-24T06:30:00Z'));
  rds
    .on(DescribeDBInstancesCommand)
    .resolves({ DBInstances: [{ DBInstanceIdentifier: 'muejam-db-prod', StorageEncrypted: true, KmsKeyId: dbKey }] });
  kms
    .on(DescribeKeyCommand, { KeyId: config.backupKmsKeyAlias })
    .resolves({ KeyMetadata: { KeyId: 'backup', Arn: backupKey, KeyState: 'Enabled', KeyManager: 'CUSTOMER' } });
  kms
    .on(DescribeKeyCommand, { KeyId: dbKey })
    .resolves({ KeyMetadata: { KeyId: 'db', Arn: dbKey, KeyState: 'Enabled', KeyManager: 'CUSTOMER' } });
});

describe('createDatabaseBackup', () => {
  it('creates the snapshot named after the schedule tick, with ownership tags', async () => {
    rds.on(CreateDBSnapshotCommand).resolves({ DBSnapshot: snapshot({ Status: 'creating' }) });
    const r = await service.createDatabaseBackup(
      { dbInstanceIdentifier: 'muejam-db-prod', scheduledTime: '2026-11-24T06:00:00Z' },
      execution,
    );
    expect(r).toMatchObject({ snapshotId: SNAP, snapshotArn: srcArn, reused: false, region: 'us-east-1' });
    const call = rds.commandCalls(CreateDBSnapshotCommand)[0].args[0].input;
    expect(call.DBSnapshotIdentifier).toBe(SNAP);
    expect(call.Tags).toEqual(
      expect.arrayContaining([
        { Key: TAG.deployment, Value: 'prod' },
        { Key: TAG.execution, Value: 'exec-1' },
        { Key: TAG.regionRole, Value: 'primary' },
      ]),
    );
  });

  it('continues with the snapshot when it already exists and is ours (a re-run)', async () => {
    rds.on(CreateDBSnapshotCommand).rejects(awsError('DBSnapshotAlreadyExistsFault'));
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot()] });
    const r = await service.createDatabaseBackup(
      { dbInstanceIdentifier: 'muejam-db-prod', scheduledTime: '2026-11-24T06:00:00Z' },
      execution,
    );
    expect(r.reused).toBe(true);
  });

  it('refuses to adopt an existing snapshot of that name that is not ours', async () => {
    rds.on(CreateDBSnapshotCommand).rejects(awsError('DBSnapshotAlreadyExists'));
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot({ TagList: [{ Key: 'owner', Value: 'alice' }] })] });
    await expect(service.createDatabaseBackup({ dbInstanceIdentifier: 'muejam-db-prod' }, execution)).rejects.toMatchObject({
      name: 'PreconditionFailed',
      message: expect.stringContaining('not owned by deployment "prod"'),
    });
  });

  it('rejects an unknown database before calling AWS, naming the field and the allowed values', async () => {
    await expect(service.createDatabaseBackup({ dbInstanceIdentifier: 'other-db' }, execution)).rejects.toMatchObject({
      name: 'InvalidInput',
      message: 'dbInstanceIdentifier: unknown database "other-db"; this deployment protects: muejam-db-prod',
    });
    await expect(service.createDatabaseBackup({ dbInstanceIdentifier: 'bad--id' }, execution)).rejects.toMatchObject({
      name: 'InvalidInput',
    });
    expect(rds.calls()).toHaveLength(0);
  });

  it('maps throttling to the retryable Throttled error', async () => {
    rds.on(CreateDBSnapshotCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    await expect(service.createDatabaseBackup({ dbInstanceIdentifier: 'muejam-db-prod' }, execution)).rejects.toMatchObject({
      name: 'Throttled',
    });
    rds.on(CreateDBSnapshotCommand).rejects(awsError('SnapshotQuotaExceededFault', 'quota'));
    await expect(service.createDatabaseBackup({ dbInstanceIdentifier: 'muejam-db-prod' }, execution)).rejects.toMatchObject({
      name: 'Throttled',
    });
  });

  it('checks the backup-region key before creating anything: a missing alias (or an unreachable region) creates no snapshot (issue 8)', async () => {
    kms.on(DescribeKeyCommand, { KeyId: config.backupKmsKeyAlias }).rejects(awsError('NotFoundException'));
    await expect(service.createDatabaseBackup({ dbInstanceIdentifier: 'muejam-db-prod' }, execution)).rejects.toMatchObject({
      name: 'PreconditionFailed',
      message: expect.stringMatching(
        /KMS key alias\/muejam-backup-dr-prod not found in the backup region us-west-2: deploy the backup-region stack/,
      ),
    });
    expect(rds.commandCalls(CreateDBSnapshotCommand)).toHaveLength(0);
  });

  it('fails clearly when the database does not exist', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(awsError('DBInstanceNotFoundFault'));
    await expect(service.createDatabaseBackup({ dbInstanceIdentifier: 'muejam-db-prod' }, execution)).rejects.toMatchObject({
      name: 'PreconditionFailed',
      message: 'no RDS instance named "muejam-db-prod" in us-east-1',
    });
    expect(rds.commandCalls(CreateDBSnapshotCommand)).toHaveLength(0);
  });
});

describe('waitForSnapshot', () => {
  it('returns when available', async () => {
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot()] });
    await expect(service.waitForSnapshot({ region: 'us-east-1', snapshotId: SNAP })).resolves.toMatchObject({ status: 'available' });
  });
  it('throws NotReady while creating (the state Retry waits)', async () => {
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot({ Status: 'creating', PercentProgress: 40 })] });
    await expect(service.waitForSnapshot({ region: 'us-east-1', snapshotId: SNAP })).rejects.toMatchObject({
      name: 'NotReady',
      message: expect.stringContaining('40% done'),
    });
  });
  it.each(['failed', 'incompatible-restore', 'inaccessible-encryption-credentials', 'deleting'])(
    'fails at once on terminal status %s',
    async (status) => {
      rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot({ Status: status })] });
      await expect(service.waitForSnapshot({ region: 'us-west-2', snapshotId: SNAP })).rejects.toMatchObject({
        name: 'TerminalStatus',
        message: expect.stringContaining(status),
      });
    },
  );
  it('fails at once when the snapshot disappeared', async () => {
    rds.on(DescribeDBSnapshotsCommand).rejects(awsError('DBSnapshotNotFoundFault'));
    await expect(service.waitForSnapshot({ region: 'us-east-1', snapshotId: SNAP })).rejects.toMatchObject({ name: 'TerminalStatus' });
  });
  it('validates its input', async () => {
    await expect(service.waitForSnapshot({ region: 'eu-west-1', snapshotId: SNAP })).rejects.toThrow(
      /^region: "eu-west-1" is not one of this deployment's regions: us-east-1, us-west-2/,
    );
  });
});

describe('copyToBackupRegion', () => {
  beforeEach(() => {
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot()] });
  });

  it('copies with the backup-region CMK and carries ownership tags and the source ARN', async () => {
    rds.on(CopyDBSnapshotCommand).resolves({ DBSnapshot: { DBSnapshotArn: `arn:aws:rds:us-west-2:1:snapshot:${SNAP}` } });
    const r = await service.copyToBackupRegion(backup, execution);
    expect(r).toMatchObject({ region: 'us-west-2', kmsKeyArn: backupKey, reused: false });
    const input = rds.commandCalls(CopyDBSnapshotCommand)[0].args[0].input;
    expect(input).toMatchObject({ SourceDBSnapshotIdentifier: srcArn, TargetDBSnapshotIdentifier: SNAP, KmsKeyId: backupKey });
    expect(input.Tags).toEqual(
      expect.arrayContaining([
        { Key: TAG.regionRole, Value: 'backup' },
        { Key: TAG.copyOf, Value: srcArn },
        { Key: TAG.deployment, Value: 'prod' },
      ]),
    );
  });

  it('stops with a clear error when the backup-region key is missing, copying nothing', async () => {
    kms.on(DescribeKeyCommand, { KeyId: config.backupKmsKeyAlias }).rejects(awsError('NotFoundException'));
    await expect(service.copyToBackupRegion(backup, execution)).rejects.toMatchObject({
      name: 'PreconditionFailed',
      message: expect.stringMatching(
        /KMS key alias\/muejam-backup-dr-prod not found in the backup region us-west-2: deploy the backup-region stack/,
      ),
    });
    expect(rds.commandCalls(CopyDBSnapshotCommand)).toHaveLength(0);
  });

  it('detects a snapshot under the AWS-managed aws/rds key and copies nothing', async () => {
    kms.on(DescribeKeyCommand, { KeyId: dbKey }).resolves({ KeyMetadata: { KeyId: 'db', Arn: dbKey, KeyManager: 'AWS' } });
    await expect(service.copyToBackupRegion(backup, execution)).rejects.toMatchObject({
      name: 'PreconditionFailed',
      message: expect.stringContaining('AWS-managed key aws/rds'),
    });
    expect(rds.commandCalls(CopyDBSnapshotCommand)).toHaveLength(0);
  });

  it('refuses a disabled backup-region key', async () => {
    kms
      .on(DescribeKeyCommand, { KeyId: config.backupKmsKeyAlias })
      .resolves({ KeyMetadata: { KeyId: 'b', Arn: backupKey, KeyState: 'PendingDeletion' } });
    await expect(service.copyToBackupRegion(backup, execution)).rejects.toThrow(/is PendingDeletion; it must be Enabled/);
  });

  it('continues with an existing copy of the same source (a re-run)', async () => {
    rds.on(CopyDBSnapshotCommand).rejects(awsError('DBSnapshotAlreadyExistsFault'));
    snapshotsByRegion({
      'us-east-1': snapshot(),
      'us-west-2': snapshot({ TagList: [...ownedTags('backup'), { Key: TAG.copyOf, Value: srcArn }] }),
    });
    const r = await service.copyToBackupRegion(backup, execution);
    expect(r.reused).toBe(true);
  });

  it('refuses an existing copy of that name made from another source', async () => {
    rds.on(CopyDBSnapshotCommand).rejects(awsError('DBSnapshotAlreadyExistsFault'));
    snapshotsByRegion({
      'us-east-1': snapshot(),
      'us-west-2': snapshot({ TagList: [...ownedTags('backup'), { Key: TAG.copyOf, Value: 'arn:other' }] }),
    });
    await expect(service.copyToBackupRegion(backup, execution)).rejects.toThrow(/is a copy of arn:other, not of/);
  });

  it('maps the concurrent-copy limit to Throttled', async () => {
    rds.on(CopyDBSnapshotCommand).rejects(awsError('SnapshotQuotaExceeded', 'Cannot copy more than 20 concurrent copies'));
    await expect(service.copyToBackupRegion(backup, execution)).rejects.toMatchObject({ name: 'Throttled' });
  });
});

describe('verifyBackup', () => {
  const copy: CopyRef = {
    snapshotId: SNAP,
    snapshotArn: `arn:aws:rds:us-west-2:1:snapshot:${SNAP}`,
    region: 'us-west-2',
    kmsKeyArn: backupKey,
    requestedAt: '2026-11-24T06:05:00Z',
    reused: false,
  };
  const copySnap = snapshot({ DBSnapshotArn: copy.snapshotArn, KmsKeyId: backupKey, TagList: ownedTags('backup') });

  it('tags both snapshots verified when every check passes', async () => {
    snapshotsByRegion({ 'us-east-1': snapshot(), 'us-west-2': copySnap });
    rds.on(AddTagsToResourceCommand).resolves({});
    const r = await service.verifyBackup(backup, copy);
    expect(r.isValid).toBe(true);
    // the SnapshotSize metric: the source snapshot's allocated storage, from the same describe call
    expect(r.allocatedStorageGiB).toBe(100);
    const tagged = rds
      .commandCalls(AddTagsToResourceCommand)
      .map((c) => c.args[0].input.ResourceName)
      .sort();
    expect(tagged).toEqual([srcArn, copy.snapshotArn].sort());
    expect(rds.commandCalls(AddTagsToResourceCommand)[0].args[0].input.Tags).toEqual([
      { Key: TAG.verifiedAt, Value: '2026-11-24T06:30:00.000Z' },
    ]);
  });

  it('fails verification, naming the check, and tags nothing when the copy is unencrypted', async () => {
    snapshotsByRegion({ 'us-east-1': snapshot(), 'us-west-2': { ...copySnap, Encrypted: false } });
    await expect(service.verifyBackupOrFail(backup, copy)).rejects.toMatchObject({
      name: 'VerificationFailed',
      message: expect.stringContaining('copy encrypted'),
    });
    expect(rds.commandCalls(AddTagsToResourceCommand)).toHaveLength(0);
  });

  it('reports a copy that vanished as not available', async () => {
    snapshotsByRegion({ 'us-east-1': snapshot(), 'us-west-2': undefined });
    const r = await service.verifyBackup(backup, copy);
    expect(r.isValid).toBe(false);
    expect(r.checks.find((c) => c.name === 'copy available')?.detail).toMatch(/"missing"/);
  });
});
