/** The pieces around the plan: mapping listed snapshots, the clock, the deletes to make, the report. */
import { planningClock } from '../../../../lambdas/domain/retention/clock';
import { planRetention } from '../../../../lambdas/domain/retention/plan';
import { planTableRows } from '../../../../lambdas/domain/retention/plan-table';
import {
  buildRetentionReport,
  countByRegion,
  type DeleteOutcome,
  type PlanSummaryForReport,
  reportLines,
  selectDeletes,
} from '../../../../lambdas/domain/retention/report';
import { toRetentionSnapshot } from '../../../../lambdas/domain/retention/snapshot-mapping';
import type { RetentionPlan } from '../../../../lambdas/domain/retention/types';
import { DAY, foreignSnapshots, historyWithCopies, IDENTITY, sixHourlyTimes } from './fixtures';

const NOW = new Date('2026-11-24T03:00:00Z');

describe('toRetentionSnapshot', () => {
  it('uses OriginalSnapshotCreateTime (cross-region copies), tags from TagList, never the name', () => {
    const s = toRetentionSnapshot(
      {
        DBSnapshotIdentifier: 'muejam-muejam-db-prod-20200101t0000z',
        DBSnapshotArn: 'arn:aws:rds:eu-central-1:1:snapshot:x',
        DBInstanceIdentifier: 'muejam-db-prod',
        Status: 'available',
        SnapshotType: 'manual',
        SnapshotCreateTime: new Date('2026-11-20T06:40:00Z'),
        OriginalSnapshotCreateTime: new Date('2026-11-20T06:00:00Z'),
        TagList: [{ Key: 'muejam:region-role', Value: 'backup' }, { Key: 'empty' }],
      },
      'eu-central-1',
    );
    expect(s).toEqual({
      id: 'muejam-muejam-db-prod-20200101t0000z',
      arn: 'arn:aws:rds:eu-central-1:1:snapshot:x',
      region: 'eu-central-1',
      resource: 'muejam-db-prod',
      status: 'available',
      snapshotType: 'manual',
      createdAt: new Date('2026-11-20T06:00:00Z'),
      tags: { 'muejam:region-role': 'backup', empty: '' },
    });
  });

  it('falls back to SnapshotCreateTime, and to undefined while creating', () => {
    expect(
      toRetentionSnapshot({ DBSnapshotIdentifier: 'a', SnapshotCreateTime: new Date('2026-01-01T00:00:00Z') }, 'eu-west-1')!.createdAt,
    ).toEqual(new Date('2026-01-01T00:00:00Z'));
    const creating = toRetentionSnapshot({ DBSnapshotIdentifier: 'a', Status: 'creating' }, 'eu-west-1', '123456789012')!;
    expect(creating).toMatchObject({
      createdAt: undefined,
      arn: 'arn:aws:rds:eu-west-1:123456789012:snapshot:a',
      status: 'creating',
      snapshotType: 'unknown',
    });
    expect(toRetentionSnapshot({}, 'eu-west-1')).toBeUndefined();
  });
});

describe('planningClock', () => {
  const real = new Date('2026-11-24T03:00:00Z');
  it('is the current time unless overridden', () => {
    expect(planningClock(undefined, { now: real, overrideAllowed: false })).toEqual({ now: real, overridden: false });
  });
  it('refuses an override outside the local runner, naming the field', () => {
    expect(() => planningClock('2027-01-01T00:00:00Z', { now: real, overrideAllowed: false })).toThrow(
      /clockOverride: is accepted only by the local runner/,
    );
  });
  it('accepts an ISO time with a zone locally, and rejects anything else', () => {
    expect(planningClock('2027-01-01T00:00:00Z', { now: real, overrideAllowed: true })).toEqual({
      now: new Date('2027-01-01T00:00:00Z'),
      overridden: true,
    });
    for (const bad of ['2027-01-01', 'tomorrow', 1767225600000, '2027-13-01T00:00:00Z']) {
      expect(() => planningClock(bad, { now: real, overrideAllowed: true })).toThrow(
        /clockOverride: .* is not an ISO-8601 time with a zone/,
      );
    }
  });
});

describe('selectDeletes and the report', () => {
  const snaps = [
    ...historyWithCopies(sixHourlyTimes('2026-08-01T00:00:00Z', '2026-11-24T00:00:00Z')),
    ...foreignSnapshots(Date.parse('2025-01-01T00:00:00Z')),
  ];
  // Planned in each test (beforeEach runs inside it), so mutation testing sees which test reaches which code.
  let plan: RetentionPlan;
  beforeEach(() => {
    plan = planRetention({ snapshots: snaps, now: NOW, identity: IDENTITY });
  });

  it('selects every delete, oldest first, and defers over the bound', () => {
    expect(selectDeletes(plan).deletes).toHaveLength(500); // the default bound per run
    const all = selectDeletes(plan, 10_000);
    expect(all.deletes).toHaveLength(plan.summary.delete);
    expect(all.deferred).toBe(0);
    const times = all.deletes.map((d) => d.createdAt);
    expect([...times].sort()).toEqual(times);
    const bounded = selectDeletes(plan, 10);
    expect(bounded.deletes).toEqual(all.deletes.slice(0, 10));
    expect(bounded.deferred).toBe(plan.summary.delete - 10);
    expect(Object.values(bounded.deferredByRegion).reduce((a, b) => a + b, 0)).toBe(plan.summary.delete - 10);
    expect(() => selectDeletes(plan, -1)).toThrow(/maxDeletesPerRun/);
  });

  const plannedOf = (max = 10_000) => selectDeletes(plan, max).deletes;
  function summaryFor(dryRun: boolean, max = 10_000): PlanSummaryForReport {
    const { deletes, deferredByRegion } = selectDeletes(plan, max);
    return {
      resource: 'muejam-db-prod',
      dryRun,
      plannedAt: NOW.toISOString(),
      clockOverridden: false,
      primaryRegion: IDENTITY.primaryRegion,
      backupRegion: IDENTITY.backupRegion,
      byRegion: plan.summary.byRegion,
      plannedByRegion: countByRegion(deletes),
      deferredByRegion,
      quota: {
        [IDENTITY.primaryRegion]: { used: 120, max: 100 * 2, headroom: 80, usedPercent: 60, alert: false },
        [IDENTITY.backupRegion]: { unavailable: 'DescribeAccountAttributes not implemented' },
      },
    };
  }

  it('reports every delete made, per region, and is ok', () => {
    const s = summaryFor(false);
    const outcomes: DeleteOutcome[] = plannedOf().map((d, i) => ({
      region: d.region,
      snapshotId: d.snapshotId,
      outcome: i === 0 ? 'already-gone' : 'deleted',
    }));
    const r = buildRetentionReport(s, outcomes);
    expect(r.ok).toBe(true);
    expect(r.failureCause).toBeUndefined();
    expect(r.totals).toMatchObject({ deleted: plannedOf().length - 1, alreadyGone: 1, failed: 0, skipped: 6, kept: plan.summary.keep });
    const primary = r.regions.find((x) => x.region === IDENTITY.primaryRegion)!;
    expect(primary.tiers).toEqual(plan.summary.byRegion[IDENTITY.primaryRegion].tiers);
    expect(primary.quota).toMatchObject({ headroom: 80 });
    const lines = reportLines(r);
    expect(lines[0]).toMatch(
      /^eu-west-1 \(primary\): kept \d+ \(keep-last 4, daily 29, weekly \d+, monthly 0\), deleted \d+, skipped 4; quota 120\/200 \(headroom 80\)$/,
    );
    expect(r.regions[1]).toMatchObject({ region: IDENTITY.backupRegion, alreadyGone: 1 }); // the oldest delete
    expect(lines[1]).toMatch(
      /^eu-central-1 \(backup\): .*, already gone 1, .* quota unknown \(DescribeAccountAttributes not implemented\)$/,
    );
    expect(lines[2]).toMatch(/^us-east-1 \(other\): kept 0 .*, deleted 0, skipped 1$/);
  });

  it('reports failures with their errors and is not ok', () => {
    const s = summaryFor(false);
    const outcomes: DeleteOutcome[] = plannedOf().map((d, i) =>
      i < 7
        ? {
            region: d.region,
            snapshotId: d.snapshotId,
            outcome: 'failed',
            error: 'InvalidDBSnapshotStateFault',
            detail: 'snapshot is being copied',
          }
        : { region: d.region, snapshotId: d.snapshotId, outcome: 'deleted' },
    );
    const r = buildRetentionReport(s, outcomes);
    expect(r.ok).toBe(false);
    expect(r.totals.failed).toBe(7);
    expect(r.failures).toHaveLength(7);
    expect(r.failureCause).toMatch(
      new RegExp(
        `^retention of muejam-db-prod: 7 of ${plannedOf().length} deletes failed: ${plannedOf()[0].snapshotId} in ${plannedOf()[0].region}: InvalidDBSnapshotStateFault \\(snapshot is being copied\\);`,
      ),
    );
    expect(r.failureCause).toMatch(/\) and 2 more\. Deleted \d+, kept 82; the next run retries\.$/);
    expect(reportLines(r)[0]).toMatch(/FAILED/);
  });

  it('is not ok when deletes went missing (a run stopped half-way)', () => {
    const s = summaryFor(false);
    const r = buildRetentionReport(s, []);
    expect(r.ok).toBe(false);
    expect(r.failureCause).toMatch(new RegExp(`${plannedOf().length} planned deletes have no outcome`));
  });

  it('a dry run reports the planned deletes as "would delete" and deletes nothing', () => {
    const r = buildRetentionReport(summaryFor(true), []);
    expect(r.ok).toBe(true);
    expect(r.totals.deleted).toBe(plan.summary.delete);
    expect(reportLines(r)[0]).toMatch(/would delete/);
  });

  it('reports deferred deletes over the per-run bound', () => {
    const s = summaryFor(false, 5);
    const r = buildRetentionReport(
      s,
      plannedOf(5).map((d) => ({ region: d.region, snapshotId: d.snapshotId, outcome: 'deleted' as const })),
    );
    expect(r.ok).toBe(true);
    expect(r.totals.deferred).toBe(plan.summary.delete - 5);
  });

  it('the plan table has one row per decision with its reason', () => {
    const rows = planTableRows(plan.decisions);
    expect(rows).toHaveLength(plan.decisions.length);
    const deleted = rows.find((r) => r[3] === 'DELETE')!;
    expect(deleted[4]).toBe('expired');
    expect(deleted[2]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(rows.find((r) => r[1] === 'alice-before-migration')).toEqual(expect.arrayContaining(['SKIP', 'not-owned', '-']));
    expect(NOW.getTime() - DAY).toBeLessThan(NOW.getTime());
  });
});
