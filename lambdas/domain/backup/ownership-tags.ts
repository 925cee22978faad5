/** The tags that mark what this system made and owns. Pure. */
export const MANAGED_BY = 'muejam-backup-dr';

export const TAG = {
  managedBy: 'muejam:managed-by',
  deployment: 'muejam:deployment',
  resource: 'muejam:resource',
  regionRole: 'muejam:region-role',
  execution: 'muejam:execution',
  verifiedAt: 'muejam:verified-at',
  copyOf: 'muejam:copy-of',
} as const;

export type RegionRole = 'primary' | 'backup';

export interface Tag {
  Key: string;
  Value: string;
}

export function ownershipTags(o: { deploymentId: string; resource: string; regionRole: RegionRole; execution: string }): Tag[] {
  return [
    { Key: TAG.managedBy, Value: MANAGED_BY },
    { Key: TAG.deployment, Value: o.deploymentId },
    { Key: TAG.resource, Value: o.resource },
    { Key: TAG.regionRole, Value: o.regionRole },
    { Key: TAG.execution, Value: o.execution.slice(0, 256) },
  ];
}

export function tagsToRecord(list: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of list ?? []) if (t.Key) out[t.Key] = t.Value ?? '';
  return out;
}

/** True when the tags say this deployment made it, for this resource, in this role. */
export function isOwned(tags: Record<string, string>, o: { deploymentId: string; resource?: string; regionRole?: RegionRole }): boolean {
  if (tags[TAG.managedBy] !== MANAGED_BY || tags[TAG.deployment] !== o.deploymentId) return false;
  if (o.resource !== undefined && tags[TAG.resource] !== o.resource) return false;
  if (o.regionRole !== undefined && tags[TAG.regionRole] !== o.regionRole) return false;
  return true;
}

/** The tags a backup-region copy carries: the source's ownership tags, re-roled, plus where it came from. */
export function copyTags(sourceTags: Record<string, string>, sourceArn: string, execution: string): Tag[] {
  const kept = Object.entries(sourceTags)
    .filter(([k]) => k !== TAG.regionRole && k !== TAG.verifiedAt && k !== TAG.execution && k !== TAG.copyOf)
    .map(([Key, Value]) => ({ Key, Value }));
  return [
    ...kept,
    { Key: TAG.regionRole, Value: 'backup' },
    { Key: TAG.execution, Value: execution.slice(0, 256) },
    { Key: TAG.copyOf, Value: sourceArn },
  ];
}
