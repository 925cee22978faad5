import { judgeReplica, replicaHealthVerdict } from '../../../../lambdas/domain/failover/replica-health';
import { ago, NOW, primary, replica } from './fixtures';

const fresh = [{ timestamp: ago(30), value: 2 }];

describe('replica health verdict', () => {
  it('a healthy replica: another AZ, available, replicating, fresh lag within the maximum', () => {
    expect(judgeReplica(primary(), replica(), fresh, NOW, 60)).toEqual({
      id: 'muejam-db-prod-replica',
      az: 'us-east-1b',
      status: 'available',
      replicationState: 'replicating',
      lagSeconds: 2,
      lagAgeSeconds: 30,
      healthy: true,
      problems: [],
    });
  });

  it('each problem makes the replica unhealthy and is named', () => {
    const cases: [Parameters<typeof replica>[0], unknown[], string][] = [
      [{ sourceId: 'other' }, fresh, 'not a read replica of muejam-db-prod'],
      [{ status: 'modifying' }, fresh, 'status modifying'],
      [{ az: 'us-east-1a' }, fresh, 'same availability zone as the primary (us-east-1a)'],
      [{ az: undefined }, fresh, 'same availability zone as the primary (us-east-1a)'],
      [{ replication: undefined }, fresh, 'no read replication status reported'],
      [{ replication: { status: 'error', normal: false, message: 'IO' } }, fresh, 'replication error (IO)'],
      [{ replication: { status: 'replicating', normal: false } }, fresh, 'replication replicating'],
      [{}, [], 'no ReplicaLag datapoint in the last 300 s (0 older or invalid): no evidence counts as unsafe'],
      [{}, [{ timestamp: ago(30), value: 61 }], 'ReplicaLag 61 s > max 60 s (datapoint 30 s old)'],
    ];
    for (const [o, lag, problem] of cases) {
      const r = judgeReplica(primary(), replica(o), lag as typeof fresh, NOW, 60);
      expect(r.healthy).toBe(false);
      expect(r.problems).toEqual([problem]);
    }
  });

  it('no lag datapoint is unhealthy and reports no lag', () => {
    const r = judgeReplica(primary(), replica(), [], NOW, 60);
    expect(r).toMatchObject({ healthy: false, lagSeconds: undefined, lagAgeSeconds: undefined, replicationState: 'replicating' });
    expect(judgeReplica(primary(), replica({ replication: undefined }), [], NOW, 60).replicationState).toBe('unknown');
  });

  it('database verdict: healthy when at least one replica is healthy; counts and best lag', () => {
    const v = replicaHealthVerdict(
      'muejam-db-prod',
      primary(),
      [
        { facts: replica(), lag: [{ timestamp: ago(10), value: 7 }] },
        { facts: replica({ id: 'r2', status: 'modifying' }), lag: [{ timestamp: ago(10), value: 3 }] },
      ],
      NOW,
      60,
    );
    expect(v).toMatchObject({
      database: 'muejam-db-prod',
      primaryId: 'muejam-db-prod',
      primaryAz: 'us-east-1a',
      healthy: true,
      replicaCount: 2,
      healthyCount: 1,
      bestLagSeconds: 3,
    });
    expect(v.replicas.map((r) => r.id)).toEqual(['muejam-db-prod-replica', 'r2']);
  });

  it('no replica at all: unhealthy, count 0, no lag', () => {
    expect(replicaHealthVerdict('db', primary(), [], NOW, 60)).toEqual({
      database: 'db',
      primaryId: 'muejam-db-prod',
      primaryAz: 'us-east-1a',
      healthy: false,
      replicaCount: 0,
      healthyCount: 0,
      bestLagSeconds: undefined,
      replicas: [],
    });
  });
});
