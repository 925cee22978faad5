/** DR drill: NotReady until the drill replica is available (the state's Retry waits). In: { drill }   Out: { availableAt } */
import type { DrillPlan } from '../domain/drill/drill-plan';
import { stepHandler } from '../runtime/step-handler';
import { drDrill } from '../services/dr-drill-instances';

export const handler = stepHandler('check-drill-replica', (e: { drill: DrillPlan }) => drDrill().checkReplica(e.drill));
