/**
 * The guards on what the restore test deletes. Pure, so mutation testing covers them.
 *
 * Teardown deletes only the instance THIS run created: the name it planned (exact, and of the
 * restore-test shape `<prefix>-rt-...`) AND the tags RDS reports now: this deployment's
 * ownership, `muejam:purpose=restore-test` and this execution. The janitor deletes only
 * restore-test instances of this deployment (name shape and tags) older than the maximum age.
 * Anything else is left alone and reported.
 */
import { MANAGED_BY, TAG } from '../backup/ownership-tags';
import { RESTORE_TAG } from '../restore/restore-tags';
import { RESTORE_TEST_PURPOSE, restoreTestNamePrefix } from './names';

/** What DescribeDBInstances says now about an instance. */
export interface InstanceEvidence {
  identifier: string;
  status?: string;
  tags: Record<string, string>;
  createdAt?: Date;
}

export type TeardownAction = 'delete' | 'absent' | 'already-deleting' | 'refuse';

export interface TeardownVerdict {
  action: TeardownAction;
  reason: string;
}

export interface TeardownTarget {
  /** The instance name this run planned. */
  instanceId: string;
  deploymentId: string;
  /** Snapshot/name prefix of this deployment. */
  prefix: string;
  /** The execution name that created it (the `muejam:execution` tag). */
  execution: string;
}

/** Tags say: made by this deployment, for a restore test. */
export function isRestoreTestOfDeployment(tags: Record<string, string>, deploymentId: string): boolean {
  return tags[TAG.managedBy] === MANAGED_BY && tags[TAG.deployment] === deploymentId && tags[RESTORE_TAG.purpose] === RESTORE_TEST_PURPOSE;
}

export function hasRestoreTestName(identifier: string, prefix: string): boolean {
  return identifier.toLowerCase().startsWith(restoreTestNamePrefix(prefix));
}

export function teardownVerdict(target: TeardownTarget, instance: InstanceEvidence | undefined): TeardownVerdict {
  const name = target.instanceId.toLowerCase();
  if (!hasRestoreTestName(name, target.prefix)) {
    return {
      action: 'refuse',
      reason: `"${name}" is not a restore-test name (${restoreTestNamePrefix(target.prefix)}...); nothing deleted`,
    };
  }
  if (!instance) return { action: 'absent', reason: `${name} does not exist (never created, or already deleted)` };
  if (instance.identifier.toLowerCase() !== name) {
    return { action: 'refuse', reason: `found "${instance.identifier}", not the planned "${name}"; nothing deleted` };
  }
  if (!isRestoreTestOfDeployment(instance.tags, target.deploymentId)) {
    return {
      action: 'refuse',
      reason: `${name} is not tagged as a restore test of deployment ${target.deploymentId} (${TAG.managedBy}, ${TAG.deployment}, ${RESTORE_TAG.purpose}=${RESTORE_TEST_PURPOSE}); nothing deleted`,
    };
  }
  if (instance.tags[TAG.execution] !== target.execution.slice(0, 256)) {
    return {
      action: 'refuse',
      reason: `${name} was made by execution ${instance.tags[TAG.execution] ?? '(none)'}, not this one (${target.execution}); nothing deleted`,
    };
  }
  if ((instance.status ?? '').toLowerCase() === 'deleting')
    return { action: 'already-deleting', reason: `${name} is already being deleted` };
  return { action: 'delete', reason: `${name} is this run's restore test (name and tags checked)` };
}

export interface JanitorPolicy {
  deploymentId: string;
  prefix: string;
  maxAgeHours: number;
  now: Date;
}

/** Janitor: delete a restore-test instance of this deployment that outlived `maxAgeHours`; keep everything else. */
export function janitorVerdict(instance: InstanceEvidence, p: JanitorPolicy): { delete: boolean; reason: string; ageHours?: number } {
  const id = instance.identifier;
  if (!hasRestoreTestName(id, p.prefix) || !isRestoreTestOfDeployment(instance.tags, p.deploymentId)) {
    return { delete: false, reason: `${id} is not a restore test of deployment ${p.deploymentId}` };
  }
  if ((instance.status ?? '').toLowerCase() === 'deleting') return { delete: false, reason: `${id} is already being deleted` };
  if (!instance.createdAt || Number.isNaN(instance.createdAt.getTime())) {
    return { delete: false, reason: `${id} reports no creation time yet (still being created); kept` };
  }
  const ageHours = Math.round(((p.now.getTime() - instance.createdAt.getTime()) / 3600000) * 10) / 10;
  if (ageHours <= p.maxAgeHours)
    return { delete: false, reason: `${id} is ${ageHours} h old (at most ${p.maxAgeHours} h): kept`, ageHours };
  return { delete: true, reason: `${id} is ${ageHours} h old, older than ${p.maxAgeHours} h: a leftover restore test`, ageHours };
}
