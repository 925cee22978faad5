/**
 * Property-based tests of the retention plan over random histories, clocks and
 * policies (fast-check). Each property states one of the invariants.
 */
import fc from 'fast-check';
import { planRetention } from '../../../../lambdas/domain/retention/plan';
import type { RetentionPolicy } from '../../../../lambdas/domain/retention/policy';
import type { RetentionPlan, RetentionSnapshot } from '../../../../lambdas/domain/retention/types';
import { buildSnapshots, DAY, incrementArb, lengthen, nowArb, policyArb, specsArb } from './arbitraries';
import { IDENTITY } from './fixtures';
import { expectedActions } from './oracle';

const RUNS = { numRuns: 300 };

function run(snapshots: RetentionSnapshot[], policy: RetentionPolicy, now: number): RetentionPlan {
  return planRetention({ snapshots, policy, now: new Date(now), identity: IDENTITY });
}

const scenario = fc.record({ specs: specsArb(), policy: policyArb, now: nowArb });
// The naive reference is quadratic: smaller regular histories.
const smallScenario = fc.record({ specs: specsArb(40), policy: policyArb, now: nowArb });

function isOwnedCandidate(s: RetentionSnapshot): boolean {
  const role = s.region === IDENTITY.primaryRegion ? 'primary' : s.region === IDENTITY.backupRegion ? 'backup' : undefined;
  return (
    s.snapshotType === 'manual' &&
    s.tags['muejam:managed-by'] === 'muejam-backup-dr' &&
    s.tags['muejam:deployment'] === IDENTITY.deploymentId &&
    role !== undefined &&
    s.tags['muejam:region-role'] === role
  );
}

describe('retention plan properties', () => {
  it('decides exactly once for every snapshot, with a reason', () => {
    fc.assert(
      fc.property(scenario, ({ specs, policy, now }) => {
        const snaps = buildSnapshots(specs, now);
        const { decisions, summary } = run(snaps, policy, now);
        expect(decisions.map((d) => d.arn).sort()).toEqual(snaps.map((s) => s.arn).sort());
        for (const d of decisions) expect(d.reason.length).toBeGreaterThan(10);
        expect(summary.keep + summary.delete + summary.skip).toBe(snaps.length);
        const perRegion = Object.values(summary.byRegion).reduce((n, c) => n + c.keep + c.delete + c.skip, 0);
        expect(perRegion).toBe(snaps.length);
      }),
      RUNS,
    );
  });

  it('never deletes what it does not own, what is not manual, what is not available or what has no date', () => {
    fc.assert(
      fc.property(scenario, ({ specs, policy, now }) => {
        const snaps = buildSnapshots(specs, now);
        const byArn = new Map(snaps.map((s) => [s.arn, s]));
        for (const d of run(snaps, policy, now).decisions) {
          const s = byArn.get(d.arn)!;
          if (!isOwnedCandidate(s) || s.status !== 'available' || !s.createdAt) expect(d.action).toBe('skip');
          else expect(d.action).not.toBe('skip');
        }
      }),
      RUNS,
    );
  });

  it('keeps the newest `floor` verified backups of each database in each region', () => {
    fc.assert(
      fc.property(scenario, ({ specs, policy, now }) => {
        const snaps = buildSnapshots(specs, now);
        const plan = run(snaps, policy, now);
        const byArn = new Map(snaps.map((s) => [s.arn, s]));
        const groups = new Map<string, { arn: string; t: number }[]>();
        for (const d of plan.decisions) {
          if (d.action === 'skip' || !d.verified) continue;
          const key = `${d.region}/${d.resource}`;
          if (!groups.has(key)) groups.set(key, []);
          groups.get(key)!.push({ arn: d.arn, t: byArn.get(d.arn)!.createdAt!.getTime() });
        }
        const action = new Map(plan.decisions.map((d) => [d.arn, d.action]));
        for (const list of groups.values()) {
          list.sort((a, b) => b.t - a.t || (a.arn < b.arn ? -1 : 1));
          for (const { arn } of list.slice(0, policy.floor)) expect(action.get(arn)).toBe('keep');
        }
      }),
      RUNS,
    );
  });

  it('deletes a primary without a verified copy only past policy plus the grace; any delete only past policy', () => {
    fc.assert(
      fc.property(scenario, ({ specs, policy, now }) => {
        const snaps = buildSnapshots(specs, now);
        const plan = run(snaps, policy, now);
        const verifiedCopies = new Set(
          plan.decisions
            .filter((d) => d.region === IDENTITY.backupRegion && d.action !== 'skip' && d.verified)
            .map((d) => snaps.find((s) => s.arn === d.arn)!.tags['muejam:copy-of'])
            .filter(Boolean),
        );
        for (const d of plan.decisions.filter((x) => x.action === 'delete')) {
          const expires = Date.parse(d.expiresAt!);
          expect(now).toBeGreaterThanOrEqual(expires);
          if (d.region === IDENTITY.primaryRegion && !verifiedCopies.has(d.arn)) {
            expect(now - expires).toBeGreaterThan(policy.unverifiedCopyGraceDays * DAY);
            expect(d.rule).toBe('expired-copy-never-verified');
          }
        }
      }),
      RUNS,
    );
  });

  it('keeps exactly what a naive reference of the policy keeps', () => {
    fc.assert(
      fc.property(smallScenario, ({ specs, policy, now }) => {
        const snaps = buildSnapshots(specs, now);
        const expected = expectedActions(snaps, policy, now, IDENTITY);
        for (const d of run(snaps, policy, now).decisions) expect([d.arn, d.action]).toEqual([d.arn, expected.get(d.arn)]);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic: the same plan whatever the order of the input', () => {
    fc.assert(
      fc.property(scenario, fc.integer(), ({ specs, policy, now }, seed) => {
        const snaps = buildSnapshots(specs, now);
        const shuffled = [...snaps];
        let x = seed >>> 0 || 1;
        for (let i = shuffled.length - 1; i > 0; i--) {
          x = (x * 1103515245 + 12345) >>> 0;
          const j = x % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        expect(run(shuffled, policy, now)).toEqual(run(snaps, policy, now));
      }),
      RUNS,
    );
  });

  it('is idempotent: applying the plan and planning again deletes nothing and changes no decision', () => {
    fc.assert(
      fc.property(scenario, ({ specs, policy, now }) => {
        const snaps = buildSnapshots(specs, now);
        const first = run(snaps, policy, now);
        const deleted = new Set(first.decisions.filter((d) => d.action === 'delete').map((d) => d.arn));
        const survivors = snaps.filter((s) => !deleted.has(s.arn));
        const second = run(survivors, policy, now);
        expect(second.summary.delete).toBe(0);
        const before = new Map(first.decisions.map((d) => [d.arn, d.action]));
        for (const d of second.decisions) expect([d.arn, d.action]).toEqual([d.arn, before.get(d.arn)]);
      }),
      RUNS,
    );
  });

  it('lengthening any setting never deletes more (a subset of the deletes)', () => {
    fc.assert(
      fc.property(scenario, incrementArb, ({ specs, policy, now }, inc) => {
        const snaps = buildSnapshots(specs, now);
        const shorter = new Set(
          run(snaps, policy, now)
            .decisions.filter((d) => d.action === 'delete')
            .map((d) => d.arn),
        );
        const longer = run(snaps, lengthen(policy, inc), now).decisions.filter((d) => d.action === 'delete');
        for (const d of longer) expect(shorter.has(d.arn)).toBe(true);
      }),
      RUNS,
    );
  });

  it('a later clock never brings back what an earlier clock deleted (no resurrection, same snapshots)', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 400 * 24 }), ({ specs, policy, now }, laterHours) => {
        const snaps = buildSnapshots(specs, now);
        const earlier = run(snaps, policy, now);
        const later = new Map(run(snaps, policy, now + laterHours * 3_600_000).decisions.map((d) => [d.arn, d.action]));
        for (const d of earlier.decisions.filter((x) => x.action === 'delete')) expect(later.get(d.arn)).toBe('delete');
      }),
      RUNS,
    );
  });
});
