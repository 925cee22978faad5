/** Scheduled replica health check: publishes ReplicaHealthy, ReplicaCount, ReplicaLagSeconds and PrimaryHealthy per database. In: { input: { dbInstanceIdentifier? } } (strict: lambdas/domain/inputs/replica-health.ts). */
import { replicaHealthInput } from '../domain/inputs/replica-health';
import { parseInput } from '../domain/inputs/strict';
import { stepHandler } from '../runtime/step-handler';
import { replicas } from '../services/failover-instances';

export const handler = stepHandler('check-replica-health', (e: { input?: unknown }) =>
  replicas().checkReplicaHealth(parseInput(replicaHealthInput, e?.input ?? {}, 'input')),
);
