/**
 * Redis area: how long the ElastiCache snapshots (and, by S3 lifecycle, the
 * exported objects) are kept. The groups themselves are core (`muejam.redisGroups`).
 */
import { defineArea } from './area';
import { contextValue, numberValue } from './context-values';

export interface RedisAreaConfig {
  redisRetentionDays: number;
}

export const REDIS_DEFAULTS = { redisRetentionDays: 30 } as const;

export const redisArea = defineArea({
  name: 'redis',
  keyPrefix: '',
  fields: {
    redisRetentionDays: contextValue({ kind: 'number', default: REDIS_DEFAULTS.redisRetentionDays, ...numberValue(1, 3660) }),
  },
  build: (v): RedisAreaConfig => ({ ...v }),
});
