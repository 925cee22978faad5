import { stepHandler } from '../runtime/step-handler';
import { retentionService } from '../services/retention-instances';
import type { CleanupRequest } from '../services/retention-service';

/** Database retention, step 1: list both regions (paginated, tags included), plan, pick this run's deletes. */
export const handler = stepHandler('plan-retention', (e: { request: CleanupRequest }) => retentionService().planStep(e.request));
