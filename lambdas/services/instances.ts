/**
 * The services a handler uses, made on first use and kept for the container's
 * life, so a configuration error surfaces as a clear step failure, not an
 * import crash. Keyed by the runtime configuration: in Lambda it never changes;
 * in-process runs (tests, the rehearsal) may switch deployments between runs.
 */
import { awsClient } from '../runtime/clients';
import { readRuntimeConfig, type RuntimeConfig } from '../runtime/runtime-config';
import { AlertPublisher } from './alert-publisher';
import { BackupService } from './backup-service';

export function perConfig<T>(make: (config: RuntimeConfig) => T): () => T {
  let key: string | undefined;
  let value: T | undefined;
  return () => {
    const config = readRuntimeConfig();
    const k = JSON.stringify(config);
    if (value === undefined || k !== key) {
      value = make(config);
      key = k;
    }
    return value;
  };
}

export const backupService = /* @__PURE__ */ perConfig((c) => new BackupService(c, awsClient));
export const alertPublisher = /* @__PURE__ */ perConfig((c) => new AlertPublisher(c, awsClient));
