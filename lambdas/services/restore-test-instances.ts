/**
 * The restore-test services a handler uses, made once per container and remade only when the
 * runtime configuration or the restore-test settings change (in-process runs switch deployments).
 */
import { RESTORE_TEST_SETTINGS } from '../domain/settings/restore-test';
import { awsClient } from '../runtime/clients';
import { lazy } from '../runtime/lazy';
import { readRuntimeConfig } from '../runtime/runtime-config';
import { alertPublisher } from './instances';
import { RestoreTestChecks } from './restore-test-checks';
import { RestoreTestFreshness } from './restore-test-freshness';
import { RestoreTestRecorder } from './restore-test-record';
import { RestoreTestService } from './restore-test-service';

const key = () => ({ config: readRuntimeConfig(), settings: RESTORE_TEST_SETTINGS.read() });

export const restoreTestService = lazy((k) => new RestoreTestService(k.config, k.settings, awsClient), key);
export const restoreTestChecks = lazy((k) => new RestoreTestChecks(k.config, k.settings, awsClient), key);
export const restoreTestRecorder = lazy((k) => new RestoreTestRecorder(k.config, k.settings, awsClient, alertPublisher()), key);
export const restoreTestFreshness = lazy((k) => new RestoreTestFreshness(k.config, k.settings.reportBucket, awsClient), key);
