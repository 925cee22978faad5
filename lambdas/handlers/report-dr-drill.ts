/**
 * DR drill, last step: the report (JSON + self-contained HTML) in the backup region's bucket,
 * DrDrill* metrics, and on a drill that did not fail with a clean teardown, the recovery
 * message of this workflow's open incident. In: the execution state   Out: DrillReportSummary
 */
import { stepHandler } from '../runtime/step-handler';
import type { DrillState } from '../services/dr-drill-report-service';
import { drDrillReport } from '../services/dr-drill-instances';
import { alertPublisher } from '../services/instances';
import { recordSucceededRun } from '../services/run-outcome';

export const handler = stepHandler('report-dr-drill', async (e: { state: DrillState; execution: { Id?: string } }) => {
  const { report, ...summary } = await drDrillReport().report(e.state);
  if (summary.overallStatus !== 'failed' && summary.teardownClean) {
    await recordSucceededRun(alertPublisher(), {
      workflow: 'dr-drill',
      resource: report.database,
      deployment: report.deployment,
      executionArn: e.execution?.Id ?? '',
      durationSeconds: Math.max(0, Math.round((Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000)),
    });
  }
  return summary;
});
