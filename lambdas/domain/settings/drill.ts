/**
 * DR drill settings (`muejam.drill.*` and the deployment's targets): one zod schema, used by
 * CDK (lib/config/drill.ts, validated at synth) and by the drill's Lambdas (the JSON
 * variable MUEJAM_SETTINGS_DRILL). The drill DNS record is not here: it is the failover's
 * `muejam.failover.databases.<db>.drillDns` (one place for it; the failover refuses any
 * other). Pure.
 */
import { z } from 'zod';
import { defineSettings } from './settings-env';

const hours = (what: string) =>
  z
    .number({ error: `must be a number of hours greater than 0 (${what})` })
    .positive({ error: `must be a number of hours greater than 0 (${what})` })
    .max(168, { error: `must be at most 168 hours (${what})` });

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const DRILL_SETTINGS_SCHEMA = z.strictObject({
  /** The deployment's targets (muejam.rtoHours, muejam.rpoHours). */
  rtoHours: hours('muejam.rtoHours'),
  rpoHours: hours('muejam.rpoHours'),
  /** Tighter goals for the drill; ignored when looser than the targets. */
  rtoGoalHours: hours('muejam.drill.rtoGoalHours').optional(),
  rpoGoalHours: hours('muejam.drill.rpoGoalHours').optional(),
  /** The backup region's bucket the reports go to (key prefix dr-drill/). */
  reportBucket: z
    .string({ error: 'must be an S3 bucket name' })
    .regex(BUCKET, { error: (i) => `${JSON.stringify(i.input)} is not an S3 bucket name` }),
  /** A backup younger than this may still be copying: the inventory lists it as in flight. */
  inFlightMinutes: z
    .number({ error: 'must be a whole number of minutes from 10 to 1440' })
    .int({ error: 'must be a whole number of minutes from 10 to 1440' })
    .min(10, { error: 'must be a whole number of minutes from 10 to 1440' })
    .max(1440, { error: 'must be a whole number of minutes from 10 to 1440' })
    .default(120),
});

export type DrillSettings = z.output<typeof DRILL_SETTINGS_SCHEMA>;

export const DRILL_SETTINGS = defineSettings('drill', DRILL_SETTINGS_SCHEMA);

export const DRILL_REPORT_PREFIX = 'dr-drill/';
