/** Backups follow the new primary: the pointer of a logical database, and the backup that reads it (aws-sdk-client-mock). */
import { CreateDBSnapshotCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { FAILOVER_SETTINGS, FAILOVER_SETTINGS_SCHEMA } from '../../../lambdas/domain/settings/failover';
import { makeClientFactory } from '../../../lambdas/runtime/clients';
import { BackupService } from '../../../lambdas/services/backup-service';
import { canFailOver, databaseInstances, resolveDatabaseInstance, setDatabaseInstance } from '../../../lambdas/services/database-pointer';
import { localRuntimeConfig } from '../../../local/local-environment';
import { awsError } from '../../support/aws-error';

const ssm = mockClient(SSMClient);
const rds = mockClient(RDSClient);
const kms = mockClient(KMSClient);
const clients = makeClientFactory();
const config = localRuntimeConfig({ deploymentId: 'ptr' });
const PARAM = '/muejam-backup-dr/ptr/databases/muejam-db-prod/current-instance';
const withFailover = FAILOVER_SETTINGS.environment(
  FAILOVER_SETTINGS_SCHEMA.parse({ fencing: 'none', databases: { 'muejam-db-prod': {} } }),
);

beforeEach(() => {
  ssm.reset();
  rds.reset();
  kms.reset();
  Object.assign(process.env, withFailover);
});
afterAll(() => {
  delete process.env[FAILOVER_SETTINGS.envName];
});

describe('database pointer', () => {
  it('a database without failover settings has no pointer: nothing is read', async () => {
    expect(canFailOver('muejam-db-prod', {})).toBe(false);
    expect(canFailOver('other-db', withFailover)).toBe(false);
    expect(await resolveDatabaseInstance(clients, config, 'muejam-db-prod', {})).toBe('muejam-db-prod');
    expect(ssm.calls()).toHaveLength(0);
  });

  it('no parameter yet: the database id itself; a parameter: the instance it names', async () => {
    ssm
      .on(GetParameterCommand)
      .rejectsOnce(awsError('ParameterNotFound'))
      .resolves({ Parameter: { Value: 'muejam-db-prod-replica' } });
    expect(await resolveDatabaseInstance(clients, config, 'muejam-db-prod')).toBe('muejam-db-prod');
    expect(await resolveDatabaseInstance(clients, config, 'muejam-db-prod')).toBe('muejam-db-prod-replica');
    expect(ssm.commandCalls(GetParameterCommand)[0].args[0].input).toEqual({ Name: PARAM });
    expect(await databaseInstances(clients, config, 'muejam-db-prod')).toEqual(['muejam-db-prod', 'muejam-db-prod-replica']);
  });

  it('an unreadable pointer fails the step (never silently the old primary)', async () => {
    ssm.on(GetParameterCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    await expect(resolveDatabaseInstance(clients, config, 'muejam-db-prod')).rejects.toThrow('not authorized');
  });

  it('setting the pointer twice writes once', async () => {
    ssm
      .on(GetParameterCommand)
      .rejectsOnce(awsError('ParameterNotFound'))
      .resolves({ Parameter: { Value: 'r' } });
    ssm.on(PutParameterCommand).resolves({});
    expect(await setDatabaseInstance(clients, config, 'muejam-db-prod', 'r')).toEqual({ parameter: PARAM, previous: 'muejam-db-prod' });
    expect(await setDatabaseInstance(clients, config, 'muejam-db-prod', 'r')).toEqual({ parameter: PARAM, previous: 'r' });
    expect(ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({ Name: PARAM, Value: 'r', Type: 'String', Overwrite: true }),
    ]);
  });

  it('after a failover the backup snapshots the new primary under the database name and tags', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'muejam-db-prod-replica' } });
    // the backup checks the backup-region key before it creates anything
    kms.on(DescribeKeyCommand).resolves({
      KeyMetadata: { KeyId: 'backup', Arn: 'arn:aws:kms:us-west-2:000000000000:key/backup', KeyState: 'Enabled', KeyManager: 'CUSTOMER' },
    });
    rds
      .on(DescribeDBInstancesCommand)
      .resolves({ DBInstances: [{ DBInstanceIdentifier: 'muejam-db-prod-replica', StorageEncrypted: true }] });
    rds.on(CreateDBSnapshotCommand).resolves({ DBSnapshot: { DBSnapshotArn: 'arn:s' } });
    const ref = await new BackupService(config, clients).createDatabaseBackup(
      { dbInstanceIdentifier: 'muejam-db-prod', scheduledTime: '2026-12-03T06:00:00Z' },
      { Name: 'e', StartTime: '2026-12-03T06:00:00Z' } as never,
    );
    expect(rds.commandCalls(DescribeDBInstancesCommand)[0].args[0].input).toEqual({ DBInstanceIdentifier: 'muejam-db-prod-replica' });
    const create = rds.commandCalls(CreateDBSnapshotCommand)[0].args[0].input;
    expect(create.DBInstanceIdentifier).toBe('muejam-db-prod-replica');
    expect(create.DBSnapshotIdentifier).toBe('muejam-muejam-db-prod-20261203t0600z');
    expect(create.Tags).toContainEqual({ Key: 'muejam:resource', Value: 'muejam-db-prod' });
    expect(ref.dbInstanceIdentifier).toBe('muejam-db-prod');
  });
});
