/**
 * What every workflow does with the outcome of a run, in one call from its
 * last step (success) or from its NotifyFailure step (failure):
 *
 * - success: the run's metrics (WorkflowSucceeded, and for backups
 *   BackupSucceeded/BackupDuration/CopyDuration/...), then a recovery message
 *   on the alert topic that resolves the run's open incident, if any. Done
 *   from the final step, so recovery costs no extra state transition. A
 *   recovery that cannot be published is logged, not thrown: the backup
 *   itself succeeded.
 * - failure: WorkflowFailed (and BackupFailed / VerificationFailed).
 */
import { type WorkflowAlert, buildRecoveryAlert } from '../domain/alerts/alert-message';
import { type SucceededRun, failedRunPoints, succeededRunPoints } from '../domain/metrics/run-outcome-points';
import { logger } from '../runtime/powertools';
import { publishMetricPoints } from '../runtime/publish-metrics';

export interface AlertSink {
  publish(alert: WorkflowAlert): Promise<string>;
}

export async function recordSucceededRun(
  sink: AlertSink,
  run: SucceededRun & { deployment: string; executionArn: string },
  now: Date = new Date(),
): Promise<void> {
  publishMetricPoints(succeededRunPoints({ ...run, at: run.at ?? now }));
  try {
    await sink.publish(
      buildRecoveryAlert({
        deployment: run.deployment,
        workflow: run.workflow,
        resource: run.resource,
        executionArn: run.executionArn,
        time: now,
      }),
    );
  } catch (err) {
    const e = err as Error;
    logger.warn('recovery alert not published; an open incident stays open until the next successful run', {
      workflow: run.workflow,
      resource: run.resource,
      error: `${e.name}: ${e.message}`,
    });
  }
}

export function recordFailedRun(alert: Pick<WorkflowAlert, 'workflow' | 'resource' | 'error' | 'time'>): void {
  publishMetricPoints(
    failedRunPoints({ workflow: alert.workflow, resource: alert.resource, error: alert.error, at: new Date(alert.time) }),
  );
}
