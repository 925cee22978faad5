/**
 * The emulator world of the docs test: what cdk.json's deployment protects, as a real
 * account has it before the first backup, and the reset a documented restore assumes
 * (its target does not exist yet). The docs show the same restore target in the console
 * input and in the CLI command of one row; a user runs one of them, the test runs both,
 * so the instance the first made is removed before the second runs.
 */
import {
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  waitUntilDBInstanceDeleted,
} from '@aws-sdk/client-rds';
import type { ClientFactory } from '../../lambdas/runtime/clients';
import { type BackupConfig, resourcePrefix, toRuntimeConfig } from '../../lib/config';
import { seedRedisWorld } from '../../local/rehearsal/redis-world';
import { applyLocalEnvironment } from '../../local/local-environment';
import { seedWorld } from '../../local/seed-world';

/** Seeds the databases and Redis groups of `config` and points the handlers at the emulator. */
export async function seedDocumentedDeployment(config: BackupConfig, endpoint: string, clients: ClientFactory): Promise<void> {
  const runtime = toRuntimeConfig(config, `arn:aws:sns:${config.primaryRegion}:123456789012:${resourcePrefix(config)}-alerts`);
  applyLocalEnvironment(runtime, endpoint);
  await seedWorld(runtime, clients);
  await seedRedisWorld(runtime, clients);
}

/**
 * Deletes the instances that database restores (`muejam:purpose` = `restore`) made in either region,
 * deletion protection first; returns their ids. Restore tests and drills tear their own down.
 */
export async function removeRestoredInstances(config: BackupConfig, clients: ClientFactory): Promise<string[]> {
  const removed: string[] = [];
  for (const region of [config.primaryRegion, config.backupRegion]) {
    const rds = clients(RDSClient, region);
    const instances = (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? [];
    for (const i of instances) {
      const tags = Object.fromEntries((i.TagList ?? []).map((t) => [t.Key, t.Value]));
      if (tags['muejam:purpose'] !== 'restore' || tags['muejam:deployment'] !== config.deploymentId) continue;
      const id = String(i.DBInstanceIdentifier);
      if (i.DeletionProtection) {
        await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: id, DeletionProtection: false, ApplyImmediately: true }));
      }
      await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: id, SkipFinalSnapshot: true, DeleteAutomatedBackups: true }));
      await waitUntilDBInstanceDeleted({ client: rds, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { DBInstanceIdentifier: id });
      removed.push(`${id} (${region})`);
    }
  }
  return removed;
}
