/**
 * Database restore, last step (reusable). Publishes RestoreSucceeded, RestoreDuration, RestoredDataAge
 * and WorkflowSucceeded (dimensions Workflow = the caller's `workflow`, Resource, Region) and an
 * information alert naming what was restored, where, by which execution and input.
 * In:  { workflow: "database-restore"|<caller's>, plan, restore, available, verification, execution: $$.Execution }
 * Out: DbRestoreResult (endpoint, region, restoredTo, rtoSeconds and its parts, next step)
 */
import { stepHandler } from '../runtime/step-handler';
import type { RecordRestoreInput } from '../services/restore-outcome-service';
import { restoreOutcomeService } from '../services/restore-instances';

export const handler = stepHandler('record-db-restore', (e: RecordRestoreInput) => restoreOutcomeService().recordSucceeded(e));
