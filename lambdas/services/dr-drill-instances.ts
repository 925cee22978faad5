/**
 * The DR drill services a handler uses, made on first use and remade only when the runtime
 * configuration or the drill settings change (lambdas/runtime/lazy.ts). The emulator note
 * (what a local run cannot show) comes from the local runner's environment.
 */
import { DRILL_SETTINGS } from '../domain/settings/drill';
import { awsClient } from '../runtime/clients';
import { lazy } from '../runtime/lazy';
import { readRuntimeConfig } from '../runtime/runtime-config';
import { DrDrillReportService } from './dr-drill-report-service';
import { DrDrillService } from './dr-drill-service';
import { DrDrillTeardownService } from './dr-drill-teardown-service';

/** Set by the local runner only: what the emulator could not exercise, one item per line. */
export const NOT_EXERCISED_ENV = 'MUEJAM_DRILL_NOT_EXERCISED';

const key = () => ({ config: readRuntimeConfig(), drill: process.env[DRILL_SETTINGS.envName], note: process.env[NOT_EXERCISED_ENV] });

export const drDrill = lazy((k) => new DrDrillService(k.config, awsClient), key);
export const drDrillTeardown = lazy((k) => new DrDrillTeardownService(k.config, awsClient), key);
export const drDrillReport = lazy(
  (k) =>
    new DrDrillReportService(
      k.config,
      awsClient,
      new DrDrillTeardownService(k.config, awsClient),
      () => new Date(),
      (k.note ?? '').split('\n').filter(Boolean),
    ),
  key,
);
