/**
 * Which snapshots this deployment owns, and which of them are verified copies.
 * Ownership = `muejam:managed-by` and `muejam:deployment` match, and the snapshot
 * lives in the region its `muejam:region-role` tag names (docs/CONTRIBUTING.md).
 */
import { InvalidInput } from '../../errors';
import type { RetentionIdentity, RetentionSnapshot } from './types';

export const RETENTION_TAGS = {
  managedBy: 'muejam:managed-by',
  deployment: 'muejam:deployment',
  resource: 'muejam:resource',
  regionRole: 'muejam:region-role',
  verifiedAt: 'muejam:verified-at',
  copyOf: 'muejam:copy-of',
} as const;

export const MANAGED_BY = 'muejam-backup-dr';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const DEPLOYMENT = /^[a-z0-9][a-z0-9-]{0,31}$/;

export function validateRetentionIdentity(input: unknown, field = 'identity'): RetentionIdentity {
  if (!input || typeof input !== 'object') {
    throw new InvalidInput(field, 'must be an object { deploymentId, primaryRegion, backupRegion }');
  }
  const { deploymentId, primaryRegion, backupRegion } = input as Record<string, unknown>;
  if (typeof deploymentId !== 'string' || !DEPLOYMENT.test(deploymentId)) {
    throw new InvalidInput(`${field}.deploymentId`, 'must be 1-32 lowercase letters, digits or hyphens, starting with a letter or digit');
  }
  for (const [name, v] of [
    ['primaryRegion', primaryRegion],
    ['backupRegion', backupRegion],
  ] as const) {
    if (typeof v !== 'string' || !REGION.test(v)) {
      throw new InvalidInput(`${field}.${name}`, `must be an AWS region name such as eu-west-1 (got ${JSON.stringify(v)})`);
    }
  }
  if (primaryRegion === backupRegion) {
    throw new InvalidInput(`${field}.backupRegion`, 'must differ from primaryRegion');
  }
  return { deploymentId, primaryRegion: primaryRegion as string, backupRegion: backupRegion as string };
}

export type RegionRole = 'primary' | 'backup';

/**
 * Why this deployment does not own the snapshot, or undefined when it does.
 * The role a snapshot plays is the one its region has, and it must match its tag.
 */
export function whyNotOwned(s: RetentionSnapshot, id: RetentionIdentity): string | undefined {
  const t = s.tags;
  if (t[RETENTION_TAGS.managedBy] !== MANAGED_BY) {
    return `not made by this system (tag ${RETENTION_TAGS.managedBy} is ${JSON.stringify(t[RETENTION_TAGS.managedBy] ?? null)})`;
  }
  if (t[RETENTION_TAGS.deployment] !== id.deploymentId) {
    return `belongs to deployment ${JSON.stringify(t[RETENTION_TAGS.deployment] ?? null)}, not ${JSON.stringify(id.deploymentId)}`;
  }
  const role = regionRoleOf(s.region, id);
  if (!role) return `in region ${s.region}, which is neither the primary (${id.primaryRegion}) nor the backup (${id.backupRegion}) region`;
  if (t[RETENTION_TAGS.regionRole] !== role) {
    return `tag ${RETENTION_TAGS.regionRole}=${JSON.stringify(t[RETENTION_TAGS.regionRole] ?? null)} does not match its region ${s.region} (${role})`;
  }
  return undefined;
}

export function regionRoleOf(region: string, id: RetentionIdentity): RegionRole | undefined {
  if (region === id.primaryRegion) return 'primary';
  if (region === id.backupRegion) return 'backup';
  return undefined;
}

export function isVerified(s: RetentionSnapshot): boolean {
  const v = s.tags[RETENTION_TAGS.verifiedAt];
  return typeof v === 'string' && v.trim() !== '';
}

/** The source snapshot ARN a backup-region copy names, if any. */
export function copySourceOf(s: RetentionSnapshot): string | undefined {
  const v = s.tags[RETENTION_TAGS.copyOf];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
