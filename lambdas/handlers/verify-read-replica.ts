/** Replica workflow last step: another AZ than the primary's, encrypted, replicating normally. In: ReplicaRef. */
import { stepHandler } from '../runtime/step-handler';
import { replicas } from '../services/failover-instances';
import type { ReplicaRef } from '../services/replica-service';

export const handler = stepHandler('verify-read-replica', (e: ReplicaRef) => replicas().verifyReplica(e));
