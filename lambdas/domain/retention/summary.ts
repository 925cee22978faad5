/** Counts of a retention plan: kept, deleted, skipped; per tier, per rule, per region. */
import { RETENTION_RULES, RETENTION_TIERS } from './types';
import type { RetentionCounts, RetentionDecision, RetentionRule, RetentionSummary, RetentionTier } from './types';

export function emptyRetentionCounts(): RetentionCounts {
  return {
    keep: 0,
    delete: 0,
    skip: 0,
    tiers: Object.fromEntries(RETENTION_TIERS.map((t) => [t, 0])) as Record<RetentionTier, number>,
    rules: Object.fromEntries(RETENTION_RULES.map((r) => [r, 0])) as Record<RetentionRule, number>,
  };
}

function add(c: RetentionCounts, d: RetentionDecision): void {
  c[d.action] += 1;
  c.rules[d.rule] += 1;
  if (d.action === 'keep' && d.tier) c.tiers[d.tier] += 1;
}

/** Summarizes decisions; `regions` are always present in byRegion, even with nothing in them. */
export function summarizeRetention(decisions: RetentionDecision[], now: number, regions: string[] = []): RetentionSummary {
  const total = emptyRetentionCounts();
  const byRegion: Record<string, RetentionCounts> = {};
  for (const r of regions) byRegion[r] = emptyRetentionCounts();
  for (const d of decisions) {
    add(total, d);
    byRegion[d.region] ??= emptyRetentionCounts();
    add(byRegion[d.region], d);
  }
  return { ...total, total: decisions.length, now: new Date(now).toISOString(), byRegion };
}
