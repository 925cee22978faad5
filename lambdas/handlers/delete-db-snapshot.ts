import { stepHandler } from '../runtime/step-handler';
import { retentionService } from '../services/retention-instances';
import type { DeleteRequest } from '../domain/retention/report';

/** Database retention, step 2 (one Map iteration): delete one expired snapshot the plan chose. */
export const handler = stepHandler('delete-db-snapshot', (e: Partial<DeleteRequest>) => retentionService().deleteSnapshot(e));
