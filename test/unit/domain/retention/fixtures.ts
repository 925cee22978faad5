/** Builders for retention tests: owned snapshots, 6-hourly histories, verified copies, foreign snapshots. */
import { RETENTION_TAGS, MANAGED_BY } from '../../../../lambdas/domain/retention/ownership';
import type { RetentionIdentity, RetentionSnapshot } from '../../../../lambdas/domain/retention/types';

export const IDENTITY: RetentionIdentity = { deploymentId: 'prod', primaryRegion: 'eu-west-1', backupRegion: 'eu-central-1' };
export const ACCOUNT = '123456789012';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function arnOf(region: string, id: string): string {
  return `arn:aws:rds:${region}:${ACCOUNT}:snapshot:${id}`;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z'; // 20261124T0300Z
}

export interface OwnedOptions {
  role?: 'primary' | 'backup';
  resource?: string;
  verified?: boolean;
  status?: string;
  copyOf?: string;
  id?: string;
  deploymentId?: string;
}

/** A snapshot this deployment made (owned unless the options say otherwise). */
export function owned(at: number | string, o: OwnedOptions = {}): RetentionSnapshot {
  const ms = typeof at === 'string' ? Date.parse(at) : at;
  const role = o.role ?? 'primary';
  const region = role === 'primary' ? IDENTITY.primaryRegion : IDENTITY.backupRegion;
  const resource = o.resource ?? 'muejam-db-prod';
  const id = o.id ?? `muejam-${resource}-${stamp(ms)}`;
  const tags: Record<string, string> = {
    [RETENTION_TAGS.managedBy]: MANAGED_BY,
    [RETENTION_TAGS.deployment]: o.deploymentId ?? IDENTITY.deploymentId,
    [RETENTION_TAGS.resource]: resource,
    [RETENTION_TAGS.regionRole]: role,
  };
  if (o.verified ?? true) tags[RETENTION_TAGS.verifiedAt] = new Date(ms + HOUR).toISOString();
  if (o.copyOf) tags[RETENTION_TAGS.copyOf] = o.copyOf;
  return {
    id,
    arn: arnOf(region, id),
    region,
    resource,
    status: o.status ?? 'available',
    snapshotType: 'manual',
    createdAt: new Date(ms),
    tags,
  };
}

/** The backup-region copy of a primary snapshot (same creation time: OriginalSnapshotCreateTime). */
export function copyOf(primary: RetentionSnapshot, o: Omit<OwnedOptions, 'role' | 'copyOf'> = {}): RetentionSnapshot {
  return owned(primary.createdAt!.getTime(), { resource: primary.resource, id: primary.id, ...o, role: 'backup', copyOf: primary.arn });
}

/** Every 6 hours (00, 06, 12, 18 UTC) from `from` (inclusive) to `to` (inclusive). */
export function sixHourlyTimes(from: string, to: string): number[] {
  const out: number[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 6 * HOUR) out.push(t);
  return out;
}

/** Primaries at the given times, each with a verified backup-region copy. */
export function historyWithCopies(times: number[], o: OwnedOptions = {}): RetentionSnapshot[] {
  const out: RetentionSnapshot[] = [];
  for (const t of times) {
    const p = owned(t, o);
    out.push(p, copyOf(p, { verified: o.verified }));
  }
  return out;
}

/** Snapshots that are never ours: a person's manual snapshot, an automated one, another deployment's, ... */
export function foreignSnapshots(at: number): RetentionSnapshot[] {
  const base = (id: string, region: string, extra: Partial<RetentionSnapshot>): RetentionSnapshot => ({
    id,
    arn: arnOf(region, id),
    region,
    resource: 'muejam-db-prod',
    status: 'available',
    snapshotType: 'manual',
    createdAt: new Date(at),
    tags: {},
    ...extra,
  });
  const ours = owned(at).tags;
  return [
    base('alice-before-migration', IDENTITY.primaryRegion, {}),
    base('rds:muejam-db-prod-2025-01-01-03-10', IDENTITY.primaryRegion, { snapshotType: 'automated', tags: { ...ours } }),
    base('staging-copy', IDENTITY.primaryRegion, { tags: { ...ours, [RETENTION_TAGS.deployment]: 'staging' } }),
    base('mislabelled-role', IDENTITY.backupRegion, { tags: { ...ours, [RETENTION_TAGS.regionRole]: 'primary' } }),
    base('third-region', 'us-east-1', { tags: { ...ours, [RETENTION_TAGS.regionRole]: 'primary' } }),
    base('shared-in', IDENTITY.primaryRegion, { snapshotType: 'shared', tags: { ...ours } }),
  ];
}
