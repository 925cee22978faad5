/**
 * The failover's console input, validated before anything is read or changed:
 *
 *   { "dbInstanceIdentifier": "muejam-db-prod", "reason": "primary unreachable since 03:02",
 *     "targetReplicaId": "muejam-db-prod-replica", "force": false }
 *
 * `targetReplicaId` defaults to the configured replica; `force` needs a reason;
 * `dns` (a DR drill) names the drill record; `trigger` says who started it.
 */
import type { z } from 'zod';
import { InvalidInput } from '../../errors';
import { flag, isoDateTime, oneOf, parseInput, rdsInstanceId, strictInput, text } from '../inputs/strict';

export const FAILOVER_INPUT = strictInput({
  dbInstanceIdentifier: rdsInstanceId(),
  targetReplicaId: rdsInstanceId().optional(),
  reason: text('why you fail over, e.g. "primary unreachable since 03:02"').optional(),
  force: flag('fail over although the primary is not confirmed down; needs a reason').optional(),
  trigger: oneOf(['manual', 'alarm'] as const, 'who started it').optional(),
  /** When the failover was asked for (the alarm's time for automatic runs): the start of the RTO. */
  requestedAt: isoDateTime().optional(),
  dns: strictInput({
    hostedZoneId: text("the drill record's Route 53 hosted zone id"),
    recordName: text('the drill record name'),
  }).optional(),
});

export const FAILOVER_INPUT_EXAMPLE = {
  dbInstanceIdentifier: 'muejam-db-prod',
  targetReplicaId: 'muejam-db-prod-replica',
  reason: 'primary unreachable since 03:02',
};

export interface FailoverRequest {
  database: string;
  targetReplicaId: string;
  reason: string;
  force: boolean;
  trigger: 'manual' | 'alarm';
  requestedAt?: string;
  dns?: { hostedZoneId: string; recordName: string };
}

/** Parses and checks the input; `protectedDatabases` and the configured replica id come from the deployment. */
export function parseFailoverRequest(
  input: unknown,
  protectedDatabases: readonly string[],
  configuredReplica: (db: string) => string | undefined,
): FailoverRequest {
  const i = parseInput(FAILOVER_INPUT as z.ZodType<z.output<typeof FAILOVER_INPUT>>, input, 'input');
  const db = i.dbInstanceIdentifier;
  if (!protectedDatabases.includes(db)) {
    throw new InvalidInput(
      'input.dbInstanceIdentifier',
      `unknown database "${db}"; this deployment protects: ${protectedDatabases.join(', ') || '(none)'}`,
    );
  }
  const force = i.force === true;
  const reason = i.reason ?? '';
  if (force && reason === '')
    throw new InvalidInput('input.reason', 'is required with "force": true (say why you fail over a primary that is not confirmed down)');
  const trigger = i.trigger ?? 'manual';
  if (trigger === 'manual' && reason === '')
    throw new InvalidInput('input.reason', 'is required: say why you fail over, e.g. "primary unreachable since 03:02"');
  const target = i.targetReplicaId ?? configuredReplica(db);
  if (!target) {
    throw new InvalidInput(
      'input.targetReplicaId',
      `is required: ${db} declares no replica (muejam.failover.databases.${db}.replica.id); name the replica to promote`,
    );
  }
  if (target === db) throw new InvalidInput('input.targetReplicaId', `"${target}" is the database itself; name its read replica`);
  return {
    database: db,
    targetReplicaId: target,
    reason: reason || 'primary-down alarm',
    force,
    trigger,
    requestedAt: i.requestedAt,
    dns: i.dns,
  };
}
