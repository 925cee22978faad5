/**
 * Failover steps 3-5: fence the old primary, promote the replica, wait until
 * it is a standalone available instance, and (stop fencing) stop the old
 * primary once promotion has detached it. Every step re-reads the instances
 * and is a no-op when run again: a fenced primary stays fenced, a promoted
 * replica is not promoted twice (AWS refuses; moto does not).
 */
import {
  AddTagsToResourceCommand,
  ModifyDBInstanceCommand,
  PromoteReadReplicaCommand,
  RDSClient,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { TAG } from '../domain/backup/ownership-tags';
import { FailoverRefused, FailoverStepFailed } from '../domain/failover/errors';
import { type FencingPhase, type FencingPlan, fencingPlan } from '../domain/failover/fencing';
import { FAILOVER_EXECUTION_TAG, guardIsReplicaOfPrimary, PROMOTED_FROM_TAG, wasPromotedFrom } from '../domain/failover/guards';
import { type InstanceFacts, instanceFacts } from '../domain/failover/instance-facts';
import { failoverCommand, promoteCommand } from '../domain/failover/report';
import { NotReady, TerminalStatus } from '../errors';
import type { ClientFactory } from '../runtime/clients';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { hasCode, rethrowTyped } from './aws-errors';
import type { ExecutionRef } from './failover-lock-service';
import type { FailoverPlan } from './failover-guard-service';
import { describeInstance } from './rds-instance-reads';

export interface FenceResult {
  phase: FencingPhase;
  action: FencingPlan['action'];
  note: string;
  warning?: string;
}

export interface PromotionResult {
  targetId: string;
  promotedAt: string;
  alreadyPromoted: boolean;
}

export interface PromotedInstance {
  instanceId: string;
  endpoint: string;
  port: number;
  az?: string;
  backupRetentionDays: number;
  availableAt: string;
}

const TERMINAL = /^(failed|deleting|deleted|incompatible-.*|inaccessible-encryption-credentials.*|storage-full|restore-error)$/;

export class FailoverPromotionService {
  constructor(
    private readonly config: RuntimeConfig,
    private readonly clients: ClientFactory,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private rds(plan: FailoverPlan) {
    return this.clients(RDSClient, plan.region);
  }

  private async facts(plan: FailoverPlan, id: string): Promise<InstanceFacts | undefined> {
    const raw = await describeInstance(this.clients, plan.region, id);
    return raw ? instanceFacts(raw) : undefined;
  }

  /** Fences the old primary for `phase` per the plan's mode (before promotion: security-group; after: stop). */
  async fence(plan: FailoverPlan, phase: FencingPhase): Promise<FenceResult> {
    const primary = (await this.facts(plan, plan.primaryId)) ?? { id: plan.primaryId, status: 'not-found', securityGroupIds: [] };
    const p = fencingPlan(plan.fencing, phase, primary, plan.denyAllSecurityGroupId);
    try {
      if (p.action === 'swap-security-groups') {
        await this.rds(plan).send(
          new ModifyDBInstanceCommand({ DBInstanceIdentifier: p.instanceId, VpcSecurityGroupIds: p.to, ApplyImmediately: true }),
        );
      } else if (p.action === 'stop') {
        await this.rds(plan).send(new StopDBInstanceCommand({ DBInstanceIdentifier: p.instanceId }));
      }
    } catch (err) {
      if (hasCode(err, 'InvalidDBInstanceState') && p.action === 'stop') {
        return { phase, action: 'nothing', note: `${plan.primaryId} is already stopping or stopped`, warning: undefined };
      }
      rethrowTyped(err, `fence ${plan.primaryId} (${p.note})`);
    }
    return { phase, action: p.action, note: p.note, warning: 'warning' in p ? p.warning : undefined };
  }

  /** Tags the replica (the evidence a re-run resumes from), then promotes it with the plan's backup retention. */
  async promote(plan: FailoverPlan, execution: ExecutionRef): Promise<PromotionResult> {
    const target = await this.facts(plan, plan.targetId);
    if (!target) throw new FailoverRefused(`${plan.targetId} no longer exists; nothing was promoted`);
    if (wasPromotedFrom(target, plan.primaryId, plan.database, this.config.deploymentId)) {
      return { targetId: target.id, promotedAt: this.now().toISOString(), alreadyPromoted: true };
    }
    // Re-checked right before the irreversible call: still a replica of this primary, still not backing up.
    const replicaOf = guardIsReplicaOfPrimary(target, { ...target, id: plan.primaryId, arn: plan.primaryArn ?? '' });
    if (!replicaOf.passed) throw new FailoverRefused(`${replicaOf.evidence}; nothing was promoted`);
    if (target.status === 'backing-up')
      throw new NotReady(`${target.id} is backing-up; PromoteReadReplica refuses it until the backup ends`);
    try {
      await this.rds(plan).send(
        new AddTagsToResourceCommand({
          ResourceName: target.arn,
          Tags: [
            { Key: PROMOTED_FROM_TAG, Value: plan.primaryId },
            { Key: TAG.resource, Value: plan.database },
            { Key: FAILOVER_EXECUTION_TAG, Value: (execution.Name ?? 'unknown').slice(0, 256) },
          ],
        }),
      );
      await this.rds(plan).send(
        new PromoteReadReplicaCommand({ DBInstanceIdentifier: target.id, BackupRetentionPeriod: plan.backupRetentionDays }),
      );
    } catch (err) {
      if (hasCode(err, 'InvalidDBInstanceState')) throw new NotReady(`${target.id} cannot be promoted yet (${(err as Error).message})`);
      rethrowTyped(err, `promote ${target.id}: finish by hand with \`${promoteCommand(target.id, plan.backupRetentionDays)}\``);
    }
    return { targetId: target.id, promotedAt: this.now().toISOString(), alreadyPromoted: false };
  }

  /** NotReady until the target is a standalone `available` instance; TerminalStatus on a status it will not leave. */
  async waitForPromotion(plan: FailoverPlan): Promise<PromotedInstance> {
    const t = await this.facts(plan, plan.targetId);
    if (!t) throw new TerminalStatus(`${plan.targetId} disappeared during promotion`);
    if (TERMINAL.test(t.status)) {
      throw new FailoverStepFailed(
        `${t.id} is ${t.status} after promotion; it will not become available on its own. Check it in the RDS console; once it is available, re-run: ${failoverCommand(plan.database, t.id, plan.reason, plan.force)}`,
      );
    }
    const later = `if the wait budget runs out, the run alerts; once ${t.id} is available, re-run (it resumes at the DNS step): ${failoverCommand(plan.database, t.id, plan.reason, plan.force)}`;
    if (t.sourceId) throw new NotReady(`${t.id} is ${t.status}, still a replica of ${t.sourceId} (promotion in progress); ${later}`);
    if (t.status !== 'available' || !t.endpoint)
      throw new NotReady(`${t.id} is standalone and ${t.status} (promotion finishing); ${later}`);
    return {
      instanceId: t.id,
      endpoint: t.endpoint.address,
      port: t.endpoint.port,
      az: t.az,
      backupRetentionDays: t.backupRetentionDays,
      availableAt: this.now().toISOString(),
    };
  }
}
