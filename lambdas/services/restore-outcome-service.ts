/**
 * The outcome of a database restore, from the workflow's last step or its failure path: the metrics
 * (RestoreSucceeded/RestoreFailed, RestoreDuration, RestoredDataAge, WorkflowSucceeded/Failed) and
 * the alert on every restore (information on success, critical on failure naming what was created).
 */
import { buildFailureAlert, buildRecoveryAlert, type CaughtError, resourceOf, type WorkflowAlert } from '../domain/alerts/alert-message';
import { tagsToRecord } from '../domain/backup/ownership-tags';
import { failedRunPoints } from '../domain/metrics/run-outcome-points';
import { type CreatedInstance, restoreSucceededSummary, withCreatedNote } from '../domain/restore/restore-alerts';
import { restoreFailedPoints, restoreFigures, restoreSucceededPoints, type RestoreFigures } from '../domain/restore/restore-outcome';
import { checkPlan, checkRestoreRef, type DbRestorePlan } from '../domain/restore/restore-plan';
import { isRestoreOfExecution } from '../domain/restore/restore-target';
import type { ClientFactory } from '../runtime/clients';
import { logger } from '../runtime/powertools';
import { publishMetricPoints } from '../runtime/publish-metrics';
import type { RuntimeConfig } from '../runtime/runtime-config';
import type { AlertSink } from './run-outcome';
import { RdsRestoreReads } from './rds-restore-reads';
import type { RestoreVerification, RestoreWaitResult } from './database-restore-service';

export interface RecordRestoreInput {
  workflow?: unknown;
  plan?: unknown;
  restore?: unknown;
  available?: RestoreWaitResult;
  verification?: RestoreVerification;
  execution?: { Id?: string; Name?: string; Input?: unknown };
}

/** What a finished restore returns (the seed's fields in camelCase, plus endpoint, region, data time and durations). */
export interface DbRestoreResult extends RestoreFigures {
  success: true;
  mode: 'snapshot' | 'pitr';
  sourceDbInstanceIdentifier: string;
  dbInstanceIdentifier: string;
  snapshotId?: string;
  restoreTime?: string;
  status: string;
  endpoint?: string;
  port?: number;
  region: string;
  regionRole: 'primary' | 'backup';
  /** The point in time the data represents. */
  restoredTo: string;
  requestedAt: string;
  availableAt: string;
  verifiedAt: string;
  warnings: string[];
  /** How to point the application at it (the failover workflow owns DNS). */
  next: string;
}

export interface RestoreFailureInput {
  workflow?: unknown;
  failedStep?: unknown;
  error?: CaughtError;
  plan?: unknown;
  execution?: { Id?: string; Name?: string; Input?: unknown };
}

export class RestoreOutcomeService {
  private readonly reads: RdsRestoreReads;

  constructor(
    private readonly config: RuntimeConfig,
    clients: ClientFactory,
    private readonly sink: AlertSink,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.reads = new RdsRestoreReads(clients);
  }

  /** Last step: metrics and the information alert; returns the restore's result. */
  async recordSucceeded(input: RecordRestoreInput): Promise<DbRestoreResult> {
    const plan = checkPlan(input?.plan);
    const restore = checkRestoreRef(input?.restore);
    const workflow = workflowName(input?.workflow);
    const v = input.verification;
    const availableAt = input.available?.availableAt ?? v?.verifiedAt ?? this.now().toISOString();
    const verifiedAt = v?.verifiedAt ?? this.now().toISOString();
    const figures = restoreFigures({ requestedAt: plan.requestedAt, availableAt, verifiedAt, pointInTime: plan.pointInTime });
    publishMetricPoints(restoreSucceededPoints({ workflow, db: plan.dbInstanceIdentifier, region: plan.region, figures, at: this.now() }));
    const executionArn = input.execution?.Id ?? '(unknown execution)';
    const result: DbRestoreResult = {
      success: true,
      mode: plan.mode,
      sourceDbInstanceIdentifier: plan.dbInstanceIdentifier,
      dbInstanceIdentifier: restore.dbInstanceIdentifier,
      snapshotId: plan.snapshot?.id,
      restoreTime: plan.mode === 'pitr' ? plan.pointInTime : undefined,
      status: 'available',
      endpoint: v?.endpoint,
      port: v?.port,
      region: plan.region,
      regionRole: plan.regionRole,
      restoredTo: plan.pointInTime,
      requestedAt: plan.requestedAt,
      availableAt,
      verifiedAt,
      ...figures,
      warnings: plan.warnings,
      next: `point the application at ${v?.endpoint ?? restore.dbInstanceIdentifier}:${v?.port ?? 5432} (DNS is the failover workflow's: see docs/runbook.md#restore-from-a-snapshot)`,
    };
    const alert: WorkflowAlert = {
      ...buildRecoveryAlert({
        deployment: this.config.deploymentId,
        workflow,
        resource: plan.dbInstanceIdentifier,
        executionArn,
        time: this.now(),
      }),
      summary: restoreSucceededSummary({
        deployment: this.config.deploymentId,
        workflow,
        db: plan.dbInstanceIdentifier,
        target: restore.dbInstanceIdentifier,
        region: plan.region,
        mode: plan.mode,
        from: plan.snapshot?.id ?? '',
        pointInTime: plan.pointInTime,
        endpoint: v?.endpoint,
        figures,
        executionArn,
        input: input.execution?.Input,
      }),
    };
    try {
      await this.sink.publish(alert);
    } catch (err) {
      logger.warn('restore notification not published; the restore itself succeeded', { error: (err as Error).message });
    }
    return result;
  }

  /** Failure path: a critical alert naming database, step, cause and what was created (checked now, by its tags). */
  async recordFailed(input: RestoreFailureInput): Promise<{ messageId: string; alert: WorkflowAlert }> {
    const workflow = workflowName(input?.workflow);
    const plan = safePlan(input?.plan);
    const created = plan ? await this.createdBy(plan, input.execution?.Name ?? '') : undefined;
    const alert = buildFailureAlert({
      deployment: this.config.deploymentId,
      workflow,
      resource: plan?.dbInstanceIdentifier ?? resourceOf(input?.execution?.Input),
      step: typeof input?.failedStep === 'string' ? input.failedStep : '(unknown step)',
      caught: withCreatedNote(input?.error, created, plan && { target: plan.targetDbInstanceIdentifier, region: plan.region }),
      severity: 'critical',
      executionArn: input?.execution?.Id ?? '(unknown execution)',
      time: this.now(),
    });
    const messageId = await this.sink.publish(alert);
    publishMetricPoints(failedRunPoints({ workflow, resource: alert.resource, error: alert.error, at: this.now() }));
    if (plan) publishMetricPoints(restoreFailedPoints({ workflow, db: plan.dbInstanceIdentifier, region: plan.region, at: this.now() }));
    return { messageId, alert };
  }

  private async createdBy(plan: DbRestorePlan, execution: string): Promise<CreatedInstance | undefined> {
    try {
      const i = await this.reads.instance(plan.region, plan.targetDbInstanceIdentifier);
      if (
        !i ||
        !isRestoreOfExecution(tagsToRecord(i.TagList), { deploymentId: this.config.deploymentId, purpose: plan.purpose, execution })
      )
        return undefined;
      return { dbInstanceIdentifier: plan.targetDbInstanceIdentifier, region: plan.region, status: i.DBInstanceStatus };
    } catch (err) {
      // The alert must go out even when RDS cannot be read: say so instead of guessing.
      return {
        dbInstanceIdentifier: `${plan.targetDbInstanceIdentifier} (could not check: ${(err as Error).message})`,
        region: plan.region,
      };
    }
  }
}

function workflowName(v: unknown): string {
  return typeof v === 'string' && v ? v : 'database-restore';
}

function safePlan(plan: unknown): DbRestorePlan | undefined {
  try {
    return plan ? checkPlan(plan) : undefined;
  } catch {
    return undefined;
  }
}
