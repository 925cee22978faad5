/**
 * The drill's failover rehearsal plan: the failover's own guards (replica of the primary,
 * available, replication normal, not backing up, fresh lag within the maximum:
 * lambdas/domain/failover/guards.ts) judged on the drill's throwaway pair, plus the drill's
 * ownership guard on both instances. When every guard passes, the result is a FailoverPlan
 * the failover's promote / wait / repoint-DNS / DNS-check steps run unchanged, with the
 * drill record and no fencing (the drill primary is throwaway and serves nobody). A
 * refusal changes nothing. Pure.
 */
import type { DnsRecord } from '../failover/dns';
import { guardAvailable, guardIsReplicaOfPrimary, guardLag, guardNotBackingUp, guardReplicationNormal } from '../failover/guards';
import type { InstanceFacts } from '../failover/instance-facts';
import type { LagDatapoint } from '../failover/lag';
import { type DrillIdentity, whyNotDrillOwned } from './ownership-guard';

/** A guard's verdict with its evidence (the failover's GuardResult, with the drill's own guard names too). */
export interface DrillGuard {
  guard: string;
  passed: boolean;
  evidence: string;
}

export interface DrillFailoverEvidence {
  database: string;
  primary: InstanceFacts | undefined;
  primaryId: string;
  target: InstanceFacts | undefined;
  targetId: string;
  lag: readonly LagDatapoint[];
  now: Date;
  maxLagSeconds: number;
  identity: DrillIdentity;
  region: string;
  dns: DnsRecord;
  drillStartedAt: string;
}

/** The fields of the failover's plan its later steps read (lambdas/services/failover-guard-service.ts FailoverPlan). */
export interface DrillFailoverPlan {
  database: string;
  region: string;
  primaryId: string;
  primaryArn?: string;
  primaryEndpoint?: string;
  targetId: string;
  reason: string;
  force: boolean;
  trigger: 'manual';
  requestedAt: string;
  decision: 'proceed';
  resumeFrom: 'fence';
  guards: DrillGuard[];
  lagSeconds?: number;
  forced: false;
  dns: DnsRecord & { drill: true };
  fencing: 'none';
  backupRetentionDays: number;
}

export type DrillFailoverDecision =
  | { refused: true; guards: DrillGuard[] }
  | { refused: false; guards: DrillGuard[]; plan: DrillFailoverPlan };

function owned(name: string, id: string, facts: InstanceFacts | undefined, identity: DrillIdentity): DrillGuard {
  const why = facts ? whyNotDrillOwned(id, facts.tags, identity) : `${id} does not exist`;
  return { guard: name, passed: why === undefined, evidence: why ?? `${id} carries this drill's tags` };
}

export function decideDrillFailover(e: DrillFailoverEvidence): DrillFailoverDecision {
  const guards: DrillGuard[] = [
    owned('drill-primary-owned', e.primaryId, e.primary, e.identity),
    owned('drill-target-owned', e.targetId, e.target, e.identity),
  ];
  let lagSeconds: number | undefined;
  if (e.primary && e.target) {
    const lag = guardLag(e.lag, e.now, e.maxLagSeconds);
    lagSeconds = lag.lagSeconds;
    guards.push(
      guardIsReplicaOfPrimary(e.target, e.primary),
      guardAvailable(e.target),
      guardReplicationNormal(e.target),
      guardNotBackingUp(e.target),
      { guard: lag.guard, passed: lag.passed, evidence: lag.evidence },
    );
  }
  if (!e.primary || !e.target || guards.some((g) => !g.passed)) return { refused: true, guards };
  return {
    refused: false,
    guards,
    plan: {
      database: e.database,
      region: e.region,
      primaryId: e.primaryId,
      primaryArn: e.primary.arn || undefined,
      primaryEndpoint: e.primary.endpoint?.address,
      targetId: e.targetId,
      reason: `DR drill ${e.identity.drillId}: rehearsal on throwaway resources`,
      force: false,
      trigger: 'manual',
      requestedAt: e.now.toISOString(),
      decision: 'proceed',
      resumeFrom: 'fence',
      guards,
      lagSeconds,
      forced: false,
      dns: { ...e.dns, drill: true },
      fencing: 'none',
      backupRetentionDays: 1,
    },
  };
}
