/**
 * Every hour (and so within the hour after a deploy): automated-backups replication to the backup
 * region is on for every protected database (lambdas/services/pitr-replication-service.ts).
 * Out: ReplicationReport (per database: started, running, refused or failed, each not-running one alerted).
 */
import { awsClient } from '../runtime/clients';
import { lazy } from '../runtime/lazy';
import { readRuntimeConfig } from '../runtime/runtime-config';
import { stepHandler } from '../runtime/step-handler';
import { alertPublisher } from '../services/instances';
import { PitrReplicationService, readPitrRetentionDays } from '../services/pitr-replication-service';

const service = lazy(
  (k) => new PitrReplicationService(k.config, awsClient, alertPublisher(), k.retentionDays),
  () => ({ config: readRuntimeConfig(), retentionDays: readPitrRetentionDays() }),
);

export const handler = stepHandler('ensure-pitr-replication', () => service().ensureAll());
