/**
 * DR drill: the failover's guards, fresh, on the drill pair (plus the drill ownership guard);
 * the plan the failover's promote / DNS steps run, or a refusal (nothing changed).
 * In: { drill }   Out: { refused, guards, plan? }
 */
import type { DrillPlan } from '../domain/drill/drill-plan';
import { stepHandler } from '../runtime/step-handler';
import { drDrill } from '../services/dr-drill-instances';

export const handler = stepHandler('plan-drill-failover', (e: { drill: DrillPlan }) => drDrill().planFailover(e.drill));
