/**
 * What the failover and replica CLI commands print: every guard with its evidence, every replica
 * with its verdict, and what a finished failover says (post-checks, warnings, next steps). Pure.
 */
import type { GuardResult } from '../lambdas/domain/failover/guards';
import { type WriteProbeCheck, writeProbeLine } from '../lambdas/domain/failover/report';
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

/** What a succeeded failover run's output holds that the CLI prints (its `report` and `postChecks`). */
export interface FailoverRunOutput {
  report?: { to: string; endpoint: string; rtoSeconds: number; rpoSeconds: number; warnings?: string[]; nextSteps?: string[] };
  postChecks?: { connection?: string; writeProbe?: WriteProbeCheck };
}

export interface OutcomeLine {
  kind: 'ok' | 'warn' | 'info';
  text: string;
}

/** The lines after a succeeded failover: who serves the database now, the post-checks' evidence, every warning, the next steps. */
export function failoverOutcomeLines(db: string, output: FailoverRunOutput): OutcomeLine[] {
  const r = output.report;
  const probe = output.postChecks?.writeProbe;
  const lines: OutcomeLine[] = [
    { kind: 'ok', text: `${db} now served by ${r?.to} (${r?.endpoint}); RTO ${r?.rtoSeconds} s, RPO ${r?.rpoSeconds} s` },
  ];
  if (probe?.status === 'passed') lines.push({ kind: 'ok', text: writeProbeLine(probe) });
  for (const w of r?.warnings ?? []) lines.push({ kind: 'warn', text: `WARNING: ${w}` });
  for (const s of r?.nextSteps ?? []) lines.push({ kind: 'info', text: `next: ${s}` });
  return lines;
}
