import { publishMetricPoints } from '../runtime/publish-metrics';
import { stepHandler } from '../runtime/step-handler';
import { rpoPoints } from '../domain/metrics/rpo';
import { rpoCheck } from '../services/rpo-setup';

/** Every 15 minutes: age of the newest verified backup per resource and region, and PITR lag, as metrics. */
export const handler = stepHandler('check-rpo', async () => {
  const report = await rpoCheck().check();
  publishMetricPoints(rpoPoints(report));
  return report;
});
