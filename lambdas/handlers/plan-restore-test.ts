/**
 * Restore test, step 2: which database, which region (primary / backup / alternate by ISO week),
 * the throwaway instance `<prefix>-rt-<db>-<yyyymmdd>` and the request for the reused validate
 * step (snapshotId "latest" = the newest verified backup there; purpose "restore-test").
 * In:  { input: $$.Execution.Input ({ dbInstanceIdentifier, region?, scheduledTime? }), execution }
 * Out: RestoreTestTarget (lambdas/services/restore-test-service.ts)
 */
import { stepHandler } from '../runtime/step-handler';
import type { ExecutionRef } from '../services/execution-ref';
import { restoreTestService } from '../services/restore-test-instances';

export const handler = stepHandler('plan-restore-test', (e: { input: unknown; execution: ExecutionRef }) =>
  restoreTestService().plan(e?.input, e?.execution),
);
