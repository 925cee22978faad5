import { awsClient } from '../runtime/clients';
import { alertPublisher, perConfig } from '../services/instances';
import { SnapshotQuotaService } from '../services/snapshot-quota-service';

const quotaService = /* @__PURE__ */ perConfig((c) => new SnapshotQuotaService(c, awsClient, alertPublisher()));

/** Database backup, step 0: manual-snapshot quota headroom in both regions; a warning alert at 80 % or more. Never blocks the backup. */
export const handler = (e: { request?: unknown; execution?: { Id?: string } }) => quotaService().checkBeforeBackup(e);
