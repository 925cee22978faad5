import {
  buildReport,
  durationSeconds,
  failedTestNames,
  failureSummary,
  overallStatusOf,
  type ReportTest,
} from '../../../../lambdas/domain/reports/test-report';

const t = (name: string, status: ReportTest['status'], detail = 'ok'): ReportTest => ({ name, status, durationS: 0.01, detail });

describe('test report', () => {
  it('passes only when a test passed and none failed', () => {
    expect(overallStatusOf([t('a', 'passed'), t('b', 'skipped')])).toBe('passed');
    expect(overallStatusOf([t('a', 'passed'), t('b', 'failed')])).toBe('failed');
    expect(overallStatusOf([t('a', 'skipped')])).toBe('failed');
    expect(overallStatusOf([])).toBe('failed');
  });

  it('builds the shared shape and names the failed tests', () => {
    const r = buildReport([
      t('engine version', 'passed'),
      t('rows public.chapters', 'failed', 'relation "public.chapters" does not exist'),
    ]);
    expect(r.overallStatus).toBe('failed');
    expect(Object.keys(r.tests[0]).sort()).toEqual(['detail', 'durationS', 'name', 'status']);
    expect(failedTestNames(r)).toEqual(['rows public.chapters']);
    expect(failureSummary(r)).toBe('1 of 2 tests failed: rows public.chapters (relation "public.chapters" does not exist)');
  });

  it('summarises a clean report and shortens a long one', () => {
    expect(failureSummary(buildReport([t('a', 'passed')]))).toBe('all 1 tests passed');
    const long = failureSummary(buildReport([t('x', 'failed', 'y'.repeat(2000))]), 100);
    expect(long).toHaveLength(100);
    expect(long.endsWith('…')).toBe(true);
  });

  it('rounds durations to milliseconds and never below zero', () => {
    expect(durationSeconds(1234.4)).toBe(1.234);
    expect(durationSeconds(-5)).toBe(0);
  });
});
