/**
 * The services a handler uses, made once per container on first use, so a
 * configuration error surfaces as a clear step failure, not an import crash.
 */
import { clientsFor } from '../aws/clients';
import { readRuntimeConfig } from '../runtime-config';
import { AlertPublisher } from './alert-publisher';
import { BackupService } from './backup-service';

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export const backupService = once(() => new BackupService(readRuntimeConfig(), clientsFor));
export const alertPublisher = once(() => new AlertPublisher(readRuntimeConfig(), clientsFor));
