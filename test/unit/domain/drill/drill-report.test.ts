import { buildDrillReport, teardownResult } from '../../../../lambdas/domain/drill/drill-report';
import { GOALS, sampleReport, step } from './fixtures';

describe('drill report', () => {
  it('has the seed shape: overallStatus and one row per test, teardown last', () => {
    const r = sampleReport();
    expect(r.overallStatus).toBe('passed');
    expect(r.tests.map((t) => t.name)).toEqual(['inventory', 'restore', 'pitr', 'failover', 'teardown']);
    for (const t of r.tests)
      expect(Object.keys(t)).toEqual(expect.arrayContaining(['name', 'status', 'durationS', 'rtoS', 'rpoS', 'detail']));
  });
  it('times the teardown row from its timeline steps', () => {
    expect(sampleReport().tests.at(-1)).toMatchObject({ name: 'teardown', status: 'passed', durationS: 190 });
  });
  it('a failing restore check fails the drill', () => {
    const r = sampleReport({ restore: { result: 'checks-failed', detail: 'rows public.users: expected > 0, found 0' } });
    expect(r.overallStatus).toBe('failed');
    expect(r.tests[1]).toMatchObject({ name: 'restore', status: 'failed' });
  });
  it('a failover guard refusal makes the drill partial', () => {
    const r = sampleReport({ failover: { result: 'guard-refused', detail: 'no replica lag datapoint: refused' } });
    expect(r.overallStatus).toBe('partial');
  });
  it('a restore over the (tighter) RTO goal fails the drill', () => {
    const r = sampleReport({ restore: { rtoS: GOALS.rtoS + 1 } });
    expect(r.overallStatus).toBe('failed');
    expect(r.tests[1].detail).toContain('over the goal <= 1.00 h (muejam.drill.rtoGoalHours)');
  });
  it('anything left with the drill tag fails the teardown row and the drill', () => {
    const r = sampleReport({}, ['muejam-db-prod-drill-r']);
    expect(r.overallStatus).toBe('failed');
    expect(r.tests.at(-1)).toMatchObject({ status: 'failed', detail: 'left behind: muejam-db-prod-drill-r; removed 3' });
  });
  it('a teardown error fails the teardown row even when nothing is left', () => {
    const t = teardownResult({ removed: ['a'], leftOver: [], errors: ['DeleteDBInstance a: throttled'] }, 5);
    expect(t).toMatchObject({ status: 'failed', detail: 'errors: DeleteDBInstance a: throttled; removed 1' });
  });
  it('refuses times that are not ISO or go backwards, naming the field', () => {
    const base = {
      drillId: 'd',
      deployment: 'prod',
      database: 'db',
      startedAt: '2026-01-04T05:00:00Z',
      finishedAt: '2026-01-04T05:10:00Z',
      goals: GOALS,
      parts: [],
      timeline: [],
      teardown: { removed: [], leftOver: [], errors: [] },
    };
    expect(() => buildDrillReport({ ...base, startedAt: 'yesterday' })).toThrow('startedAt: must be an ISO-8601 time');
    expect(() => buildDrillReport({ ...base, finishedAt: '2026-01-04T04:00:00Z' })).toThrow('finishedAt: must not be before startedAt');
    const backwards = { ...step('X', 'restore', 10, 5) };
    expect(() => buildDrillReport({ ...base, timeline: [backwards] })).toThrow('timeline[0].endedAt: must not be before its startedAt');
  });
});
