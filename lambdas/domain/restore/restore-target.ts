/**
 * The guards on the instance a restore creates. Pure, so mutation testing covers them.
 *
 * A restore only ever CREATES an instance: the target must be a valid identifier, must not be a
 * database this deployment protects, and must not exist. The one exception is a resume: the
 * restore step of the same execution retried after RDS accepted its request finds the instance
 * it made (tagged with this deployment, purpose and execution) and continues with it.
 */
import { InvalidInput, PreconditionFailed } from '../../errors';
import { validateRdsIdentifier } from '../backup/identifiers';
import { MANAGED_BY, TAG } from '../backup/ownership-tags';
import { RESTORE_TAG } from './restore-tags';

/** A valid RDS instance identifier that is not one of the protected databases (compared as RDS stores ids: lower-case). */
export function validateRestoreTarget(field: string, value: unknown, protectedDatabases: readonly string[]): string {
  const id = validateRdsIdentifier(field, value, 63).toLowerCase();
  const clash = protectedDatabases.find((db) => db.toLowerCase() === id);
  if (clash) {
    throw new InvalidInput(
      field,
      `"${id}" is a database this deployment protects; a restore never overwrites or replaces one: choose a new name (e.g. "${id}-restored")`,
    );
  }
  return id;
}

/** What DescribeDBInstances says about the target name before anything is created. */
export interface ExistingInstance {
  status?: string;
  tags: Record<string, string>;
}

/** Validate step: the target must not exist at all (nothing has been created yet by this execution). */
export function assertTargetAbsent(field: string, target: string, region: string, existing: ExistingInstance | undefined): void {
  if (existing) {
    throw new InvalidInput(
      field,
      `an instance named "${target}" already exists in ${region} (status ${existing.status ?? 'unknown'}); a restore creates a new instance: choose a name that does not exist`,
    );
  }
}

/** True when `tags` say the instance is the restore this very execution started (a retried restore step). */
export function isRestoreOfExecution(
  tags: Record<string, string>,
  o: { deploymentId: string; purpose: string; execution: string },
): boolean {
  return (
    tags[TAG.managedBy] === MANAGED_BY &&
    tags[TAG.deployment] === o.deploymentId &&
    tags[RESTORE_TAG.purpose] === o.purpose &&
    tags[TAG.execution] === o.execution.slice(0, 256)
  );
}

/** Restore step, on DBInstanceAlreadyExists: continue only with this execution's own instance. */
export function assertResumable(
  target: string,
  region: string,
  existing: ExistingInstance | undefined,
  o: { deploymentId: string; purpose: string; execution: string },
): void {
  if (!existing || !isRestoreOfExecution(existing.tags, o)) {
    throw new PreconditionFailed(
      `an instance named "${target}" appeared in ${region} and is not the restore of execution ${o.execution}; nothing was changed (it is left as it is)`,
    );
  }
}

/** True when an instance is a restore made by this deployment (any purpose): the only instances post-restore settings may modify. */
export function isDeploymentRestore(tags: Record<string, string>, deploymentId: string): boolean {
  return tags[TAG.managedBy] === MANAGED_BY && tags[TAG.deployment] === deploymentId && Boolean(tags[RESTORE_TAG.purpose]);
}
