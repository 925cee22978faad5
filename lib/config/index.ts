/**
 * Typed configuration of one deployment, read from CDK context and validated
 * at synth time (and by the CLI, which reads the same cdk.json and `-c`).
 * Pure: no CDK constructs, no AWS calls; a wrong value fails `cdk synth`
 * before anything is built. docs/configuration.md lists every key.
 *
 * Every key lives in cdk.json under "context" as `muejam.<name>` (or
 * `muejam.<area>.<field>`), so one value can be overridden on the command line:
 * `cdk synth -c muejam.backupRegion=eu-west-1`. One rule for all of them: an
 * unknown `muejam.*` key is refused with the nearest known key, an empty value
 * is refused (never silently the default), every value is checked by a zod
 * schema and every problem is reported at once, naming the key.
 *
 * HOW TO ADD AN AREA (e.g. a recovery workflow's settings, `lib/config/restore.ts`):
 *
 * 1. Settings the Lambdas need: write their zod schema in
 *    `lambdas/domain/settings/restore.ts` with `defineSettings('restore', z.strictObject({...}))`
 *    (lambdas/domain/settings/settings-env.ts). That ONE schema is used twice:
 *    CDK sets `...RESTORE_SETTINGS.environment(config.restore)` on the workflow's
 *    Lambdas (one JSON variable, MUEJAM_SETTINGS_RESTORE) and the service parses
 *    it at runtime with `RESTORE_SETTINGS.read()`. lib imports lambdas/domain,
 *    never the reverse.
 * 2. Context keys: write `lib/config/restore.ts` exporting
 *    `restoreArea = defineArea({ name: 'restore', keyPrefix: 'restore.', fields: {...}, build })`;
 *    each field is `contextValue({ kind, default, allowed, value })` where
 *    `value` is preferably the settings schema's field
 *    (`RESTORE_SETTINGS_SCHEMA.shape.maxHours`); `build` returns the slice,
 *    e.g. `{ restore: {...} }`, and runs the checks across keys with ctx.problem.
 *    See retention.ts for a complete small example.
 * 3. Register it here: add the area to AREAS and its slice type to BackupConfig
 *    (two lines), then add a row per key to docs/configuration.md (a test
 *    checks every key is documented) and the keys to cdk.json if they should be visible.
 */
import { describeIssues } from '../../lambdas/domain/inputs/strict';
import { unknownKeyMessage } from '../../lambdas/domain/inputs/nearest-key';
import { alertsArea, type AlertConfig } from './alerts';
import { type AreaValues, type ConfigArea, areaContextKeys } from './area';
import { CONTEXT_PREFIX, ConfigError, type ContextLookup } from './context-values';
import { coreArea, type CoreConfig } from './core';
import { drillArea, type DrillConfig } from './drill';
import { failoverArea, type FailoverConfig } from './failover';
import { redisArea, type RedisAreaConfig } from './redis';
import { restoreArea, type RestoreConfig } from './restore';
import { restoreTestArea, type RestoreTestConfig } from './restore-test';
import { retentionArea, type RetentionConfig } from './retention';
import { schedulesArea, type ScheduleConfig } from './schedules';

export * from './rules';
export { CONTEXT_PREFIX, ConfigError, type ContextLookup, contextValue, numberValue, ruled } from './context-values';
export { type AreaContext, type ConfigArea, defineArea } from './area';
export { PLACEHOLDER_ACCOUNT, type CoreConfig } from './core';
export { DEFAULT_RETENTION, type RetentionConfig } from './retention';
export { scheduleValue, type ScheduleConfig } from './schedules';
export type { AlertConfig } from './alerts';
export type { RedisAreaConfig } from './redis';
export { FAILOVER_DEFAULTS, type FailoverConfig } from './failover';
export { RESTORE_TEST_DEFAULTS, type RestoreTestConfig } from './restore-test';
export { DRILL_DEFAULTS, type DrillConfig } from './drill';
export { RESTORE_DEFAULTS, type RestoreConfig } from './restore';
export { backupKeyAlias, resourcePrefix, toRuntimeConfig } from './names';

import { ALERT_DEFAULTS } from './alerts';
import { CORE_DEFAULTS } from './core';
import { REDIS_DEFAULTS } from './redis';
import { SCHEDULE_DEFAULTS } from './schedules';

/** The whole configuration: one slice per area. */
export interface BackupConfig extends CoreConfig, ScheduleConfig, RedisAreaConfig, AlertConfig, FailoverConfig {
  retention: RetentionConfig;
  restoreTest: RestoreTestConfig;
  drill: DrillConfig;
  restore: RestoreConfig;
}

/** Every area, in the order they are read (an area's `build` sees the slices of those before it). */
export const AREAS: readonly ConfigArea[] = [
  coreArea,
  schedulesArea,
  retentionArea,
  redisArea,
  alertsArea,
  restoreArea,
  failoverArea,
  restoreTestArea,
  drillArea,
] as unknown as ConfigArea[];

export const DEFAULTS = { ...CORE_DEFAULTS, ...SCHEDULE_DEFAULTS, ...REDIS_DEFAULTS, ...ALERT_DEFAULTS } as const;

/** Every context key the areas read, with its `muejam.` prefix. */
export const CONTEXT_KEYS: readonly string[] = [...new Set(AREAS.flatMap(areaContextKeys))];

export interface LoadConfigOptions {
  /** Reads one context key (app.node.tryGetContext). */
  context: ContextLookup;
  /** All context keys present (to reject misspelt `muejam.*` keys). Optional. */
  contextKeys?: string[];
  /** CDK_DEFAULT_ACCOUNT, set by the CDK CLI when credentials are available. */
  defaultAccount?: string;
}

/** Reads one area; its problems are pushed in the order of its fields. */
function readArea(area: ConfigArea, options: LoadConfigOptions, earlier: Record<string, unknown>, problems: string[]): object {
  const order = Object.keys(area.fields);
  const found: { index: number; text: string }[] = [];
  const refused = new Set<string>();
  const values: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(area.fields)) {
    const name = `${CONTEXT_PREFIX}${area.keyPrefix}${key}`;
    const r = schema.safeParse(options.context(name));
    if (r.success) {
      values[key] = r.data;
      continue;
    }
    refused.add(key);
    // The default stands in, so the other checks still run and every problem is reported at once.
    values[key] = schema.safeParse(undefined).data;
    for (const p of describeIssues(r.error.issues, name)) found.push({ index: order.indexOf(key), text: `${p.field}: ${p.message}` });
  }
  const slice = area.build(
    values as AreaValues<typeof area.fields>,
    {
      defaultAccount: options.defaultAccount,
      problem: (key, message) => found.push({ index: order.indexOf(key), text: `${CONTEXT_PREFIX}${area.keyPrefix}${key}: ${message}` }),
      valid: (key) => !refused.has(key),
    },
    earlier,
  );
  problems.push(...found.sort((a, b) => a.index - b.index).map((f) => f.text));
  return slice;
}

/** Reads and validates the whole configuration; throws ConfigError listing every problem. */
export function loadConfig(options: LoadConfigOptions): BackupConfig {
  const problems: string[] = [];
  for (const key of options.contextKeys ?? []) {
    if (key.startsWith(CONTEXT_PREFIX) && !CONTEXT_KEYS.includes(key))
      problems.push(`${key}: ${unknownKeyMessage(key, CONTEXT_KEYS, 'key')}`);
  }
  let config: Record<string, unknown> = {};
  for (const area of AREAS) config = { ...config, ...readArea(area, options, config, problems) };
  if (problems.length > 0) throw new ConfigError(problems);
  return config as unknown as BackupConfig;
}
