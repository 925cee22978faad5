/**
 * The database restore services a handler uses, made once per container and remade only when
 * the runtime configuration or the restore settings change (in-process runs switch deployments).
 */
import { readRestoreSettings } from '../domain/settings/restore';
import { awsClient } from '../runtime/clients';
import { lazy } from '../runtime/lazy';
import { readRuntimeConfig } from '../runtime/runtime-config';
import { DatabaseRestoreService } from './database-restore-service';
import { alertPublisher } from './instances';
import { RestoreOutcomeService } from './restore-outcome-service';

const restoreKey = () => ({ config: readRuntimeConfig(), settings: readRestoreSettings() });

export const databaseRestoreService = lazy((k) => new DatabaseRestoreService(k.config, k.settings, awsClient), restoreKey);
export const restoreOutcomeService = lazy((k) => new RestoreOutcomeService(k.config, awsClient, alertPublisher()), restoreKey);
