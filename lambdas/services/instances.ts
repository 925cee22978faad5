/**
 * The services a handler uses, made on first use and kept for the container's
 * life (lambdas/runtime/lazy.ts), so a configuration error surfaces as a clear
 * step failure, not an import crash; re-made when the runtime configuration
 * changes (in Lambda: never; in-process runs may switch deployments).
 */
import { awsClient } from '../runtime/clients';
import { lazy } from '../runtime/lazy';
import { AlertPublisher } from './alert-publisher';
import { BackupService } from './backup-service';

export const backupService = /* @__PURE__ */ lazy((c) => new BackupService(c, awsClient));
export const alertPublisher = /* @__PURE__ */ lazy((c) => new AlertPublisher(c, awsClient));
