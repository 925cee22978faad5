import { compareFigures, drillGoals, judgePart, overallStatus } from '../../../../lambdas/domain/drill/drill-status';

const goals = drillGoals({ rtoHours: 4, rpoHours: 6 });
const part = { name: 'restore', durationS: 10, rtoS: 100, rpoS: 100, detail: 'restored' };

describe('drill goals', () => {
  it('uses the deployment targets when no drill goal is configured', () => {
    expect(goals).toEqual({ rtoS: 14400, rpoS: 21600, rtoSource: 'muejam.rtoHours', rpoSource: 'muejam.rpoHours' });
  });
  it('uses a tighter drill goal and names where it came from', () => {
    expect(drillGoals({ rtoHours: 4, rpoHours: 6, rtoGoalHours: 1, rpoGoalHours: 0.5 })).toEqual({
      rtoS: 3600,
      rpoS: 1800,
      rtoSource: 'muejam.drill.rtoGoalHours',
      rpoSource: 'muejam.drill.rpoGoalHours',
    });
  });
  it('ignores a drill goal looser than the target', () => {
    expect(drillGoals({ rtoHours: 4, rpoHours: 6, rtoGoalHours: 8, rpoGoalHours: 6 })).toMatchObject({
      rtoS: 14400,
      rpoS: 21600,
      rtoSource: 'muejam.rtoHours',
    });
  });
  it.each([0, -1, Number.NaN, '4'])('refuses rtoHours %p, naming the field', (v) => {
    expect(() => drillGoals({ rtoHours: v as number, rpoHours: 6 })).toThrow('rtoHours: must be a number of hours greater than 0');
  });
  it('refuses a drill goal that is not positive, naming the drill key', () => {
    expect(() => drillGoals({ rtoHours: 4, rpoHours: 6, rpoGoalHours: 0 })).toThrow('drill.rpoGoalHours');
  });
});

describe('judging one part', () => {
  it('passes a completed part within both goals, with the comparisons as evidence', () => {
    const t = judgePart({ ...part, result: 'completed' }, goals);
    expect(t.status).toBe('passed');
    expect(t.evidence).toEqual([
      { check: 'RTO within goal', passed: true, expected: '<= 4.00 h (muejam.rtoHours)', actual: '1.7 min' },
      { check: 'RPO within goal', passed: true, expected: '<= 6.00 h (muejam.rpoHours)', actual: '1.7 min' },
    ]);
  });
  it('fails a completed part whose RTO is over the goal, and says by how much', () => {
    const t = judgePart({ ...part, result: 'completed', rtoS: 14401 }, goals);
    expect(t.status).toBe('failed');
    expect(t.detail).toBe('restored; RTO 4.00 h over the goal <= 4.00 h (muejam.rtoHours)');
  });
  it('an RTO exactly at the goal passes', () => {
    expect(judgePart({ ...part, result: 'completed', rtoS: 14400, rpoS: 21600 }, goals).status).toBe('passed');
  });
  it('fails a completed part whose RPO is over the goal', () => {
    expect(judgePart({ ...part, result: 'completed', rpoS: 21601 }, goals).status).toBe('failed');
  });
  it('fails a completed part carrying a failed check', () => {
    const t = judgePart({ ...part, result: 'completed', evidence: [{ check: 'rows users', passed: false }] }, goals);
    expect(t.status).toBe('failed');
    expect(t.detail).toBe('restored; a check failed');
  });
  it.each([
    ['checks-failed', 'failed'],
    ['error', 'failed'],
    ['guard-refused', 'refused'],
    ['not-run', 'skipped'],
  ] as const)('%s becomes %s', (result, status) => {
    expect(judgePart({ ...part, result }, goals).status).toBe(status);
  });
  it('refuses an unknown result, naming the part', () => {
    expect(() => judgePart({ ...part, result: 'maybe' as never }, goals)).toThrow('restore.result: must be one of completed');
  });
  it('measures nothing that was not measured', () => {
    expect(compareFigures({ rtoS: null, rpoS: null }, goals)).toEqual({ within: true, evidence: [] });
  });
});

describe('overall status', () => {
  it('nothing tested is a failed drill', () => expect(overallStatus([])).toBe('failed'));
  it('all passed', () => expect(overallStatus([{ status: 'passed' }, { status: 'passed' }])).toBe('passed'));
  it('a refusal without a failure is partial', () => expect(overallStatus([{ status: 'passed' }, { status: 'refused' }])).toBe('partial'));
  it('a skipped part is partial', () => expect(overallStatus([{ status: 'skipped' }, { status: 'passed' }])).toBe('partial'));
  it('any failure fails the drill', () => expect(overallStatus([{ status: 'refused' }, { status: 'failed' }])).toBe('failed'));
});
