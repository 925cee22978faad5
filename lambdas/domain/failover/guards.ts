/**
 * The failover guards: every check that must pass before a replica is
 * promoted, each judged from fresh evidence and recorded with it. Pure.
 *
 * A fresh failover proceeds only when every guard passes. A re-run after a
 * partial failover (the target already promoted by this deployment from this
 * primary, by its tags) resumes after promotion: the replica guards no longer
 * apply to a standalone instance and promotion cannot be undone.
 */
import { MANAGED_BY, TAG } from '../backup/ownership-tags';
import { type InstanceFacts, isReplicaOf } from './instance-facts';
import { evaluateLag, type LagDatapoint } from './lag';
import { evaluatePrimaryHealth, type PrimarySignals } from './primary-health';

/** Tag put on a replica just before this system promotes it: the instance it was a replica of. */
export const PROMOTED_FROM_TAG = 'muejam:promoted-from';
/** Tag put on a replica just before this system promotes it: the logical database it serves. */
export const FAILOVER_EXECUTION_TAG = 'muejam:failover-execution';

export type GuardName =
  | 'target-exists'
  | 'target-is-not-current-primary'
  | 'target-owned-by-deployment'
  | 'target-is-replica-of-primary'
  | 'target-available'
  | 'replication-normal'
  | 'target-not-backing-up'
  | 'lag-within-max'
  | 'primary-unhealthy'
  | 'promoted-by-this-deployment';

export interface GuardResult {
  guard: GuardName;
  passed: boolean;
  evidence: string;
}

export interface GuardEvidence {
  /** The logical database (a configured database id). */
  database: string;
  deploymentId: string;
  /** The instance serving the database now (its pointer), as described. */
  primary: InstanceFacts;
  primarySignals: PrimarySignals;
  /** The replica to promote; undefined when it does not exist. */
  target: InstanceFacts | undefined;
  targetId: string;
  lag: readonly LagDatapoint[];
  now: Date;
}

export interface GuardSettings {
  maxLagSeconds: number;
  confirmMinutes: number;
}

export interface GuardRequest {
  force: boolean;
  reason: string;
}

export type GuardDecision = 'proceed' | 'resume-after-promotion' | 'refuse';

export interface GuardOutcome {
  decision: GuardDecision;
  guards: GuardResult[];
  /** The newest fresh lag, the RPO of this failover (fresh path only). */
  lagSeconds?: number;
  forced: boolean;
}

const g = (guard: GuardName, passed: boolean, evidence: string): GuardResult => ({ guard, passed, evidence });

export function guardTargetOwned(target: InstanceFacts, deploymentId: string): GuardResult {
  const managed = target.tags[TAG.managedBy];
  const deployment = target.tags[TAG.deployment];
  const ok = managed === MANAGED_BY && deployment === deploymentId;
  return g(
    'target-owned-by-deployment',
    ok,
    ok
      ? `${target.id} tagged ${TAG.deployment}=${deploymentId}`
      : `${target.id} is not tagged ${TAG.managedBy}=${MANAGED_BY} and ${TAG.deployment}=${deploymentId} (has ${TAG.deployment}=${deployment ?? '(none)'}); this deployment promotes only its own replicas`,
  );
}

export function guardIsReplicaOfPrimary(target: InstanceFacts, primary: InstanceFacts): GuardResult {
  const ok = isReplicaOf(target, primary);
  return g(
    'target-is-replica-of-primary',
    ok,
    ok
      ? `${target.id} replicates from ${target.sourceId}`
      : `${target.id} is ${target.sourceId ? `a replica of ${target.sourceId}` : 'not a read replica'}, not of ${primary.id}`,
  );
}

export function guardAvailable(target: InstanceFacts): GuardResult {
  const ok = target.status === 'available';
  return g('target-available', ok, `${target.id} status ${target.status}${ok ? '' : ' (must be available)'}`);
}

export function guardReplicationNormal(target: InstanceFacts): GuardResult {
  const r = target.replication;
  if (!r) return g('replication-normal', false, `${target.id}: RDS reports no read replication status: no evidence counts as unsafe`);
  const ok = r.normal && r.status === 'replicating';
  const msg = r.message ? `, ${r.message}` : '';
  return g(
    'replication-normal',
    ok,
    `read replication ${r.status}, normal=${r.normal}${msg}${ok ? '' : ' (must be replicating and normal)'}`,
  );
}

export function guardNotBackingUp(target: InstanceFacts): GuardResult {
  const ok = target.status !== 'backing-up';
  return g(
    'target-not-backing-up',
    ok,
    ok ? `${target.id} is not backing up` : `${target.id} is backing-up: PromoteReadReplica refuses it; wait until the backup ends`,
  );
}

export function guardLag(points: readonly LagDatapoint[], now: Date, maxLagSeconds: number): GuardResult & { lagSeconds?: number } {
  const v = evaluateLag(points, now, maxLagSeconds);
  return { ...g('lag-within-max', v.ok, v.evidence), lagSeconds: v.lagSeconds };
}

/** The target was promoted by this deployment, from this primary, for this database (the tags set just before promotion). */
export function wasPromotedFrom(target: InstanceFacts, primaryId: string, database: string, deploymentId: string): boolean {
  return (
    target.sourceId === undefined &&
    target.tags[PROMOTED_FROM_TAG] === primaryId &&
    target.tags[TAG.resource] === database &&
    target.tags[TAG.deployment] === deploymentId
  );
}

export function evaluateFailoverGuards(e: GuardEvidence, s: GuardSettings, r: GuardRequest): GuardOutcome {
  const refuse = (guards: GuardResult[]): GuardOutcome => ({ decision: 'refuse', guards, forced: false });
  const t = e.target;
  if (!t) return refuse([g('target-exists', false, `${e.targetId} does not exist`)]);
  if (t.id === e.primary.id) {
    return refuse([
      g('target-is-not-current-primary', false, `${t.id} already serves ${e.database} (its pointer names it): nothing to fail over to`),
    ]);
  }
  const owned = guardTargetOwned(t, e.deploymentId);
  if (wasPromotedFrom(t, e.primary.id, e.database, e.deploymentId)) {
    const resumed = g(
      'promoted-by-this-deployment',
      true,
      `${t.id} is standalone, tagged ${PROMOTED_FROM_TAG}=${e.primary.id} by execution ${t.tags[FAILOVER_EXECUTION_TAG] ?? '(unknown)'}: resuming after promotion`,
    );
    const guards = [owned, resumed];
    return { decision: owned.passed ? 'resume-after-promotion' : 'refuse', guards, forced: false };
  }
  const lag = guardLag(e.lag, e.now, s.maxLagSeconds);
  const health = evaluatePrimaryHealth(e.primarySignals, e.now, s.confirmMinutes, r);
  const guards: GuardResult[] = [
    owned,
    guardIsReplicaOfPrimary(t, e.primary),
    guardAvailable(t),
    guardReplicationNormal(t),
    guardNotBackingUp(t),
    { guard: lag.guard, passed: lag.passed, evidence: lag.evidence },
    g('primary-unhealthy', health.passed, health.evidence),
  ];
  const ok = guards.every((x) => x.passed);
  return { decision: ok ? 'proceed' : 'refuse', guards, lagSeconds: lag.lagSeconds, forced: health.forced };
}

/** One line per guard, for the alert, the CLI and the execution history. */
export function formatGuards(guards: readonly GuardResult[]): string {
  return guards.map((x) => `${x.passed ? 'PASS' : 'REFUSE'} ${x.guard}: ${x.evidence}`).join('\n');
}
