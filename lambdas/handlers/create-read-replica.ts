/** Replica workflow step 1: checks (known database, AZ other than the primary's), then CreateDBInstanceReadReplica, tagged; continues with the same replica when it exists. In: { input, execution }. */
import { stepHandler } from '../runtime/step-handler';
import type { ExecutionRef } from '../services/failover-lock-service';
import { replicas } from '../services/failover-instances';

export const handler = stepHandler('create-read-replica', (e: { input: unknown; execution: ExecutionRef }) =>
  replicas().createReadReplica(e.input, e.execution),
);
