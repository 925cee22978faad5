/**
 * The failover and replica-health metrics, in the same shape as the main
 * catalogue (catalog.ts): the health check and the failover publish them,
 * the alarms (lib/workflows/database-failover-workflow.ts) read them. Pure.
 */
import type { MetricDefinition } from './catalog';

const def = (
  name: string,
  unit: MetricDefinition['unit'],
  dimensions: MetricDefinition['dimensions'],
  description: string,
): MetricDefinition => ({
  name,
  unit,
  dimensions,
  description,
});

export const FAILOVER_METRICS = {
  replicaHealthy: def(
    'ReplicaHealthy',
    'Count',
    ['Resource'],
    '1 when the database has at least one healthy read replica in another AZ (fresh lag within the maximum), else 0.',
  ),
  replicaCount: def('ReplicaCount', 'Count', ['Resource'], 'Read replicas of the database found by the health check.'),
  replicaLagSeconds: def(
    'ReplicaLagSeconds',
    'Seconds',
    ['Resource'],
    'Smallest fresh ReplicaLag among the replicas; absent when none has a fresh datapoint.',
  ),
  primaryHealthy: def(
    'PrimaryHealthy',
    'Count',
    ['Resource'],
    '1 when the primary is available and accepts a TCP connection, else 0 (the primary-down alarm reads it).',
  ),
  failoverRto: def(
    'FailoverRto',
    'Seconds',
    ['Workflow', 'Resource'],
    'Failover request (or alarm) to the DNS record in sync on the new primary.',
  ),
  failoverRpo: def('FailoverRpo', 'Seconds', ['Workflow', 'Resource'], 'Replica lag at promotion: the data a failover may have lost.'),
} as const satisfies Record<string, MetricDefinition>;
