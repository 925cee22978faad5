/** Instance facts for the failover guard tests: a healthy replica of a primary, and helpers to vary one field. */
import type { InstanceFacts } from '../../../../lambdas/domain/failover/instance-facts';
import type { PrimarySignals } from '../../../../lambdas/domain/failover/primary-health';

export const NOW = new Date('2026-12-03T03:10:00Z');
export const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();

export const primary = (o: Partial<InstanceFacts> = {}): InstanceFacts => ({
  id: 'muejam-db-prod',
  arn: 'arn:aws:rds:us-east-1:123456789012:db:muejam-db-prod',
  status: 'available',
  az: 'us-east-1a',
  replicaIds: ['muejam-db-prod-replica'],
  encrypted: true,
  backupRetentionDays: 7,
  endpoint: { address: 'muejam-db-prod.abc.us-east-1.rds.amazonaws.com', port: 5432 },
  securityGroupIds: ['sg-0123456789abcdef0'],
  tags: {},
  ...o,
});

export const replica = (o: Partial<InstanceFacts> = {}): InstanceFacts => ({
  id: 'muejam-db-prod-replica',
  arn: 'arn:aws:rds:us-east-1:123456789012:db:muejam-db-prod-replica',
  status: 'available',
  az: 'us-east-1b',
  sourceId: 'muejam-db-prod',
  replicaIds: [],
  replication: { status: 'replicating', normal: true },
  encrypted: true,
  backupRetentionDays: 0,
  endpoint: { address: 'muejam-db-prod-replica.abc.us-east-1.rds.amazonaws.com', port: 5432 },
  securityGroupIds: ['sg-0123456789abcdef0'],
  tags: { 'muejam:managed-by': 'muejam-backup-dr', 'muejam:deployment': 'prod', 'muejam:resource': 'muejam-db-prod' },
  ...o,
});

export const downSignals = (o: Partial<PrimarySignals> = {}): PrimarySignals => ({
  status: 'stopped',
  probe: { reachable: false, detail: 'connect ECONNREFUSED' },
  alarm: { name: 'muejam-backup-dr-prod-muejam-db-prod-primary-down', state: 'ALARM', since: ago(600) },
  ...o,
});

export const upSignals = (): PrimarySignals => ({
  status: 'available',
  probe: { reachable: true, detail: 'connected in 3 ms' },
  alarm: { name: 'muejam-backup-dr-prod-muejam-db-prod-primary-down', state: 'OK', since: ago(6000) },
});
