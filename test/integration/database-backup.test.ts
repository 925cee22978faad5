/**
 * The database backup workflow against a real moto_server: the ASL executed
 * unchanged, real handlers, real SDK calls over HTTP to the emulator.
 */
import { DescribeDBSnapshotsCommand, ListTagsForResourceCommand, RDSClient } from '@aws-sdk/client-rds';
import { TAG, tagsToRecord } from '../../lambdas/domain/backup/ownership-tags';
import { localRuntimeConfig, stateMachineName } from '../../local/local-environment';
import { runStateMachineLocally } from '../../local/run-state-machine';
import { drainAlerts } from '../../local/seed-world';
import { useMoto } from '../support/moto';

const moto = useMoto();
const run = (config: ReturnType<typeof localRuntimeConfig>, input: unknown) =>
  runStateMachineLocally({
    aslFile: 'database-backup.asl.json',
    input,
    region: config.primaryRegion,
    stateMachineName: stateMachineName(config.deploymentId, 'database-backup'),
  });

describe('database backup on moto_server', () => {
  it('leaves a verified snapshot and its encrypted copy under the backup-region CMK in both regions', async () => {
    const { config, world } = await moto.freshWorld(localRuntimeConfig({ deploymentId: 'it1' }));
    const r = await run(config, { dbInstanceIdentifier: 'muejam-db-prod', scheduledTime: '2026-11-24T12:00:00Z' });
    expect(r.status).toBe('SUCCEEDED');
    const id = 'muejam-muejam-db-prod-20261124t1200z';

    const [primary] = (await moto.clients(RDSClient, 'us-east-1').send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id })))
      .DBSnapshots!;
    const [copy] = (await moto.clients(RDSClient, 'us-west-2').send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id })))
      .DBSnapshots!;
    expect(primary).toMatchObject({ Status: 'available', Encrypted: true, KmsKeyId: world.databaseKeyArns['muejam-db-prod'] });
    expect(copy).toMatchObject({
      Status: 'available',
      Encrypted: true,
      KmsKeyId: world.backupKeyArn,
      Engine: primary.Engine,
      AllocatedStorage: primary.AllocatedStorage,
    });
    const primaryTags = tagsToRecord(
      (await moto.clients(RDSClient, 'us-east-1').send(new ListTagsForResourceCommand({ ResourceName: primary.DBSnapshotArn }))).TagList,
    );
    const copyTags = tagsToRecord(
      (await moto.clients(RDSClient, 'us-west-2').send(new ListTagsForResourceCommand({ ResourceName: copy.DBSnapshotArn }))).TagList,
    );
    expect(primaryTags).toMatchObject({ [TAG.deployment]: 'it1', [TAG.regionRole]: 'primary', [TAG.resource]: 'muejam-db-prod' });
    expect(copyTags).toMatchObject({ [TAG.deployment]: 'it1', [TAG.regionRole]: 'backup', [TAG.copyOf]: primary.DBSnapshotArn });
    expect(primaryTags[TAG.verifiedAt]).toBeTruthy();
    expect(copyTags[TAG.verifiedAt]).toBe(primaryTags[TAG.verifiedAt]);
    // No failure alert; the one message is the recovery that would resolve an open incident.
    expect((await drainAlerts(moto.endpoint, 'us-east-1', world.alertQueueUrl)).map((a) => a.kind)).toEqual(['recovery']);
  });

  it('without the backup-region key: a clear error, one alert, before anything is made (no orphan primary snapshot)', async () => {
    const { config, world } = await moto.freshWorld(localRuntimeConfig({ deploymentId: 'it2' }), { withoutBackupKey: true });
    const r = await run(config, { dbInstanceIdentifier: 'muejam-db-prod', scheduledTime: '2026-11-24T18:00:00Z' });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('PreconditionFailed');
    const alerts = await drainAlerts(moto.endpoint, 'us-east-1', world.alertQueueUrl);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      step: 'create snapshot',
      resource: 'muejam-db-prod',
      cause: expect.stringContaining('alias/muejam-backup-dr-it2 not found in the backup region us-west-2'),
    });
    for (const region of ['us-east-1', 'us-west-2']) {
      const made = await moto.clients(RDSClient, region).send(new DescribeDBSnapshotsCommand({ SnapshotType: 'manual' }));
      expect({ region, snapshots: made.DBSnapshots ?? [] }).toEqual({ region, snapshots: [] });
    }
  });

  it('a re-run of the same schedule tick makes no second snapshot', async () => {
    const { config } = await moto.freshWorld(localRuntimeConfig({ deploymentId: 'it3' }));
    const input = { dbInstanceIdentifier: 'muejam-db-prod', scheduledTime: '2026-11-25T00:00:00Z' };
    expect((await run(config, input)).status).toBe('SUCCEEDED');
    const again = await run(config, input);
    expect(again.status).toBe('SUCCEEDED');
    expect(again.output.backup.reused).toBe(true);
    expect(again.output.copy.reused).toBe(true);
    for (const region of ['us-east-1', 'us-west-2']) {
      const out = await moto.clients(RDSClient, region).send(new DescribeDBSnapshotsCommand({ SnapshotType: 'manual' }));
      expect(out.DBSnapshots).toHaveLength(1);
    }
  });
});
