/**
 * state-machines/database-replica.asl.json and replica-health.asl.json
 * unchanged, real handlers, AWS = the in-memory model of failover-world.ts.
 */
import { captureEmf } from '../../local/emf-bridge';
import { runStateMachineLocally, statesEntered } from '../../local/run-state-machine';
import { alerts, DB, instance, REPLICA, useFailoverWorld, world } from './failover-world';

useFailoverWorld(() => {
  world.instances.delete(REPLICA);
  world.instances.get(DB)!.ReadReplicaDBInstanceIdentifiers = [];
});

const run = (aslFile: string, input: unknown) =>
  runStateMachineLocally({
    aslFile,
    input,
    region: 'us-east-1',
    stateMachineName: `muejam-backup-dr-wf-${aslFile.split('.')[0]}`,
    executionName: 'r-1',
    retryDelayMs: 1,
  });
const created = () => world.calls.filter((c) => c.startsWith('Create'));
const failure = () => alerts().find((a) => a.kind === 'failure');

describe('create-replica workflow', () => {
  it('creates the declared replica in another AZ, tagged, waits until available, then verifies it', async () => {
    const r = await run('database-replica.asl.json', { dbInstanceIdentifier: DB });
    expect(r.status).toBe('SUCCEEDED');
    expect(created()).toEqual([`CreateDBInstanceReadReplica ${REPLICA} of ${DB} in us-east-1b`]);
    expect(statesEntered(r)).toEqual(['CreateReplica', 'WaitForReplica', 'VerifyReplica']);
    expect(r.events.filter((e) => e.type === 'StateRetried' && e.state?.name === 'WaitForReplica')).toHaveLength(2);
    expect(r.output.verification).toEqual({
      replicaId: REPLICA,
      az: 'us-east-1b',
      primaryAz: 'us-east-1a',
      encrypted: true,
      replication: 'replicating',
    });
    expect(Object.fromEntries(world.instances.get(REPLICA)!.TagList!.map((t) => [t.Key, t.Value]))).toMatchObject({
      'muejam:managed-by': 'muejam-backup-dr',
      'muejam:deployment': 'wf',
      'muejam:resource': DB,
      'muejam:execution': 'r-1',
    });
  });

  it('run twice: the second run continues with the same replica and creates nothing', async () => {
    await run('database-replica.asl.json', { dbInstanceIdentifier: DB });
    const again = await run('database-replica.asl.json', { dbInstanceIdentifier: DB });
    expect(again.status).toBe('SUCCEEDED');
    expect(again.output.replica.alreadyExisted).toBe(true);
    expect(created()).toHaveLength(1);
  });

  it('the primary AZ is refused before anything is created', async () => {
    const r = await run('database-replica.asl.json', { dbInstanceIdentifier: DB, availabilityZone: 'us-east-1a' });
    expect(r.error).toBe('InvalidInput');
    expect(failure().cause).toBe(
      "input.availabilityZone: us-east-1a is the primary's AZ (muejam-db-prod); a replica must be in another AZ",
    );
    expect(created()).toEqual([]);
  });

  it('an id taken by an instance that is not a replica of the primary is refused; nothing created', async () => {
    world.instances.set('taken', instance('taken'));
    const r = await run('database-replica.asl.json', { dbInstanceIdentifier: DB, replicaId: 'taken', availabilityZone: 'us-east-1c' });
    expect(r.error).toBe('PreconditionFailed');
    expect(failure().cause).toContain('taken already exists and is not a replica, not of muejam-db-prod');
    expect(created()).toEqual([]);
  });

  it('an unencrypted replica fails verification with an alert', async () => {
    world.instances.get(DB)!.StorageEncrypted = false;
    const r = await run('database-replica.asl.json', { dbInstanceIdentifier: DB });
    expect(r.error).toBe('VerificationFailed');
    expect(failure()).toMatchObject({ workflow: 'database-replica', step: 'verify the replica (AZ, encryption, replication)' });
    expect(failure().cause).toContain('replica storage is not encrypted');
  });

  it('bad input names the field; nothing created', async () => {
    const r = await run('database-replica.asl.json', { dbInstanceIdentifier: DB, az: 'us-east-1b' });
    expect(r.error).toBe('InvalidInput');
    expect(failure().cause).toMatch(/^input\.az: unknown field `az`/);
    expect(created()).toEqual([]);
  });
});

describe('replica health check', () => {
  const health = async (lagAgeSeconds: number | undefined) => {
    world.instances.set(
      REPLICA,
      instance(REPLICA, {
        AvailabilityZone: 'us-east-1b',
        ReadReplicaSourceDBInstanceIdentifier: DB,
        StatusInfos: [{ StatusType: 'read replication', Normal: true, Status: 'replicating' }],
      }),
    );
    world.instances.get(DB)!.ReadReplicaDBInstanceIdentifiers = [REPLICA];
    world.lag = lagAgeSeconds === undefined ? [] : [{ t: new Date(Date.now() - lagAgeSeconds * 1000), v: 4 }];
    const capture = captureEmf();
    try {
      const r = await run('replica-health.asl.json', { dbInstanceIdentifier: DB });
      const metric = (name: string) => capture.values(name).map((v) => [v.value, v.dimensions.Resource]);
      return { r, metric };
    } finally {
      capture.stop();
    }
  };

  it('publishes ReplicaHealthy=1, ReplicaCount, ReplicaLagSeconds and PrimaryHealthy for a healthy replica', async () => {
    const { r, metric } = await health(20);
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output.health.databases[0]).toMatchObject({ healthy: true, replicaCount: 1, bestLagSeconds: 4 });
    expect(metric('ReplicaHealthy')).toEqual([[1, DB]]);
    expect(metric('ReplicaCount')).toEqual([[1, DB]]);
    expect(metric('ReplicaLagSeconds')).toEqual([[4, DB]]);
    expect(metric('PrimaryHealthy')).toEqual([[0, DB]]);
  });

  it('no fresh lag datapoint: unhealthy, and no lag is published (never a zero)', async () => {
    const { r, metric } = await health(600);
    expect(r.output.health.databases[0].replicas[0].problems).toEqual([
      expect.stringContaining('no ReplicaLag datapoint in the last 300 s'),
    ]);
    expect(metric('ReplicaHealthy')).toEqual([[0, DB]]);
    expect(metric('ReplicaLagSeconds')).toEqual([]);
  });

  it('an unknown database is refused and alerted (warning)', async () => {
    const r = await run('replica-health.asl.json', { dbInstanceIdentifier: 'nope' });
    expect(r.error).toBe('InvalidInput');
    expect(failure()).toMatchObject({ workflow: 'replica-health', severity: 'warning' });
  });
});
