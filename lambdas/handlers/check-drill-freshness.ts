/**
 * Daily: seconds since the last DR drill that passed, per protected database (DrDrillSinceSuccess;
 * the 100-day alarm reads it, and missing data breaches). In: {}   Out: { <db>: seconds | null }
 */
import { DRILL_SETTINGS } from '../domain/settings/drill';
import { readRuntimeConfig } from '../runtime/runtime-config';
import { stepHandler } from '../runtime/step-handler';
import { drDrillReport } from '../services/dr-drill-instances';

export const handler = stepHandler('check-drill-freshness', () =>
  drDrillReport().sinceLastSuccess(DRILL_SETTINGS.read().reportBucket, readRuntimeConfig().backupRegion),
);
