/**
 * Console input of the replica health check (state-machines/replica-health.asl.json), as the
 * schedule sends it (one run per protected database) and as an operator types it. Structure
 * only: that the database is one this deployment protects is checked by the service.
 */
import type { z } from 'zod';
import { rdsInstanceId, strictInput } from './strict';

export const replicaHealthInput = strictInput({
  /** The protected database whose replicas are checked; absent: every protected database. */
  dbInstanceIdentifier: rdsInstanceId().optional(),
});

export type ReplicaHealthInput = z.output<typeof replicaHealthInput>;

/** The README's console input (the schedule sends the same). */
export const replicaHealthExample: ReplicaHealthInput = { dbInstanceIdentifier: 'muejam-db-prod' };
