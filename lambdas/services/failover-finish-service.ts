/**
 * Failover steps 7-9: post-checks on the new primary (a connection check to
 * its endpoint, automated backups enabled, a SQL write probe), the database's pointer moved to
 * it (backups follow), and the report: RTO/RPO metrics and a page that a
 * failover happened, with what to do next. Never fails back.
 */
import { buildFailureAlert } from '../domain/alerts/alert-message';
import { FailoverStepFailed } from '../domain/failover/errors';
import { databasePointerParameter, defaultReplicaId } from '../domain/failover/names';
import {
  createReplicaCommand,
  failoverCommand,
  failoverFigures,
  type FailoverFigures,
  pointerCommand,
  type WriteProbeCheck,
} from '../domain/failover/report';
import { FAILOVER_METRICS } from '../domain/metrics/failover-metrics';
import { succeededRunPoints } from '../domain/metrics/run-outcome-points';
import type { ClientFactory } from '../runtime/clients';
import { publishMetricPoints } from '../runtime/publish-metrics';
import type { RuntimeConfig } from '../runtime/runtime-config';
import type { AlertPublisher } from './alert-publisher';
import { probeConnection } from './connection-probe';
import { setDatabaseInstance } from './database-pointer';
import type { ExecutionRef } from './failover-lock-service';
import type { FailoverPlan } from './failover-guard-service';
import { FailoverWriteProbe } from './failover-write-probe';
import type { PromotedInstance } from './failover-promotion-service';
import { describeInstance } from './rds-instance-reads';

export const FAILOVER_WORKFLOW = 'database-failover';

export interface PostChecks {
  connection: string;
  /** The SQL write probe (failover-write-probe.ts): passed, or not run (a warning in the report). */
  writeProbe: WriteProbeCheck;
  backupRetentionDays: number;
}

export interface FailoverReport extends FailoverFigures {
  database: string;
  from: string;
  to: string;
  endpoint: string;
  record: string;
  resumed: boolean;
  forced: boolean;
  warnings: string[];
  nextSteps: string[];
}

export class FailoverFinishService {
  constructor(
    private readonly config: RuntimeConfig,
    private readonly clients: ClientFactory,
    private readonly alerts: () => Pick<AlertPublisher, 'publish'>,
    private readonly now: () => Date = () => new Date(),
    private readonly writes: Pick<FailoverWriteProbe, 'run'> = new FailoverWriteProbe(clients),
  ) {}

  async postChecks(plan: FailoverPlan, promoted: PromotedInstance): Promise<PostChecks> {
    const retry = failoverCommand(plan.database, plan.targetId, plan.reason, plan.force);
    const probe = await probeConnection(promoted.endpoint, promoted.port);
    // notRun: this Lambda has no network path to the database (muejam.failover.probe* not set); the report says so.
    if (!probe.reachable && !probe.notRun) {
      throw new FailoverStepFailed(
        `post-check: the new primary ${promoted.instanceId} accepts no connection (${probe.detail}); DNS already points at it. Check its security groups and status, then re-run: ${retry}`,
      );
    }
    const i = await describeInstance(this.clients, plan.region, promoted.instanceId);
    const retention = i?.BackupRetentionPeriod ?? 0;
    if (retention < 1) {
      throw new FailoverStepFailed(
        `post-check: automated backups are off on the new primary ${promoted.instanceId}. Turn them on: aws rds modify-db-instance --db-instance-identifier ${promoted.instanceId} --backup-retention-period ${plan.backupRetentionDays} --apply-immediately ; then re-run: ${retry}`,
      );
    }
    const writeProbe: WriteProbeCheck =
      probe.notRun || !i ? { status: 'not-run', detail: `write probe not run: ${probe.detail}` } : await this.writes.run(plan, i);
    return { connection: probe.detail, writeProbe, backupRetentionDays: retention };
  }

  async updatePointer(plan: FailoverPlan): Promise<{ parameter: string; previous: string; current: string }> {
    if (plan.dns.drill) {
      // A drill repoints its own record and leaves the production pointer alone.
      return { parameter: '(drill: production pointer unchanged)', previous: plan.primaryId, current: plan.primaryId };
    }
    try {
      const r = await setDatabaseInstance(this.clients, this.config, plan.database, plan.targetId);
      return { ...r, current: plan.targetId };
    } catch (err) {
      const p = databasePointerParameter(this.config.deploymentId, plan.database);
      throw new FailoverStepFailed(
        `pointer update failed (${(err as Error).message}); backups still target ${plan.primaryId}. Finish by hand: ${pointerCommand(p, plan.targetId)}`,
      );
    }
  }

  async report(
    run: {
      plan: FailoverPlan;
      promoted: PromotedInstance;
      fence?: { warning?: string };
      fenceAfter?: { warning?: string };
      dnsSync: { inSyncAt: string };
      postChecks?: Pick<PostChecks, 'writeProbe'>;
    },
    execution: ExecutionRef,
  ): Promise<FailoverReport> {
    const { plan, promoted } = run;
    const figures = failoverFigures(plan.requestedAt, new Date(run.dnsSync.inSyncAt), plan.lagSeconds);
    const dims = { Workflow: FAILOVER_WORKFLOW, Resource: plan.database };
    const at = this.now();
    publishMetricPoints([
      ...succeededRunPoints({ workflow: FAILOVER_WORKFLOW, resource: plan.database, durationSeconds: figures.rtoSeconds, at }),
      { metric: FAILOVER_METRICS.failoverRto, value: figures.rtoSeconds, dimensions: dims, timestamp: at },
      { metric: FAILOVER_METRICS.failoverRpo, value: figures.rpoSeconds, dimensions: dims, timestamp: at },
    ]);
    const probe = run.postChecks?.writeProbe;
    const writeWarning = probe?.status === 'not-run' ? `${probe.detail}: no evidence that ${promoted.instanceId} takes writes` : undefined;
    const warnings = [run.fence?.warning, run.fenceAfter?.warning, writeWarning].filter((w): w is string => !!w);
    const az = promoted.az ?? 'another AZ';
    const report: FailoverReport = {
      database: plan.database,
      from: plan.primaryId,
      to: promoted.instanceId,
      endpoint: promoted.endpoint,
      record: plan.dns.recordName,
      resumed: plan.resumeFrom === 'after-promotion',
      forced: plan.forced,
      ...figures,
      warnings,
      nextSteps: [
        `the new primary has no replica: ${createReplicaCommand(plan.database, `<an AZ other than ${az}>`)} --id ${defaultReplicaId(promoted.instanceId)}`,
        `${plan.primaryId} (old primary) is fenced and kept; it never takes traffic back automatically (docs/runbook.md, "Failing back deliberately")`,
      ],
    };
    const summary = `${plan.dns.drill ? 'DRILL ' : ''}failover of ${plan.database} completed: ${plan.primaryId} -> ${promoted.instanceId} (${promoted.endpoint}); ${plan.dns.recordName} in sync; RTO ${figures.rtoSeconds} s, RPO ${figures.rpoSeconds} s${plan.forced ? '; FORCED' : ''}${warnings.length ? `; WARNING: ${warnings.join('; ')}` : ''}. Next: ${report.nextSteps.join('; ')}`;
    const alert = buildFailureAlert({
      deployment: this.config.deploymentId,
      workflow: FAILOVER_WORKFLOW,
      resource: plan.database,
      step: 'failover completed',
      caught: { Error: 'FailoverCompleted', Cause: summary },
      severity: plan.dns.drill ? 'info' : 'critical',
      executionArn: execution.Id ?? '',
      time: at,
    });
    // Its own incident (not resolved by the next successful run): a human must look at a failover.
    await this.alerts().publish({
      ...alert,
      dedupKey: `${alert.dedupKey}/completed/${execution.Name ?? at.toISOString()}`,
      summary: `[${this.config.deploymentId}] ${summary}`.slice(0, 1024),
    });
    return report;
  }
}
