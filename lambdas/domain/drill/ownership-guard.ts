/**
 * The DR drill's safety rule, in code: every mutating call of a drill targets a resource
 * this very drill run created. A drill resource carries this deployment's ownership tags,
 * `muejam:purpose` = `dr-drill` and `muejam:execution` = the drill's execution name (the
 * drill tag); it is never a protected database, and its DNS record is never the
 * production record. IAM says the same with aws:ResourceTag / aws:RequestTag conditions
 * (lib/workflows/dr-drill-workflow.ts). Pure, so mutation testing covers it.
 */
import { PreconditionFailed } from '../../errors';
import { MANAGED_BY, TAG } from '../backup/ownership-tags';
import { RESTORE_TAG } from '../restore/restore-tags';

export const DRILL_PURPOSE = 'dr-drill';

export interface DrillIdentity {
  deploymentId: string;
  /** The drill's execution name: the value of its `muejam:execution` tag. */
  drillId: string;
  protectedDatabases: readonly string[];
}

/** The tag a resource of this drill run carries, with its value (Step Functions' tag values stop at 256 characters). */
export function drillTagValue(drillId: string): string {
  return drillId.slice(0, 256);
}

/** Why a resource is not this drill run's own, or undefined when it is. */
export function whyNotDrillOwned(resourceId: string, tags: Readonly<Record<string, string>>, id: DrillIdentity): string | undefined {
  const lower = resourceId.toLowerCase();
  if (id.protectedDatabases.some((db) => db.toLowerCase() === lower)) return `${resourceId} is a database this deployment protects`;
  if (tags[TAG.managedBy] !== MANAGED_BY)
    return `${resourceId} is not made by this system (${TAG.managedBy} is ${JSON.stringify(tags[TAG.managedBy] ?? null)})`;
  if (tags[TAG.deployment] !== id.deploymentId) {
    return `${resourceId} belongs to deployment ${JSON.stringify(tags[TAG.deployment] ?? null)}, not ${JSON.stringify(id.deploymentId)}`;
  }
  if (tags[RESTORE_TAG.purpose] !== DRILL_PURPOSE) {
    return `${resourceId} is not a drill resource (${RESTORE_TAG.purpose} is ${JSON.stringify(tags[RESTORE_TAG.purpose] ?? null)}, not "${DRILL_PURPOSE}")`;
  }
  if (tags[TAG.execution] !== drillTagValue(id.drillId)) {
    return `${resourceId} belongs to drill ${JSON.stringify(tags[TAG.execution] ?? null)}, not this drill ${JSON.stringify(id.drillId)}`;
  }
  return undefined;
}

/** Throws PreconditionFailed (nothing changed) unless the resource is this drill run's own. */
export function assertDrillOwned(action: string, resourceId: string, tags: Readonly<Record<string, string>>, id: DrillIdentity): void {
  const why = whyNotDrillOwned(resourceId, tags, id);
  if (why) throw new PreconditionFailed(`refusing to ${action} ${resourceId}: ${why}; only resources this drill created are changed`);
}

const normal = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');

/** A DNS record the drill may repoint: configured, and never the production record. Returns the problem, or undefined. */
export function drillDnsProblem(
  drill: { hostedZoneId: string; recordName: string } | undefined,
  production: { hostedZoneId: string; recordName: string } | undefined,
): string | undefined {
  if (!drill) return 'no drill DNS record is configured';
  if (!normal(drill.recordName)) return 'the drill DNS record name is empty';
  if (production && normal(drill.recordName) === normal(production.recordName)) {
    return `the drill DNS record ${normal(drill.recordName)} is the production record; a drill must use its own record`;
  }
  return undefined;
}
