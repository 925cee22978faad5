/** Scheduled replica health check: publishes ReplicaHealthy, ReplicaCount, ReplicaLagSeconds and PrimaryHealthy per database. In: { input: { dbInstanceIdentifier? } }. */
import { stepHandler } from '../runtime/step-handler';
import { replicas } from '../services/failover-instances';

export const handler = stepHandler('check-replica-health', (e: { input?: { dbInstanceIdentifier?: unknown } }) =>
  replicas().checkReplicaHealth(e?.input ?? {}),
);
