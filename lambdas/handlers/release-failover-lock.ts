/** Every path of the failover ends here: releases the lock if this execution holds it (a no-op otherwise). In: { input, execution }. */
import { stepHandler } from '../runtime/step-handler';
import { failoverLocks } from '../services/failover-instances';
import type { ExecutionRef } from '../services/failover-lock-service';

export const handler = stepHandler('release-failover-lock', (e: { input?: { dbInstanceIdentifier?: unknown }; execution: ExecutionRef }) =>
  failoverLocks().release(e.input?.dbInstanceIdentifier, e.execution),
);
