/** Replica workflow wait step: NotReady until the replica is available. In: ReplicaRef. */
import { stepHandler } from '../runtime/step-handler';
import { replicas } from '../services/failover-instances';
import type { ReplicaRef } from '../services/replica-service';

export const handler = stepHandler('check-read-replica', (e: ReplicaRef) => replicas().waitForReplica(e));
