/**
 * Replica health verdict (the seed's check_replica_health: `{healthy,
 * replicaCount, replicas}`): a replica is healthy when it is an available
 * read replica of the primary, in another availability zone, replicating
 * normally, with a fresh lag datapoint at most the maximum. No fresh lag
 * datapoint is unhealthy, never healthy. Pure.
 */
import { type InstanceFacts, isReplicaOf } from './instance-facts';
import { evaluateLag, type LagDatapoint } from './lag';

export interface ReplicaReport {
  id: string;
  az?: string;
  status: string;
  replicationState: string;
  lagSeconds?: number;
  lagAgeSeconds?: number;
  healthy: boolean;
  problems: string[];
}

export interface ReplicaHealth {
  database: string;
  primaryId: string;
  primaryAz?: string;
  healthy: boolean;
  replicaCount: number;
  healthyCount: number;
  /** The smallest fresh lag among the replicas (the best failover target), if any has one. */
  bestLagSeconds?: number;
  replicas: ReplicaReport[];
}

export function judgeReplica(
  primary: InstanceFacts,
  replica: InstanceFacts,
  lag: readonly LagDatapoint[],
  now: Date,
  maxLagSeconds: number,
): ReplicaReport {
  const problems: string[] = [];
  if (!isReplicaOf(replica, primary)) problems.push(`not a read replica of ${primary.id}`);
  if (replica.status !== 'available') problems.push(`status ${replica.status}`);
  if (!replica.az || replica.az === primary.az) problems.push(`same availability zone as the primary (${primary.az ?? 'unknown'})`);
  const r = replica.replication;
  if (!r) problems.push('no read replication status reported');
  else if (!(r.normal && r.status === 'replicating')) problems.push(`replication ${r.status}${r.message ? ` (${r.message})` : ''}`);
  const v = evaluateLag(lag, now, maxLagSeconds);
  if (!v.ok) problems.push(v.evidence);
  return {
    id: replica.id,
    az: replica.az,
    status: replica.status,
    replicationState: r ? r.status : 'unknown',
    lagSeconds: v.lagSeconds,
    lagAgeSeconds: v.ageSeconds,
    healthy: problems.length === 0,
    problems,
  };
}

export function replicaHealthVerdict(
  database: string,
  primary: InstanceFacts,
  replicas: readonly { facts: InstanceFacts; lag: readonly LagDatapoint[] }[],
  now: Date,
  maxLagSeconds: number,
): ReplicaHealth {
  const reports = replicas.map((x) => judgeReplica(primary, x.facts, x.lag, now, maxLagSeconds));
  const lags = reports.map((x) => x.lagSeconds).filter((x): x is number => x !== undefined);
  const healthyCount = reports.filter((x) => x.healthy).length;
  return {
    database,
    primaryId: primary.id,
    primaryAz: primary.az,
    healthy: healthyCount > 0,
    replicaCount: reports.length,
    healthyCount,
    bestLagSeconds: lags.length ? Math.min(...lags) : undefined,
    replicas: reports,
  };
}
