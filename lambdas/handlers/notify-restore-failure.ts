/**
 * Database restore, failure path (reusable). A critical alert naming the database, the step, the
 * cause and what the run created (checked now by the target's tags: instance and status, or
 * "nothing was created"); WorkflowFailed and RestoreFailed.
 * In:  { workflow, failedStep, error: { Error, Cause }, plan?: DbRestorePlan, execution: $$.Execution }
 * Out: { messageId, alert }
 */
import { stepHandler } from '../runtime/step-handler';
import type { RestoreFailureInput } from '../services/restore-outcome-service';
import { restoreOutcomeService } from '../services/restore-instances';

export const handler = stepHandler('notify-restore-failure', (e: RestoreFailureInput) => restoreOutcomeService().recordFailed(e));
