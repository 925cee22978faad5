/** What the failover and replica CLI commands print: every guard with its evidence, every replica with its verdict. Pure. */
import type { GuardResult } from '../lambdas/domain/failover/guards';
import type { ReplicaHealth } from '../lambdas/domain/failover/replica-health';

export function guardRows(guards: readonly GuardResult[]): string[][] {
  return guards.map((g) => [g.passed ? 'PASS' : 'REFUSE', g.guard, g.evidence]);
}

export function replicaRows(h: ReplicaHealth): string[][] {
  return h.replicas.map((r) => [
    r.id,
    r.az ?? '?',
    r.status,
    r.replicationState,
    r.lagSeconds === undefined ? 'no fresh datapoint' : `${r.lagSeconds} s (${r.lagAgeSeconds} s old)`,
    r.healthy ? 'healthy' : `UNHEALTHY: ${r.problems.join('; ')}`,
  ]);
}

export function healthSummary(h: ReplicaHealth): string {
  return JSON.stringify({
    healthy: h.healthy,
    replicaCount: h.replicaCount,
    healthyCount: h.healthyCount,
    bestLagSeconds: h.bestLagSeconds ?? null,
  });
}
