/**
 * The database restore workflow against a real moto_server: the ASL executed unchanged, real
 * handlers, real SDK calls. moto shows the wiring (calls, names, tags, keys, settings); the waits,
 * the PITR window and the replicated automated backups are covered by the workflow and unit tests
 * (moto reports instances available at once and has no RestoreWindow or replication).
 */
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { tagsToRecord } from '../../lambdas/domain/backup/ownership-tags';
import { restoreSettingsEnvironment } from '../../lambdas/domain/settings/restore';
import { localRuntimeConfig, stateMachineName } from '../../local/local-environment';
import { createMotoSubnetGroup } from '../../local/moto-subnet-group';
import { runStateMachineLocally } from '../../local/run-state-machine';
import { drainAlerts } from '../../local/seed-world';
import { useMoto } from '../support/moto';

const moto = useMoto();
const run = (config: ReturnType<typeof localRuntimeConfig>, aslFile: string, input: unknown) =>
  runStateMachineLocally({
    aslFile,
    input,
    region: config.primaryRegion,
    stateMachineName: stateMachineName(config.deploymentId, aslFile.replace('.asl.json', '')),
  });

const subnetGroup = (region: string, name: string) => createMotoSubnetGroup(moto.endpoint, moto.clients(RDSClient, region), region, name);

describe('database restore on moto_server', () => {
  it('restores the backup-region copy into an encrypted instance with the configured settings and the restore tags', async () => {
    const { config, world } = await moto.freshWorld(localRuntimeConfig({ deploymentId: 'rs1' }));
    await subnetGroup(config.backupRegion, 'dr-private');
    Object.assign(
      process.env,
      restoreSettingsEnvironment({
        databases: {
          'muejam-db-prod': {
            backup: { subnetGroup: 'dr-private', instanceClass: 'db.r6g.xlarge', backupRetentionDays: 14, tags: { team: 'platform' } },
          },
        },
      }),
    );
    const backup = await run(config, 'database-backup.asl.json', {
      dbInstanceIdentifier: 'muejam-db-prod',
      scheduledTime: '2026-12-03T00:00:00Z',
    });
    expect(backup.status).toBe('SUCCEEDED');
    await drainAlerts(moto.endpoint, config.primaryRegion, world.alertQueueUrl);

    const r = await run(config, 'database-restore.asl.json', {
      dbInstanceIdentifier: 'muejam-db-prod',
      targetDbInstanceIdentifier: 'muejam-db-restored',
      region: 'backup',
      snapshotId: 'latest',
    });
    expect([r.status, r.error, r.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
    expect(r.output).toMatchObject({
      snapshotId: 'muejam-muejam-db-prod-20261203t0000z',
      region: config.backupRegion,
      dbInstanceIdentifier: 'muejam-db-restored',
    });

    const [i] = (
      await moto
        .clients(RDSClient, config.backupRegion)
        .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'muejam-db-restored' }))
    ).DBInstances!;
    expect(i).toMatchObject({ StorageEncrypted: true, KmsKeyId: world.backupKeyArn, DBInstanceClass: 'db.r6g.xlarge', Engine: 'postgres' });
    expect(i.DBSubnetGroup?.DBSubnetGroupName).toBe('dr-private');
    expect(tagsToRecord(i.TagList)).toMatchObject({
      'muejam:managed-by': 'muejam-backup-dr',
      'muejam:deployment': 'rs1',
      'muejam:resource': 'muejam-db-prod',
      'muejam:region-role': 'backup',
      'muejam:purpose': 'restore',
      team: 'platform',
    });
    const alerts = await drainAlerts(moto.endpoint, config.primaryRegion, world.alertQueueUrl);
    expect(alerts.map((a) => [a.severity, a.workflow])).toEqual([['info', 'database-restore']]);
    expect(alerts[0].summary).toContain('to muejam-db-restored in us-west-2');
  });

  it('restores the primary database to its latest restorable time (moto reports no RestoreWindow: only "latest" can be placed)', async () => {
    const { config, world } = await moto.freshWorld(localRuntimeConfig({ deploymentId: 'rs2' }));
    delete process.env.MUEJAM_SETTINGS_RESTORE;
    const r = await run(config, 'database-restore.asl.json', {
      dbInstanceIdentifier: 'muejam-db-prod',
      targetDbInstanceIdentifier: 'muejam-db-pitr',
      region: 'primary',
      restoreTime: 'latest',
    });
    expect([r.status, r.error, r.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
    expect(r.output).toMatchObject({ mode: 'pitr', region: config.primaryRegion });
    const [i] = (
      await moto.clients(RDSClient, config.primaryRegion).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'muejam-db-pitr' }))
    ).DBInstances!;
    expect(i).toMatchObject({ StorageEncrypted: true, KmsKeyId: world.databaseKeyArns['muejam-db-prod'] });
    expect(tagsToRecord(i.TagList)['muejam:purpose']).toBe('restore');
    // An explicit time cannot be checked against moto's missing window: refused, nothing created.
    const explicit = await run(config, 'database-restore.asl.json', {
      dbInstanceIdentifier: 'muejam-db-prod',
      targetDbInstanceIdentifier: 'muejam-db-pitr2',
      region: 'primary',
      restoreTime: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(explicit.error).toBe('PreconditionFailed');
  });
});
