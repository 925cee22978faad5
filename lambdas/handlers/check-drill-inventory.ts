/**
 * DR drill, step 2 (reads only): every backup the retention policy holds is in both regions
 * and verified, the newest within RPO; Redis groups too. Names the restore source.
 * In: { drill }   Out: InventoryResult & { finishedAt }
 */
import type { DrillPlan } from '../domain/drill/drill-plan';
import { stepHandler } from '../runtime/step-handler';
import { drDrill } from '../services/dr-drill-instances';

export const handler = stepHandler('check-drill-inventory', (e: { drill: DrillPlan }) => drDrill().inventory(e.drill));
