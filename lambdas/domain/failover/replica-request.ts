/**
 * create-replica's console input and the checks before anything is created:
 *
 *   { "dbInstanceIdentifier": "muejam-db-prod", "availabilityZone": "us-east-1b",
 *     "replicaId": "muejam-db-prod-replica", "instanceClass": "db.r6g.large" }
 *
 * Defaults come from the database's replica declaration
 * (muejam.failover.databases.<db>.replica); the AZ must differ from the
 * primary's (checked against the primary's description before creating).
 */
import type { z } from 'zod';
import { InvalidInput } from '../../errors';
import { parseInput, rdsInstanceId, strictInput, text } from '../inputs/strict';
import type { ReplicaDeclaration } from '../settings/failover';
import { defaultReplicaId } from './names';

const AZ = /^[a-z]{2}(?:-[a-z]+)+-\d[a-z]$/;
const INSTANCE_CLASS = /^db\.[a-z0-9]+\.[a-z0-9]+$/;

export const CREATE_REPLICA_INPUT = strictInput({
  dbInstanceIdentifier: rdsInstanceId(),
  replicaId: rdsInstanceId().optional(),
  availabilityZone: text('an availability zone such as "us-east-1b"', (v) =>
    AZ.test(v) ? undefined : `"${v}" is not an availability zone such as "us-east-1b"`,
  ).optional(),
  instanceClass: text('an RDS instance class such as "db.r6g.large"', (v) =>
    INSTANCE_CLASS.test(v) ? undefined : `"${v}" is not an RDS instance class such as "db.r6g.large"`,
  ).optional(),
});

export const CREATE_REPLICA_INPUT_EXAMPLE = { dbInstanceIdentifier: 'muejam-db-prod', availabilityZone: 'us-east-1b' };

export interface CreateReplicaRequest {
  database: string;
  replicaId: string;
  availabilityZone: string;
  instanceClass?: string;
}

export function parseCreateReplicaRequest(
  input: unknown,
  protectedDatabases: readonly string[],
  declared: (db: string) => ReplicaDeclaration | undefined,
): CreateReplicaRequest {
  const i = parseInput(CREATE_REPLICA_INPUT as z.ZodType<z.output<typeof CREATE_REPLICA_INPUT>>, input, 'input');
  const db = i.dbInstanceIdentifier;
  if (!protectedDatabases.includes(db)) {
    throw new InvalidInput(
      'input.dbInstanceIdentifier',
      `unknown database "${db}"; this deployment protects: ${protectedDatabases.join(', ') || '(none)'}`,
    );
  }
  const d = declared(db);
  const az = i.availabilityZone ?? d?.availabilityZone;
  if (!az)
    throw new InvalidInput(
      'input.availabilityZone',
      `is required: ${db} declares no replica AZ (muejam.failover.databases.${db}.replica.availabilityZone); give one other than the primary's`,
    );
  const replicaId = i.replicaId ?? d?.id ?? defaultReplicaId(db);
  if (replicaId === db) throw new InvalidInput('input.replicaId', `"${replicaId}" is the database itself; give the new replica its own id`);
  return { database: db, replicaId, availabilityZone: az, instanceClass: i.instanceClass ?? d?.instanceClass };
}

/** Problems of a replica after creation: another AZ than the primary, encrypted, replicating from it. */
export function replicaVerificationProblems(
  primary: { id: string; az?: string },
  replica: { az?: string; encrypted: boolean; sourceId?: string; replication?: { status: string; normal: boolean } },
): string[] {
  const out: string[] = [];
  if (!replica.az || replica.az === primary.az)
    out.push(`replica is in ${replica.az ?? 'an unknown AZ'}, the primary's AZ is ${primary.az ?? 'unknown'}: it must be another AZ`);
  if (!replica.encrypted) out.push('replica storage is not encrypted');
  if (replica.sourceId !== primary.id) out.push(`replica replicates from ${replica.sourceId ?? 'nothing'}, not ${primary.id}`);
  const r = replica.replication;
  if (!r) out.push('RDS reports no read replication status yet');
  else if (!(r.normal && r.status === 'replicating')) out.push(`read replication is ${r.status} (normal=${r.normal})`);
  return out;
}
