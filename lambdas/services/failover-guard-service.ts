/**
 * Failover step 2: validate the request, gather fresh evidence (the current
 * primary through the database's pointer, the target replica, its ReplicaLag
 * datapoints, the primary's status, a connection probe, the primary-down
 * alarm) and judge every guard. A refusal throws FailoverRefused listing each
 * guard with its evidence; nothing was changed. The result is the run's plan.
 */
import { FailoverRefused } from '../domain/failover/errors';
import { type DnsRecord, chooseDnsRecord } from '../domain/failover/dns';
import type { FencingMode } from '../domain/failover/fencing';
import { evaluateFailoverGuards, formatGuards, type GuardDecision, type GuardResult } from '../domain/failover/guards';
import { instanceFacts } from '../domain/failover/instance-facts';
import { primaryDownAlarmName } from '../domain/failover/names';
import type { PrimarySignals } from '../domain/failover/primary-health';
import { parseFailoverRequest } from '../domain/failover/request';
import { databaseFailoverSettings, FAILOVER_SETTINGS, type FailoverSettings } from '../domain/settings/failover';
import type { ClientFactory } from '../runtime/clients';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { probeConnection } from './connection-probe';
import { resolveDatabaseInstance } from './database-pointer';
import type { ExecutionRef } from './failover-lock-service';
import { alarmState, describeInstance, replicaLagDatapoints } from './rds-instance-reads';

export interface FailoverPlan {
  database: string;
  region: string;
  primaryId: string;
  primaryArn?: string;
  primaryEndpoint?: string;
  targetId: string;
  reason: string;
  force: boolean;
  trigger: 'manual' | 'alarm';
  /** Start of the RTO: the request's (or alarm's) time, else the execution's start. */
  requestedAt: string;
  decision: Exclude<GuardDecision, 'refuse'>;
  resumeFrom: 'fence' | 'after-promotion';
  guards: GuardResult[];
  /** Replica lag when the guards were judged: the RPO. */
  lagSeconds?: number;
  forced: boolean;
  dns: DnsRecord & { drill: boolean };
  fencing: FencingMode;
  denyAllSecurityGroupId?: string;
  backupRetentionDays: number;
}

export interface GuardReport {
  decision: GuardDecision;
  guards: GuardResult[];
  plan?: FailoverPlan;
  /** Set when the request itself or the configuration refuses the run. */
  problem?: string;
}

export class FailoverGuardService {
  constructor(
    private readonly config: RuntimeConfig,
    private readonly clients: ClientFactory,
    private readonly settings: () => FailoverSettings = () => FAILOVER_SETTINGS.read(),
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Judges the guards and returns the report, refusing nothing (the CLI prints it before starting a run). */
  async inspect(input: unknown, execution: ExecutionRef = {}): Promise<GuardReport> {
    const s = this.settings();
    const req = parseFailoverRequest(input, this.config.databases, (db) => databaseFailoverSettings(s, db).replica?.id);
    const d = databaseFailoverSettings(s, req.database);
    const dns = chooseDnsRecord(d.dns, d.drillDns, req.dns);
    if ('problem' in dns) return { decision: 'refuse', guards: [], problem: dns.problem };
    if (s.fencing === 'security-group' && !d.denyAllSecurityGroupId) {
      return {
        decision: 'refuse',
        guards: [],
        problem: `muejam.failover.databases.${req.database}.denyAllSecurityGroupId is not configured (fencing "security-group"); nothing was changed`,
      };
    }
    const region = this.config.primaryRegion;
    const now = this.now();
    const primaryId = await resolveDatabaseInstance(this.clients, this.config, req.database);
    const [primaryRaw, targetRaw] = await Promise.all([
      describeInstance(this.clients, region, primaryId),
      describeInstance(this.clients, region, req.targetReplicaId),
    ]);
    const primary = primaryRaw ? instanceFacts(primaryRaw) : { ...instanceFacts({}), id: primaryId, status: 'not-found' };
    const [lag, alarm, probe] = await Promise.all([
      replicaLagDatapoints(this.clients, region, req.targetReplicaId, now),
      alarmState(this.clients, region, primaryDownAlarmName(this.config.deploymentId, req.database)),
      primary.endpoint
        ? probeConnection(primary.endpoint.address, primary.endpoint.port)
        : Promise.resolve({ reachable: false, detail: `${primaryId} has no endpoint (${primary.status})` }),
    ]);
    const signals: PrimarySignals = { status: primary.status, probe, alarm };
    const out = evaluateFailoverGuards(
      {
        database: req.database,
        deploymentId: this.config.deploymentId,
        primary,
        primarySignals: signals,
        target: targetRaw ? instanceFacts(targetRaw) : undefined,
        targetId: req.targetReplicaId,
        lag,
        now,
      },
      { maxLagSeconds: s.maxLagSeconds, confirmMinutes: s.confirmMinutes },
      { force: req.force, reason: req.reason },
    );
    if (out.decision === 'refuse') return { decision: out.decision, guards: out.guards };
    const plan: FailoverPlan = {
      database: req.database,
      region,
      primaryId,
      primaryArn: primary.arn || undefined,
      primaryEndpoint: primary.endpoint?.address,
      targetId: req.targetReplicaId,
      reason: req.reason,
      force: req.force,
      trigger: req.trigger,
      requestedAt: req.requestedAt ?? execution.StartTime ?? now.toISOString(),
      decision: out.decision,
      resumeFrom: out.decision === 'resume-after-promotion' ? 'after-promotion' : 'fence',
      guards: out.guards,
      lagSeconds: out.lagSeconds,
      forced: out.forced,
      dns: { ...dns.record, drill: dns.drill },
      fencing: s.fencing,
      denyAllSecurityGroupId: d.denyAllSecurityGroupId,
      backupRetentionDays: s.backupRetentionDays,
    };
    return { decision: out.decision, guards: out.guards, plan };
  }

  /** Step 2 of the failover: the plan, or FailoverRefused naming every guard and its evidence. */
  async evaluate(input: unknown, execution: ExecutionRef): Promise<FailoverPlan> {
    const r = await this.inspect(input, execution);
    if (r.problem) throw new FailoverRefused(r.problem);
    if (!r.plan) {
      const refused = r.guards.filter((x) => !x.passed).map((x) => x.guard);
      throw new FailoverRefused(`refused by ${refused.join(', ')}; nothing was changed.\n${formatGuards(r.guards)}`);
    }
    return r.plan;
  }
}
