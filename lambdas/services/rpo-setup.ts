/**
 * Wiring of the RPO check and getBackupMetrics from the runtime
 * configuration: which recovery point sources exist (databases always,
 * caches when the deployment protects Redis groups) and the RPO.
 */
import { awsClient, type ClientFactory } from '../runtime/clients';
import { lazy } from '../runtime/lazy';
import { validateRpoHours } from '../domain/metrics/rpo';
import { type RuntimeConfig, readRuntimeConfig } from '../runtime/runtime-config';
import { MetricsService } from './metrics-service';
import { readRedisBuckets } from './redis-config';
import { RpoCheckService } from './rpo-check-service';
import { RdsRecoveryPoints, type RecoveryPointSource, RedisRecoveryPoints } from './rpo-recovery-points';

export const RPO_ENV = 'RPO_HOURS';
export const DEFAULT_RPO_HOURS = 6;

export function readRpoHours(env: NodeJS.ProcessEnv = process.env): number {
  const v = env[RPO_ENV]?.trim();
  return v ? validateRpoHours(v, `env ${RPO_ENV}`) : DEFAULT_RPO_HOURS;
}

export function recoveryPointSources(
  c: RuntimeConfig,
  clients: ClientFactory,
  env: NodeJS.ProcessEnv = process.env,
): RecoveryPointSource[] {
  const sources: RecoveryPointSource[] = [
    new RdsRecoveryPoints({
      deploymentId: c.deploymentId,
      primaryRegion: c.primaryRegion,
      backupRegion: c.backupRegion,
      databases: c.databases,
      clients,
    }),
  ];
  if (c.redisGroups.length > 0) {
    sources.push(
      new RedisRecoveryPoints({
        deploymentId: c.deploymentId,
        primaryRegion: c.primaryRegion,
        groups: c.redisGroups,
        buckets: readRedisBuckets(env),
        clients,
      }),
    );
  }
  return sources;
}

export function rpoCheckFor(c: RuntimeConfig, clients: ClientFactory, env: NodeJS.ProcessEnv = process.env): RpoCheckService {
  return new RpoCheckService({
    primaryRegion: c.primaryRegion,
    backupRegion: c.backupRegion,
    rpoHours: readRpoHours(env),
    sources: recoveryPointSources(c, clients, env),
  });
}

export function metricsServiceFor(c: RuntimeConfig, clients: ClientFactory, env: NodeJS.ProcessEnv = process.env): MetricsService {
  return new MetricsService({
    primaryRegion: c.primaryRegion,
    backupRegion: c.backupRegion,
    namespace: c.metricsNamespace,
    rpoHours: readRpoHours(env),
    sources: recoveryPointSources(c, clients, env),
    clients,
  });
}

/** The RPO check of the current runtime configuration, made once per container (re-made if the configuration changes, as in-process runs do). */
export const rpoCheck = /* @__PURE__ */ lazy(
  (k) => rpoCheckFor(k.config, awsClient),
  () => {
    const config = readRuntimeConfig();
    return { config, rpoHours: readRpoHours(), buckets: config.redisGroups.length > 0 ? readRedisBuckets() : undefined };
  },
);
