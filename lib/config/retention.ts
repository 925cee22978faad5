/**
 * Retention area: `muejam.retention.<field>`, one key per policy field. The
 * fields, defaults and ranges are the plan's (lambdas/domain/retention/policy.ts);
 * each value is checked with the same zod field schema the settings use
 * (lambdas/domain/settings/retention.ts).
 */
import { DEFAULT_RETENTION_POLICY, RETENTION_POLICY_RANGES, type RetentionPolicy } from '../../lambdas/domain/retention/policy';
import { retentionFieldSchema } from '../../lambdas/domain/settings/retention';
import { defineArea } from './area';
import { contextValue } from './context-values';

/** The retention policy: one definition (fields, defaults, allowed ranges) shared with the plan. */
export type RetentionConfig = RetentionPolicy;

export const DEFAULT_RETENTION: RetentionConfig = { ...DEFAULT_RETENTION_POLICY };

const RETENTION_KEYS = Object.keys(DEFAULT_RETENTION) as (keyof RetentionConfig)[];

function field(k: keyof RetentionConfig) {
  const [min, max] = RETENTION_POLICY_RANGES[k];
  return contextValue({
    kind: 'number',
    default: DEFAULT_RETENTION[k],
    allowed: `a whole number from ${min} to ${max}`,
    value: retentionFieldSchema(k),
  });
}

const fields = Object.fromEntries(RETENTION_KEYS.map((k) => [k, field(k)])) as Record<keyof RetentionConfig, ReturnType<typeof field>>;

export const retentionArea = defineArea({
  name: 'retention',
  keyPrefix: 'retention.',
  fields,
  build: (v): { retention: RetentionConfig } => ({ retention: { ...v } }),
});
