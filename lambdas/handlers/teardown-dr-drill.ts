/**
 * DR drill teardown (every path): deletes every instance and snapshot tagged for this drill in
 * both regions, and the drill DNS record when it points at one of them. Errors are recorded,
 * not thrown, so one failure does not keep the rest alive. In: { drill }   Out: TeardownResult
 */
import type { DrillPlan } from '../domain/drill/drill-plan';
import { stepHandler } from '../runtime/step-handler';
import { drDrillTeardown } from '../services/dr-drill-instances';

export const handler = stepHandler('teardown-dr-drill', (e: { drill: DrillPlan }) => drDrillTeardown().teardown(e.drill));
