/** DR drill: NotReady while anything tagged for this drill is left (deletes it again when needed). In: { drill, teardown }   Out: TeardownCheck */
import type { DrillPlan } from '../domain/drill/drill-plan';
import { stepHandler } from '../runtime/step-handler';
import { drDrillTeardown } from '../services/dr-drill-instances';
import type { TeardownResult } from '../services/dr-drill-teardown-service';

export const handler = stepHandler('check-drill-teardown', (e: { drill: DrillPlan; teardown?: Partial<TeardownResult> }) =>
  drDrillTeardown().check(e.drill, e.teardown),
);
