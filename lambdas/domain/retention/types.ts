/**
 * The shapes of the retention plan: what goes in (snapshots as listed by
 * DescribeDBSnapshots, already mapped), and what comes out (one decision per
 * snapshot, with the rule that decided it and a sentence a human can read).
 * Pure data: no AWS SDK types here.
 */

/** A snapshot as the plan sees it. */
export interface RetentionSnapshot {
  /** DBSnapshotIdentifier. */
  id: string;
  /** DBSnapshotArn: the unit of identity (unique across regions). */
  arn: string;
  /** The region the snapshot lives in. */
  region: string;
  /** The protected database (DBInstanceIdentifier). */
  resource: string;
  /** RDS status: only `available` snapshots are ever candidates. */
  status: string;
  /** RDS SnapshotType: only `manual` snapshots are ever candidates. */
  snapshotType: string;
  /**
   * SnapshotCreateTime, or OriginalSnapshotCreateTime for cross-region copies.
   * Undefined while a snapshot is being created (RDS omits it): such a snapshot is left alone.
   */
  createdAt: Date | undefined;
  /** TagList as a map (read from DescribeDBSnapshots, never per snapshot). */
  tags: Record<string, string>;
}

/** Who we are: ownership is decided against this. */
export interface RetentionIdentity {
  deploymentId: string;
  primaryRegion: string;
  backupRegion: string;
}

/** The retention tiers, finest first. */
export type RetentionTier = 'keep-last' | 'daily' | 'weekly' | 'monthly';
export const RETENTION_TIERS: readonly RetentionTier[] = ['keep-last', 'daily', 'weekly', 'monthly'];

export type RetentionAction = 'keep' | 'delete' | 'skip';

/** Why: one stable code per rule, so reports and tests can count them. */
export type RetentionRule =
  // keep
  | RetentionTier
  | 'floor'
  | 'awaiting-verified-copy'
  // delete
  | 'expired'
  | 'expired-copy-never-verified'
  // skip (never touched)
  | 'not-manual'
  | 'not-owned'
  | 'not-available'
  | 'no-create-time';

export const RETENTION_RULES: readonly RetentionRule[] = [
  'keep-last',
  'daily',
  'weekly',
  'monthly',
  'floor',
  'awaiting-verified-copy',
  'expired',
  'expired-copy-never-verified',
  'not-manual',
  'not-owned',
  'not-available',
  'no-create-time',
];

export interface RetentionDecision {
  id: string;
  arn: string;
  region: string;
  resource: string;
  action: RetentionAction;
  rule: RetentionRule;
  /** One sentence: why this snapshot is kept, deleted or left alone. */
  reason: string;
  /** For keeps by a tier: the finest tier holding the snapshot now. */
  tier?: RetentionTier;
  /** ISO creation time used by the policy (absent when the snapshot has none). */
  createdAt?: string;
  /** ISO time at which the policy stops holding this snapshot (owned, available snapshots only). */
  expiresAt?: string;
  /** Owned snapshots: whether `muejam:verified-at` is present. */
  verified?: boolean;
}

export interface RetentionCounts {
  keep: number;
  delete: number;
  skip: number;
  /** Keeps per tier (the finest tier holding each kept snapshot). */
  tiers: Record<RetentionTier, number>;
  /** Decisions per rule. */
  rules: Record<RetentionRule, number>;
}

export interface RetentionSummary extends RetentionCounts {
  total: number;
  now: string;
  /** The same counts, per region (every region seen, plus the primary and backup regions). */
  byRegion: Record<string, RetentionCounts>;
}

export interface RetentionPlan {
  /** One decision per input snapshot, in a canonical order (region, resource, newest first, arn). */
  decisions: RetentionDecision[];
  summary: RetentionSummary;
}
