/** DatabaseRestoreService on an in-memory RDS (aws-sdk-client-mock): every step, every guard, what is sent to RDS. */
import {
  ModifyDBInstanceCommand,
  RDSClient,
  RestoreDBInstanceFromDBSnapshotCommand,
  RestoreDBInstanceToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { DatabaseRestoreService } from '../../../lambdas/services/database-restore-service';
import { makeClientFactory } from '../../../lambdas/runtime/clients';
import { localRuntimeConfig } from '../../../local/local-environment';
import { AUTOMATED_BACKUPS_ARN, BACKUP, BACKUP_KEY, DB, DB_KEY, FakeRestoreRds, PRIMARY } from '../../support/fake-restore-rds';

const rds = mockClient(RDSClient);
const config = localRuntimeConfig({ deploymentId: 'prod' });
const NOW = new Date('2026-12-03T05:00:00Z');
const execution = { Id: 'arn:aws:states:us-east-1:1:execution:sm:exec-1', Name: 'exec-1', StartTime: '2026-12-03T04:59:00Z' };
const settings = {
  databases: {
    [DB]: {
      backup: {
        subnetGroup: 'dr-private',
        securityGroupIds: ['sg-0aaaaaaaaaaaaaaaa'],
        parameterGroup: 'dr-pg16',
        instanceClass: 'db.r6g.xlarge',
        backupRetentionDays: 14,
      },
    },
  },
};
let world: FakeRestoreRds;
let service: DatabaseRestoreService;

beforeEach(() => {
  rds.reset();
  world = new FakeRestoreRds('prod');
  world.install(rds);
  world.addSource();
  service = new DatabaseRestoreService(config, settings, makeClientFactory(), () => NOW);
});

const restores = () => [
  ...rds.commandCalls(RestoreDBInstanceFromDBSnapshotCommand),
  ...rds.commandCalls(RestoreDBInstanceToPointInTimeCommand),
];
async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as { name: string; field?: string; message: string };
  }
  throw new Error('expected a refusal');
}

test('snapshot restore in the backup region: newest verified copy, configured network, tagged, then wait, settings, verify', async () => {
  world.addSnapshot(BACKUP, 'muejam-muejam-db-prod-20261202t1800z', { createdAt: '2026-12-02T18:00:00Z' });
  world.addSnapshot(BACKUP, 'muejam-muejam-db-prod-20261203t0000z', { createdAt: '2026-12-03T00:00:00Z' });
  world.addSnapshot(BACKUP, 'muejam-muejam-db-prod-20261203t0600z', { createdAt: '2026-12-03T06:00:00Z', verifiedAt: null });
  const plan = await service.validateRestore(
    { dbInstanceIdentifier: DB, targetDbInstanceIdentifier: 'muejam-db-restored', region: 'backup', snapshotId: 'latest' },
    execution,
  );
  expect(plan.snapshot?.id).toBe('muejam-muejam-db-prod-20261203t0000z');
  expect(plan.pointInTime).toBe('2026-12-03T00:00:00.000Z');
  expect(plan.expected).toEqual({ kmsKeyId: BACKUP_KEY, engine: 'postgres', engineVersion: '16.4', allocatedStorage: 100 });
  expect(plan.settingsOrigin.subnetGroup).toBe('configured');
  expect(restores()).toHaveLength(0);

  const ref = await service.startRestore(plan, execution);
  expect(ref).toMatchObject({ dbInstanceIdentifier: 'muejam-db-restored', region: BACKUP, resumed: false });
  const sent = rds.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)[0].args[0].input;
  expect(sent).toMatchObject({
    DBInstanceIdentifier: 'muejam-db-restored',
    DBSnapshotIdentifier: 'muejam-muejam-db-prod-20261203t0000z',
    DBSubnetGroupName: 'dr-private',
    VpcSecurityGroupIds: ['sg-0aaaaaaaaaaaaaaaa'],
    DBParameterGroupName: 'dr-pg16',
    DBInstanceClass: 'db.r6g.xlarge',
    DeletionProtection: true,
    BackupRetentionPeriod: 14,
    PubliclyAccessible: false,
  });
  expect(sent.Tags).toEqual(
    expect.arrayContaining([
      { Key: 'muejam:managed-by', Value: 'muejam-backup-dr' },
      { Key: 'muejam:deployment', Value: 'prod' },
      { Key: 'muejam:purpose', Value: 'restore' },
      { Key: 'muejam:execution', Value: 'exec-1' },
      { Key: 'muejam:restored-to', Value: '2026-12-03T00:00:00.000Z' },
    ]),
  );

  await expect(service.waitForRestore(ref)).rejects.toMatchObject({ name: 'NotReady' });
  await expect(service.waitForRestore(ref)).resolves.toEqual({ status: 'available', availableAt: NOW.toISOString() });
  await expect(service.applySettings({ plan, restore: ref })).resolves.toEqual({ modified: [] });
  const v = await service.verifyRestore({ plan, restore: ref });
  expect(v).toMatchObject({ isValid: true, endpoint: 'muejam-db-restored.abc.us-west-2.rds.amazonaws.com', port: 5432 });
});

test('an existing target is refused before anything is created', async () => {
  world.addSnapshot(BACKUP, 's1');
  world.addForeignInstance(BACKUP, 'muejam-db-restored');
  const e = await refusal(
    service.validateRestore(
      { dbInstanceIdentifier: DB, targetDbInstanceIdentifier: 'muejam-db-restored', region: 'backup', snapshotId: 'latest' },
      execution,
    ),
  );
  expect(e).toMatchObject({ name: 'InvalidInput', field: 'targetDbInstanceIdentifier' });
  expect(restores()).toHaveLength(0);
});

test('PITR in the primary region: explicit time in the window, settings from the source instance', async () => {
  const plan = await service.validateRestore(
    { dbInstanceIdentifier: DB, targetDbInstanceIdentifier: 'muejam-db-pitr', region: 'primary', restoreTime: '2026-12-03T04:10:00Z' },
    execution,
  );
  expect(plan.pitr).toMatchObject({
    useLatestRestorableTime: false,
    restoreTime: '2026-12-03T04:10:00.000Z',
    window: { earliest: '2026-11-26T05:00:00.000Z', latest: '2026-12-03T04:55:00.000Z' },
  });
  expect(plan.settings).toMatchObject({
    subnetGroup: 'app-private',
    securityGroupIds: ['sg-0123456789abcdef0'],
    parameterGroup: 'app-pg16',
    multiAz: true,
  });
  expect(plan.settingsOrigin.subnetGroup).toBe('source instance');
  expect(plan.expected.kmsKeyId).toBe(DB_KEY);
  await service.startRestore(plan, execution);
  const sent = rds.commandCalls(RestoreDBInstanceToPointInTimeCommand)[0].args[0].input;
  expect(sent).toMatchObject({
    SourceDBInstanceIdentifier: DB,
    TargetDBInstanceIdentifier: 'muejam-db-pitr',
    RestoreTime: new Date('2026-12-03T04:10:00Z'),
  });
  expect(sent.UseLatestRestorableTime).toBeUndefined();
  expect(sent.SourceDBInstanceAutomatedBackupsArn).toBeUndefined();
});

test('PITR in the backup region: the replicated automated backups, latest = UseLatestRestorableTime', async () => {
  world.addReplicatedBackups();
  const plan = await service.validateRestore(
    { dbInstanceIdentifier: DB, targetDbInstanceIdentifier: 'muejam-db-dr', region: 'backup', restoreTime: 'latest' },
    execution,
  );
  expect(plan.pointInTime).toBe('2026-12-03T04:50:00.000Z');
  expect(plan.expected.kmsKeyId).toBe(BACKUP_KEY);
  await service.startRestore(plan, execution);
  const sent = rds.commandCalls(RestoreDBInstanceToPointInTimeCommand)[0].args[0].input;
  expect(sent).toMatchObject({ SourceDBInstanceAutomatedBackupsArn: AUTOMATED_BACKUPS_ARN, UseLatestRestorableTime: true });
  expect(sent.RestoreTime).toBeUndefined();
  expect(sent.SourceDBInstanceIdentifier).toBeUndefined();
});

test('PITR in the backup region without replicated backups is refused, saying what to do instead', async () => {
  const e = await refusal(
    service.validateRestore(
      { dbInstanceIdentifier: DB, targetDbInstanceIdentifier: 'muejam-db-dr', region: 'backup', restoreTime: 'latest' },
      execution,
    ),
  );
  expect(e.name).toBe('PreconditionFailed');
  expect(e.message).toContain('not replicated to us-west-2');
  expect(e.message).toContain('snapshotId "latest"');
});

test('a time outside the window is refused with the window, nothing created', async () => {
  const e = await refusal(
    service.validateRestore(
      { dbInstanceIdentifier: DB, targetDbInstanceIdentifier: 'muejam-db-pitr', region: 'primary', restoreTime: '2026-11-20T00:00:00Z' },
      execution,
    ),
  );
  expect(e).toMatchObject({ name: 'InvalidInput', field: 'restoreTime' });
  expect(e.message).toContain('from 2026-11-26T05:00:00.000Z to 2026-12-03T04:55:00.000Z');
  const future = await refusal(
    service.validateRestore(
      { dbInstanceIdentifier: DB, targetDbInstanceIdentifier: 'muejam-db-pitr', region: 'primary', restoreTime: '2026-12-03T06:00:00Z' },
      execution,
    ),
  );
  expect(future.message).toContain('is in the future');
  expect(restores()).toHaveLength(0);
});

test("a retried restore step continues with its own instance; another execution's instance is refused and left alone", async () => {
  world.addSnapshot(PRIMARY, 's1');
  const plan = await service.validateRestore(
    { dbInstanceIdentifier: DB, targetDbInstanceIdentifier: 'muejam-db-r', region: 'primary', snapshotId: 's1' },
    execution,
  );
  await service.startRestore(plan, execution);
  await expect(service.startRestore(plan, execution)).resolves.toMatchObject({ resumed: true });
  const e = await refusal(service.startRestore(plan, { ...execution, Name: 'exec-2' }));
  expect(e.name).toBe('PreconditionFailed');
  expect(rds.commandCalls(ModifyDBInstanceCommand)).toHaveLength(0);
});

test('a throwaway restore (restore-test) never gets deletion protection', async () => {
  world.addSnapshot(PRIMARY, 's1');
  const plan = await service.validateRestore(
    { dbInstanceIdentifier: DB, targetDbInstanceIdentifier: 'muejam-rt-1', region: 'primary', snapshotId: 's1', purpose: 'restore-test' },
    execution,
  );
  await service.startRestore(plan, execution);
  expect(rds.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)[0].args[0].input).toMatchObject({ DeletionProtection: false });
  expect(plan.tags).toContainEqual({ Key: 'muejam:purpose', Value: 'restore-test' });
});

test('wait: a terminal status fails at once', async () => {
  world.addSnapshot(PRIMARY, 's1');
  world.restoredStatuses = ['creating', 'incompatible-restore'];
  const plan = await service.validateRestore(
    { dbInstanceIdentifier: DB, targetDbInstanceIdentifier: 'muejam-db-r', region: 'primary', snapshotId: 's1' },
    execution,
  );
  const ref = await service.startRestore(plan, execution);
  await expect(service.waitForRestore(ref)).rejects.toMatchObject({ name: 'NotReady' });
  await expect(service.waitForRestore(ref)).rejects.toMatchObject({
    name: 'TerminalStatus',
    message: expect.stringContaining('incompatible-restore'),
  });
});

test('settings: drift is corrected on the restore only; a foreign instance under that name is refused and not modified', async () => {
  world.addSnapshot(PRIMARY, 's1');
  const plan = await service.validateRestore(
    { dbInstanceIdentifier: DB, targetDbInstanceIdentifier: 'muejam-db-r', region: 'primary', snapshotId: 's1' },
    execution,
  );
  const ref = await service.startRestore(plan, execution);
  world.instance(PRIMARY, 'muejam-db-r')!.BackupRetentionPeriod = 1;
  await expect(service.applySettings({ plan, restore: ref })).resolves.toEqual({ modified: ['BackupRetentionPeriod'] });
  expect(rds.commandCalls(ModifyDBInstanceCommand)[0].args[0].input).toMatchObject({
    DBInstanceIdentifier: 'muejam-db-r',
    ApplyImmediately: true,
    BackupRetentionPeriod: 7,
  });
  world.addForeignInstance(PRIMARY, 'someone-else');
  const e = await refusal(service.applySettings({ plan, restore: { ...ref, dbInstanceIdentifier: 'someone-else' } }));
  expect(e.name).toBe('PreconditionFailed');
  expect(rds.commandCalls(ModifyDBInstanceCommand)).toHaveLength(1);
});

test('verify: the wrong key fails verification naming the check', async () => {
  world.addSnapshot(PRIMARY, 's1');
  world.restoredKmsKeyId = 'arn:aws:kms:us-east-1:1:key/other';
  world.restoredStatuses = ['available'];
  const plan = await service.validateRestore(
    { dbInstanceIdentifier: DB, targetDbInstanceIdentifier: 'muejam-db-r', region: 'primary', snapshotId: 's1' },
    execution,
  );
  const ref = await service.startRestore(plan, execution);
  const e = await refusal(service.verifyRestore({ plan, restore: ref }));
  expect(e.name).toBe('VerificationFailed');
  expect(e.message).toContain('kms key: key arn:aws:kms:us-east-1:1:key/other, expected');
});

test("the source's own groups are copied to a primary-region restore, the engine's default groups are not (RDS applies them anyway)", async () => {
  world.addSource({
    DBParameterGroups: [{ DBParameterGroupName: 'default.postgres16' }],
    OptionGroupMemberships: [{ OptionGroupName: 'default:postgres-16' }],
  });
  const plain = await service.validateRestore(
    { dbInstanceIdentifier: DB, targetDbInstanceIdentifier: 'muejam-db-pitr', region: 'primary', restoreTime: 'latest' },
    execution,
  );
  expect([plain.settings.parameterGroup, plain.settings.optionGroup]).toEqual([undefined, undefined]);
  await service.startRestore(plain, execution);
  const sent = rds.commandCalls(RestoreDBInstanceToPointInTimeCommand)[0].args[0].input;
  expect([sent.DBParameterGroupName, sent.OptionGroupName]).toEqual([undefined, undefined]);

  world.addSource({ OptionGroupMemberships: [{ OptionGroupName: 'app-options' }] });
  const own = await service.validateRestore(
    { dbInstanceIdentifier: DB, targetDbInstanceIdentifier: 'muejam-db-pitr2', region: 'primary', restoreTime: 'latest' },
    execution,
  );
  expect([own.settings.parameterGroup, own.settings.optionGroup]).toEqual(['app-pg16', 'app-options']);
});
