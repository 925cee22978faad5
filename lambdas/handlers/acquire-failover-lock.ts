/** Failover step 1: validate the request, then take the database's failover lock (single flight) or refuse with FailoverLockHeld. In: { input, execution }. */
import { stepHandler } from '../runtime/step-handler';
import { parseFailoverRequest } from '../domain/failover/request';
import { databaseFailoverSettings, FAILOVER_SETTINGS } from '../domain/settings/failover';
import { readRuntimeConfig } from '../runtime/runtime-config';
import { failoverLocks } from '../services/failover-instances';
import type { ExecutionRef } from '../services/failover-lock-service';

export const handler = stepHandler('acquire-failover-lock', (e: { input: unknown; execution: ExecutionRef }) => {
  const s = FAILOVER_SETTINGS.read();
  const req = parseFailoverRequest(e.input, readRuntimeConfig().databases, (db) => databaseFailoverSettings(s, db).replica?.id);
  return failoverLocks().acquire(req.database, e.execution);
});
