import { stepHandler } from '../runtime/step-handler';
import { publishMetricPoints } from '../runtime/publish-metrics';
import { retentionPoints } from '../domain/metrics/run-outcome-points';
import { retentionService } from '../services/retention-instances';
import type { PlanSummaryForReport } from '../domain/retention/report';

/** Database retention, last step: the run's report (per region) and its RetentionDeleted/RetentionKept metrics. */
export const handler = stepHandler('report-retention', (e: { plan: PlanSummaryForReport; results: unknown }) => {
  const report = retentionService().report(e);
  if (!report.dryRun) {
    const at = new Date(report.plannedAt);
    publishMetricPoints(
      report.regions
        .filter((r) => r.role !== 'other')
        .flatMap((r) =>
          retentionPoints({
            resource: report.resource,
            region: r.region,
            deleted: r.deleted,
            kept: r.kept,
            at: report.clockOverridden ? undefined : at,
          }),
        ),
    );
  }
  return report;
});
