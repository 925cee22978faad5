/** Properties of the drill's verdict over random parts and goals (fast-check). */
import fc from 'fast-check';
import type { DrillTestStatus } from '../../../../lambdas/domain/drill/drill-test';
import { PART_RESULTS, type PartOutcome, drillGoals, judgePart, overallStatus } from '../../../../lambdas/domain/drill/drill-status';

const RUNS = { numRuns: 300 };
const seconds = fc.option(fc.integer({ min: 0, max: 10 * 86400 }), { nil: null });
const partArb: fc.Arbitrary<PartOutcome> = fc.record({
  name: fc.constantFrom('inventory', 'restore', 'pitr', 'failover'),
  result: fc.constantFrom(...PART_RESULTS),
  durationS: seconds,
  rtoS: seconds,
  rpoS: seconds,
  detail: fc.string(),
  evidence: fc.option(fc.array(fc.record({ check: fc.string({ minLength: 1 }), passed: fc.boolean() }), { maxLength: 4 }), {
    nil: undefined,
  }),
});
const hoursArb = fc.double({ min: 0.25, max: 168, noNaN: true });
const settingsArb = fc.record({
  rtoHours: hoursArb,
  rpoHours: hoursArb,
  rtoGoalHours: fc.option(hoursArb, { nil: undefined }),
  rpoGoalHours: fc.option(hoursArb, { nil: undefined }),
});
const statusArb = fc.array(fc.record({ status: fc.constantFrom<DrillTestStatus>('passed', 'failed', 'refused', 'skipped') }));

describe('drill verdict properties', () => {
  it('the goal is never looser than the target', () => {
    fc.assert(
      fc.property(settingsArb, (s) => {
        const g = drillGoals(s);
        expect(g.rtoS).toBeLessThanOrEqual(Math.round(s.rtoHours * 3600));
        expect(g.rpoS).toBeLessThanOrEqual(Math.round(s.rpoHours * 3600));
        expect(g.rtoS).toBe(Math.round(Math.min(s.rtoHours, s.rtoGoalHours ?? Infinity) * 3600));
      }),
      RUNS,
    );
  });

  it('a passed test is a completed part with every check passed and every figure within its goal', () => {
    fc.assert(
      fc.property(partArb, settingsArb, (p, s) => {
        const g = drillGoals(s);
        const t = judgePart(p, g);
        const within = (p.rtoS === null || p.rtoS <= g.rtoS) && (p.rpoS === null || p.rpoS <= g.rpoS);
        const checksOk = (p.evidence ?? []).every((e) => e.passed);
        expect(t.status === 'passed').toBe(p.result === 'completed' && within && checksOk);
        expect(t.name).toBe(p.name);
        expect([t.rtoS, t.rpoS, t.durationS]).toEqual([p.rtoS, p.rpoS, p.durationS]);
      }),
      RUNS,
    );
  });

  it('a failed restore check or an error always fails the test; a guard refusal is refused, never failed or passed', () => {
    fc.assert(
      fc.property(partArb, settingsArb, (p, s) => {
        const t = judgePart(p, drillGoals(s));
        if (p.result === 'checks-failed' || p.result === 'error') expect(t.status).toBe('failed');
        if (p.result === 'guard-refused') expect(t.status).toBe('refused');
        if (p.result === 'not-run') expect(t.status).toBe('skipped');
      }),
      RUNS,
    );
  });

  it('tightening a goal never turns a failed test into a passed one (monotone)', () => {
    fc.assert(
      fc.property(partArb, settingsArb, fc.double({ min: 0.01, max: 1, noNaN: true }), (p, s, factor) => {
        const loose = judgePart(p, drillGoals(s));
        // tighter than both the target and any goal already set (replacing a goal by a looser one is not tightening)
        const tighter = (goal: number | undefined, target: number) => Math.min(goal ?? target, target * factor);
        const tight = judgePart(
          p,
          drillGoals({ ...s, rtoGoalHours: tighter(s.rtoGoalHours, s.rtoHours), rpoGoalHours: tighter(s.rpoGoalHours, s.rpoHours) }),
        );
        if (loose.status === 'failed') expect(tight.status).toBe('failed');
        if (tight.status === 'passed') expect(loose.status).toBe('passed');
      }),
      RUNS,
    );
  });

  it('overall: failed iff a test failed or none ran, passed iff all passed, otherwise partial; order does not matter', () => {
    fc.assert(
      fc.property(statusArb, (tests) => {
        const o = overallStatus(tests);
        const anyFailed = tests.some((t) => t.status === 'failed');
        expect(o === 'failed').toBe(anyFailed || tests.length === 0);
        expect(o === 'passed').toBe(tests.length > 0 && tests.every((t) => t.status === 'passed'));
        expect(overallStatus([...tests].reverse())).toBe(o);
      }),
      RUNS,
    );
  });

  it('adding a failed test always fails the drill; adding a refusal to a passed drill makes it partial', () => {
    fc.assert(
      fc.property(statusArb, (tests) => {
        expect(overallStatus([...tests, { status: 'failed' }])).toBe('failed');
        if (overallStatus(tests) === 'passed') expect(overallStatus([...tests, { status: 'refused' }])).toBe('partial');
      }),
      RUNS,
    );
  });
});
