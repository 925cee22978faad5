/** Names derived from the configuration, shared by the stacks, the CLI and tests. */
import type { RuntimeConfig } from '../../lambdas/runtime/runtime-config';
import type { CoreConfig } from './core';

/** `muejam-backup-dr-<deploymentId>`: the prefix of every resource name of this deployment. */
export function resourcePrefix(c: Pick<CoreConfig, 'deploymentId'>): string {
  return `muejam-backup-dr-${c.deploymentId}`;
}

/** Alias of the customer-managed key in the backup region used for cross-region copies. */
export function backupKeyAlias(c: Pick<CoreConfig, 'deploymentId'>): string {
  return `alias/${resourcePrefix(c)}`;
}

/** The environment contract handed to every step Lambda (see lambdas/runtime/runtime-config.ts). */
export function toRuntimeConfig(c: CoreConfig, alertTopicArn: string): RuntimeConfig {
  return {
    deploymentId: c.deploymentId,
    primaryRegion: c.primaryRegion,
    backupRegion: c.backupRegion,
    backupKmsKeyAlias: backupKeyAlias(c),
    databases: c.databases,
    redisGroups: c.redisGroups,
    snapshotPrefix: c.snapshotPrefix,
    alertTopicArn,
    metricsNamespace: c.metricsNamespace,
  };
}
