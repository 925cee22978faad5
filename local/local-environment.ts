/**
 * The runtime configuration and process environment for running the handlers
 * in-process against an emulator (moto_server or LocalStack).
 */
import { DEFAULT_NAMESPACE } from '../lambdas/domain/metrics/catalog';
import { logger } from '../lambdas/runtime/powertools';
import { type RuntimeConfig, runtimeEnvironment } from '../lambdas/runtime/runtime-config';

export function backupKeyAlias(deploymentId: string): string {
  return `alias/muejam-backup-dr-${deploymentId}`;
}

export function stateMachineName(deploymentId: string, workflow: string): string {
  return `muejam-backup-dr-${deploymentId}-${workflow}`;
}

/** The platform's defaults, for a throwaway deployment in the emulator. */
export function localRuntimeConfig(o: Partial<RuntimeConfig> = {}): RuntimeConfig {
  const deploymentId = o.deploymentId ?? 'rehearsal';
  return {
    deploymentId,
    primaryRegion: 'us-east-1',
    backupRegion: 'us-west-2',
    backupKmsKeyAlias: backupKeyAlias(deploymentId),
    databases: ['muejam-db-prod'],
    redisGroups: ['muejam-redis-prod'],
    snapshotPrefix: 'muejam',
    alertTopicArn: `arn:aws:sns:us-east-1:123456789012:muejam-backup-dr-${deploymentId}-alerts`,
    metricsNamespace: DEFAULT_NAMESPACE,
    ...o,
  };
}

/**
 * Points every SDK client and handler at the emulator. Sets dummy credentials
 * only when none are set, silences Powertools' JSON logs (the caller prints
 * progress), and marks the process as local so that workflows may accept
 * test-only inputs such as a clock override.
 */
export function applyLocalEnvironment(config: RuntimeConfig, endpoint: string, extra: Record<string, string> = {}): void {
  const env: Record<string, string> = {
    ...runtimeEnvironment(config),
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: config.primaryRegion,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    MUEJAM_LOCAL_RUN: 'true',
    ...extra,
  };
  if (!process.env.AWS_ACCESS_KEY_ID) {
    env.AWS_ACCESS_KEY_ID = 'test';
    env.AWS_SECRET_ACCESS_KEY = 'test';
  }
  Object.assign(process.env, env);
  // The handlers' logger was made when they were imported, before this environment: give it the level now.
  logger.setLogLevel(env.POWERTOOLS_LOG_LEVEL as Parameters<typeof logger.setLogLevel>[0]);
}
