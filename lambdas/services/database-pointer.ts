/**
 * The pointer of a logical database: one SSM parameter per database
 * (/muejam-backup-dr/<deployment>/databases/<db>/current-instance) naming the
 * RDS instance that serves it now. Absent = the database id itself (no
 * failover has happened). The failover updates it; the backup, retention,
 * restore-test and RPO workflows resolve the instance through it, so backups
 * follow the new primary while the logical database (tags, snapshot names,
 * metrics) stays the same.
 *
 * Only a database with failover settings (muejam.failover.databases.<db>, handed to the
 * Lambdas as MUEJAM_SETTINGS_FAILOVER) can be failed over, so only such a database has a
 * pointer; for any other one the database id is the instance and no parameter is read.
 */
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { databasePointerParameter } from '../domain/failover/names';
import { FAILOVER_SETTINGS } from '../domain/settings/failover';
import type { ClientFactory } from '../runtime/clients';
import { hasCode, rethrowTyped } from './aws-errors';

export interface PointerTarget {
  deploymentId: string;
  primaryRegion: string;
}

/** True when the database has failover settings in this Lambda's environment (so it may have a pointer). */
export function canFailOver(database: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!env[FAILOVER_SETTINGS.envName]?.trim()) return false;
  return FAILOVER_SETTINGS.read(env).databases[database] !== undefined;
}

/** The instance that serves `database` now (the database id when no pointer exists). */
export async function resolveDatabaseInstance(
  clients: ClientFactory,
  c: PointerTarget,
  database: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (!canFailOver(database, env)) return database;
  const name = databasePointerParameter(c.deploymentId, database);
  try {
    const out = await clients(SSMClient, c.primaryRegion).send(new GetParameterCommand({ Name: name }));
    const v = out.Parameter?.Value?.trim();
    return v ? v : database;
  } catch (err) {
    if (hasCode(err, 'ParameterNotFound')) return database;
    return rethrowTyped(err, `read the pointer ${name}`);
  }
}

/** Points `database` at `instanceId` (idempotent: the same value again changes nothing that matters). */
export async function setDatabaseInstance(
  clients: ClientFactory,
  c: PointerTarget,
  database: string,
  instanceId: string,
): Promise<{ parameter: string; previous: string }> {
  const parameter = databasePointerParameter(c.deploymentId, database);
  const previous = await resolveDatabaseInstance(clients, c, database);
  if (previous !== instanceId) {
    try {
      await clients(SSMClient, c.primaryRegion).send(
        new PutParameterCommand({
          Name: parameter,
          Value: instanceId,
          Type: 'String',
          Overwrite: true,
          Description: `RDS instance serving ${database} (set by the muejam-backup-dr failover)`,
        }),
      );
    } catch (err) {
      rethrowTyped(err, `update the pointer ${parameter}`);
    }
  }
  return { parameter, previous };
}

/**
 * Every instance whose snapshots are this database's history: the database id
 * itself (the original primary) and the instance serving it now. Retention and
 * the RPO check list the snapshots of both, as one database.
 */
export async function databaseInstances(clients: ClientFactory, c: PointerTarget, database: string): Promise<string[]> {
  const current = await resolveDatabaseInstance(clients, c, database);
  return current === database ? [database] : [database, current];
}
