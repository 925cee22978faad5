/**
 * The failover end to end on a real moto_server: create a replica in another
 * AZ (workflow), the primary goes down, a failover refused for lag (seeded
 * datapoints), then the failover that fences, promotes, repoints the Route 53
 * record and moves the pointer, and the backup workflow backing up the new
 * primary, whose write probe ran with the secret from moto's Secrets Manager
 * against a real engine (PGlite) at the promoted endpoint. moto reports no
 * replication status: local/failover-world.ts adds AWS's "replicating" to its
 * answers (the refusing branches are workflow tests).
 */
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { listenAs, primaryGoesDown, recordValue, seedReplicaLag, stageFailover } from '../../local/failover-world';
import { localRuntimeConfig } from '../../local/local-environment';
import { runStateMachineLocally } from '../../local/run-state-machine';
import { drainAlerts } from '../../local/seed-world';
import { useMoto } from '../support/moto';

const moto = useMoto();
const DB = 'muejam-db-prod';
const run = (aslFile: string, input: unknown, executionName: string) =>
  runStateMachineLocally({
    aslFile,
    input,
    region: 'us-east-1',
    stateMachineName: `muejam-backup-dr-fo-${aslFile.split('.')[0]}`,
    executionName,
    retryDelayMs: 1,
  });

it('replica in another AZ -> refused failover (lag) -> failover with DNS repointed in Route 53 -> the backup follows the new primary', async () => {
  const { config, world } = await moto.freshWorld(localRuntimeConfig({ deploymentId: 'fo' }));
  const stage = await stageFailover(config, moto.clients);
  try {
    const rds = moto.clients(RDSClient, 'us-east-1');
    const created = await run('database-replica.asl.json', { dbInstanceIdentifier: DB }, 'replica-1');
    expect(created.status).toBe('SUCCEEDED');
    expect(created.output.verification).toMatchObject({
      replicaId: `${DB}-replica`,
      az: 'us-east-1b',
      encrypted: true,
      replication: 'replicating',
    });
    expect(created.output.verification.primaryAz).not.toBe('us-east-1b');

    await primaryGoesDown(config, moto.clients);
    const replica = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: stage.replicaId }))).DBInstances![0];
    listenAs(stage, replica.Endpoint!.Address!);

    await seedReplicaLag(moto.clients, 'us-east-1', stage.replicaId, [[150, 240]]);
    const refused = await run('database-failover.asl.json', { dbInstanceIdentifier: DB, reason: 'primary down' }, 'failover-1');
    expect(refused.error).toBe('FailoverRefused');
    expect(refused.cause).toContain('REFUSE lag-within-max: ReplicaLag 240 s > max 60 s');
    expect(await recordValue(moto.clients, stage.zoneId)).toBe(`${DB}.cluster.local`);

    await seedReplicaLag(moto.clients, 'us-east-1', stage.replicaId, [[20, 2]]);
    const done = await run('database-failover.asl.json', { dbInstanceIdentifier: DB, reason: 'primary down' }, 'failover-2');
    expect([done.status, done.error, done.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
    expect(done.output.report).toMatchObject({ from: DB, to: stage.replicaId, rpoSeconds: 2, endpoint: replica.Endpoint!.Address });
    expect(done.output.report.warnings).toEqual([]);
    expect(done.output.postChecks.writeProbe).toMatchObject({
      status: 'passed',
      credentialsFrom: `configured secret (muejam.failover.databases.${DB}.secretArn) ${stage.secretArn}`,
    });
    expect(await recordValue(moto.clients, stage.zoneId)).toBe(replica.Endpoint!.Address);
    const promoted = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: stage.replicaId }))).DBInstances![0];
    expect(promoted.TagList).toContainEqual({ Key: 'muejam:promoted-from', Value: DB });
    const pointer = await moto
      .clients(SSMClient, 'us-east-1')
      .send(new GetParameterCommand({ Name: `/muejam-backup-dr/fo/databases/${DB}/current-instance` }));
    expect(pointer.Parameter?.Value).toBe(stage.replicaId);
    const alerts = await drainAlerts(moto.endpoint, 'us-east-1', world.alertQueueUrl);
    expect(alerts.map((a) => a.error)).toEqual(['FailoverRefused', 'FailoverCompleted']);

    const backup = await run('database-backup.asl.json', { dbInstanceIdentifier: DB, scheduledTime: '2026-12-03T06:00:00Z' }, 'backup-1');
    expect(backup.status).toBe('SUCCEEDED');
    const snap = (await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: backup.output.backup.snapshotId })))
      .DBSnapshots![0];
    expect(snap.DBInstanceIdentifier).toBe(stage.replicaId);
    expect(snap.DBSnapshotIdentifier).toBe('muejam-muejam-db-prod-20261203t0600z');
  } finally {
    await stage.close();
  }
}, 180_000);
