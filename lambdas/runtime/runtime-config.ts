/**
 * The environment contract between the CDK stacks (which set these variables
 * on every step Lambda) and the handlers (which read them here, once).
 * The local runner sets the same variables before calling handlers in-process.
 */
import { InvalidInput } from '../errors';
import { DEFAULT_NAMESPACE, SERVICE_NAME } from '../domain/metrics/catalog';

export interface RuntimeConfig {
  /** Deployment id, e.g. "prod": part of every ownership tag and resource name. */
  deploymentId: string;
  primaryRegion: string;
  backupRegion: string;
  /** Alias (alias/...) of the customer-managed key in the backup region used for cross-region copies. */
  backupKmsKeyAlias: string;
  /** RDS instance identifiers this deployment protects. */
  databases: string[];
  /** ElastiCache replication groups this deployment protects. */
  redisGroups: string[];
  /** Prefix of every snapshot name this system makes. */
  snapshotPrefix: string;
  /** SNS topic that receives every failure alert. */
  alertTopicArn: string;
  metricsNamespace: string;
}

export const ENV = {
  deploymentId: 'DEPLOYMENT_ID',
  primaryRegion: 'PRIMARY_REGION',
  backupRegion: 'BACKUP_REGION',
  backupKmsKeyAlias: 'BACKUP_KMS_KEY_ALIAS',
  databases: 'DATABASES',
  redisGroups: 'REDIS_GROUPS',
  snapshotPrefix: 'SNAPSHOT_PREFIX',
  alertTopicArn: 'ALERT_TOPIC_ARN',
  metricsNamespace: 'METRICS_NAMESPACE',
} as const satisfies Record<keyof RuntimeConfig, string>;

function required(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (!v || !v.trim()) throw new InvalidInput(`env ${name}`, 'is required and must not be empty');
  return v.trim();
}

function list(env: NodeJS.ProcessEnv, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The CloudWatch namespace of the metrics: METRICS_NAMESPACE (set by CDK), else Powertools' own variable, else the default. */
export function metricsNamespace(env: NodeJS.ProcessEnv = process.env): string {
  return env[ENV.metricsNamespace]?.trim() || env.POWERTOOLS_METRICS_NAMESPACE?.trim() || DEFAULT_NAMESPACE;
}

/** The Powertools service name on every log line and metric. */
export function serviceName(env: NodeJS.ProcessEnv = process.env): string {
  return env.POWERTOOLS_SERVICE_NAME?.trim() || SERVICE_NAME;
}

/** The endpoint every SDK client talks to instead of AWS (the local emulator), when set. */
export function endpointOverride(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.AWS_ENDPOINT_URL?.trim() || undefined;
}

/** Reads and validates the runtime configuration from the environment. */
export function readRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  return {
    deploymentId: required(env, ENV.deploymentId),
    primaryRegion: required(env, ENV.primaryRegion),
    backupRegion: required(env, ENV.backupRegion),
    backupKmsKeyAlias: required(env, ENV.backupKmsKeyAlias),
    databases: list(env, ENV.databases),
    redisGroups: list(env, ENV.redisGroups),
    snapshotPrefix: required(env, ENV.snapshotPrefix),
    alertTopicArn: required(env, ENV.alertTopicArn),
    metricsNamespace: metricsNamespace(env),
  };
}

/** Inverse of readRuntimeConfig: the variables to set for a given config (used by CDK and the local runner). */
export function runtimeEnvironment(c: RuntimeConfig): Record<string, string> {
  return {
    [ENV.deploymentId]: c.deploymentId,
    [ENV.primaryRegion]: c.primaryRegion,
    [ENV.backupRegion]: c.backupRegion,
    [ENV.backupKmsKeyAlias]: c.backupKmsKeyAlias,
    [ENV.databases]: c.databases.join(','),
    [ENV.redisGroups]: c.redisGroups.join(','),
    [ENV.snapshotPrefix]: c.snapshotPrefix,
    [ENV.alertTopicArn]: c.alertTopicArn,
    [ENV.metricsNamespace]: c.metricsNamespace,
  };
}
