/**
 * What a retention run hands from step to step and reports at the end:
 * the deletes to make (bounded per run, oldest first), the outcome of each
 * delete, and the report per region (kept, deleted, skipped with reasons,
 * failures, quota headroom). Pure.
 */
import { InvalidInput } from '../../errors';
import type { ManualSnapshotQuota } from './quota';
import type { RetentionCounts, RetentionDecision, RetentionPlan, RetentionRule, RetentionTier } from './types';

/** One delete for the workflow's Map state: small, so 500 of them fit in a state's payload. */
export interface DeleteRequest {
  region: string;
  snapshotId: string;
  resource: string;
  /** ISO creation time the policy used (for the report). */
  createdAt: string;
  rule: RetentionRule;
}

export type DeleteOutcomeKind = 'deleted' | 'already-gone' | 'failed';

export interface DeleteOutcome {
  region: string;
  snapshotId: string;
  outcome: DeleteOutcomeKind;
  /** For failures: the error name and message. */
  error?: string;
  detail?: string;
}

export const DEFAULT_MAX_DELETES_PER_RUN = 500;
/** Failures listed in a report: the report is a state's output, bounded like every payload. */
export const MAX_REPORTED_FAILURES = 20;

/** Count of requests per region. */
export function countByRegion(requests: { region: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests) out[r.region] = (out[r.region] ?? 0) + 1;
  return out;
}

/**
 * The deletes of a plan, oldest first, at most `max` (the rest wait for the next
 * run: re-planning finds them again). Deterministic.
 */
export function selectDeletes(
  plan: RetentionPlan,
  max: number = DEFAULT_MAX_DELETES_PER_RUN,
): { deletes: DeleteRequest[]; deferred: number; deferredByRegion: Record<string, number> } {
  if (!Number.isInteger(max) || max < 0) throw new InvalidInput('maxDeletesPerRun', 'must be a whole number, 0 or more');
  const all = plan.decisions.filter((d): d is RetentionDecision & { createdAt: string } => d.action === 'delete' && !!d.createdAt);
  all.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  const chosen = all
    .slice(0, max)
    .map((d) => ({ region: d.region, snapshotId: d.id, resource: d.resource, createdAt: d.createdAt, rule: d.rule }));
  return { deletes: chosen, deferred: all.length - chosen.length, deferredByRegion: countByRegion(all.slice(max)) };
}

/** A region's part of the run report. */
export interface RegionReport {
  region: string;
  role: 'primary' | 'backup' | 'other';
  kept: number;
  /** Deleted by this run (or planned, on a dry run). */
  deleted: number;
  /** Already deleted by someone else between listing and deleting. */
  alreadyGone: number;
  failed: number;
  /** Deletes left for the next run (over the per-run bound). */
  deferred: number;
  skipped: number;
  /** Kept snapshots per tier. */
  tiers: Record<RetentionTier, number>;
  /** Decisions per rule (why each was kept, deleted or skipped). */
  rules: Partial<Record<RetentionRule, number>>;
  quota?: Pick<ManualSnapshotQuota, 'used' | 'max' | 'headroom' | 'usedPercent' | 'alert'> | { unavailable: string };
}

export interface RetentionReport {
  resource: string;
  dryRun: boolean;
  /** The time the plan ran at. */
  plannedAt: string;
  clockOverridden: boolean;
  regions: RegionReport[];
  totals: { kept: number; deleted: number; alreadyGone: number; failed: number; deferred: number; skipped: number };
  /** The first failures (at most MAX_REPORTED_FAILURES; totals.failed counts them all; each is in the execution history). */
  failures: DeleteOutcome[];
  /** True when every planned delete was made (or found already gone). */
  ok: boolean;
  /** For the alert when not ok: how many failed and the first few, with their errors. */
  failureCause?: string;
}

export interface PlanSummaryForReport {
  resource: string;
  dryRun: boolean;
  plannedAt: string;
  clockOverridden: boolean;
  primaryRegion: string;
  backupRegion: string;
  byRegion: Record<string, RetentionCounts>;
  /** Deletes planned (this run) and deferred (next runs), per region. */
  plannedByRegion: Record<string, number>;
  deferredByRegion: Record<string, number>;
  quota?: Record<string, RegionReport['quota']>;
}

function nonZero(rules: Record<RetentionRule, number>): Partial<Record<RetentionRule, number>> {
  return Object.fromEntries(Object.entries(rules).filter(([, n]) => n > 0)) as Partial<Record<RetentionRule, number>>;
}

/** Builds the run report from the plan's summary and the outcome of every delete. */
export function buildRetentionReport(plan: PlanSummaryForReport, outcomes: DeleteOutcome[]): RetentionReport {
  if (!Array.isArray(outcomes)) throw new InvalidInput('results', 'must be the array of delete outcomes');
  const regions = [
    plan.primaryRegion,
    plan.backupRegion,
    ...Object.keys(plan.byRegion).filter((r) => r !== plan.primaryRegion && r !== plan.backupRegion),
  ];
  const reports: RegionReport[] = regions.map((region) => {
    const c = plan.byRegion[region];
    const mine = outcomes.filter((o) => o.region === region);
    const count = (k: DeleteOutcomeKind) => mine.filter((o) => o.outcome === k).length;
    const planned = plan.plannedByRegion[region] ?? 0;
    const r: RegionReport = {
      region,
      role: region === plan.primaryRegion ? 'primary' : region === plan.backupRegion ? 'backup' : 'other',
      kept: c?.keep ?? 0,
      deleted: plan.dryRun ? planned : count('deleted'),
      alreadyGone: count('already-gone'),
      failed: count('failed'),
      deferred: plan.deferredByRegion[region] ?? 0,
      skipped: c?.skip ?? 0,
      tiers: c?.tiers ?? { 'keep-last': 0, daily: 0, weekly: 0, monthly: 0 },
      rules: c ? nonZero(c.rules) : {},
    };
    const q = plan.quota?.[region];
    if (q) r.quota = q;
    return r;
  });
  const failures = outcomes.filter((o) => o.outcome === 'failed');
  const sum = (k: keyof RetentionReport['totals']) => reports.reduce((n, r) => n + r[k], 0);
  const totals = {
    kept: sum('kept'),
    deleted: sum('deleted'),
    alreadyGone: sum('alreadyGone'),
    failed: sum('failed'),
    deferred: sum('deferred'),
    skipped: sum('skipped'),
  };
  const plannedTotal = Object.values(plan.plannedByRegion).reduce((n, x) => n + x, 0);
  const missing = plan.dryRun ? 0 : plannedTotal - outcomes.length;
  const ok = failures.length === 0 && missing <= 0;
  const report: RetentionReport = {
    resource: plan.resource,
    dryRun: plan.dryRun,
    plannedAt: plan.plannedAt,
    clockOverridden: plan.clockOverridden,
    regions: reports,
    totals,
    failures: failures.slice(0, MAX_REPORTED_FAILURES),
    ok,
  };
  if (!ok) {
    const shown = failures
      .slice(0, 5)
      .map((f) => `${f.snapshotId} in ${f.region}: ${f.error ?? 'failed'}${f.detail ? ` (${f.detail})` : ''}`);
    const parts = [];
    if (failures.length)
      parts.push(
        `${failures.length} of ${plannedTotal} deletes failed: ${shown.join('; ')}${failures.length > shown.length ? ` and ${failures.length - shown.length} more` : ''}`,
      );
    if (missing > 0) parts.push(`${missing} planned deletes have no outcome`);
    report.failureCause = `retention of ${plan.resource}: ${parts.join('; ')}. Deleted ${totals.deleted}, kept ${totals.kept}; the next run retries.`;
  }
  return report;
}

/** One line per region, for logs, the CLI and the rehearsal. */
export function reportLines(r: RetentionReport): string[] {
  return r.regions
    .filter((x) => x.role !== 'other' || x.kept + x.deleted + x.skipped > 0)
    .map((x) => {
      const tiers = `keep-last ${x.tiers['keep-last']}, daily ${x.tiers.daily}, weekly ${x.tiers.weekly}, monthly ${x.tiers.monthly}`;
      const extra = [
        x.rules.floor ? `floor ${x.rules.floor}` : '',
        x.rules['awaiting-verified-copy'] ? `awaiting verified copy ${x.rules['awaiting-verified-copy']}` : '',
      ].filter(Boolean);
      const q =
        x.quota && 'used' in x.quota
          ? `; quota ${x.quota.used}/${x.quota.max} (headroom ${x.quota.headroom})`
          : x.quota
            ? `; quota unknown (${x.quota.unavailable})`
            : '';
      return (
        `${x.region} (${x.role}): kept ${x.kept} (${tiers}${extra.length ? `; ${extra.join(', ')}` : ''}), ` +
        `${r.dryRun ? 'would delete' : 'deleted'} ${x.deleted}` +
        `${x.alreadyGone ? `, already gone ${x.alreadyGone}` : ''}${x.failed ? `, FAILED ${x.failed}` : ''}` +
        `${x.deferred ? `, deferred ${x.deferred}` : ''}, skipped ${x.skipped}${q}`
      );
    });
}
