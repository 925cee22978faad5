/**
 * The report shape shared by the restore test (issue 11) and the DR drill:
 * `{ overallStatus, tests: [{ name, status, durationS, detail }] }`, plus what
 * each producer adds around it (figures, resource, times). Pure: no SDK.
 *
 * A test is one named check with its own verdict; the report passes only when
 * every test that ran passed (skipped tests do not fail it, and a report with no
 * test that passed is not a pass).
 */

export type TestStatus = 'passed' | 'failed' | 'skipped';
export type OverallStatus = 'passed' | 'failed';

export interface ReportTest {
  /** Stable, human name: "engine version", "rows public.users", "check recent-chapters". */
  name: string;
  status: TestStatus;
  /** Wall time of this test, in seconds (3 decimals). */
  durationS: number;
  /** One line: what was expected and what was found, or why it failed. */
  detail: string;
  /** The measured value, when there is one (row count, version, age in seconds...). */
  value?: string | number | boolean | null;
  /** ISO time the test finished. */
  at?: string;
}

export interface TestReport {
  overallStatus: OverallStatus;
  tests: ReportTest[];
}

/** Rounds seconds to milliseconds, never negative. */
export function durationSeconds(ms: number): number {
  return Math.max(0, Math.round(ms) / 1000);
}

/** "passed" when at least one test passed and none failed. */
export function overallStatusOf(tests: readonly Pick<ReportTest, 'status'>[]): OverallStatus {
  const failed = tests.some((t) => t.status === 'failed');
  const passed = tests.some((t) => t.status === 'passed');
  return !failed && passed ? 'passed' : 'failed';
}

export function buildReport(tests: readonly ReportTest[]): TestReport {
  return { overallStatus: overallStatusOf(tests), tests: [...tests] };
}

/** The tests that failed, by name, in order. */
export function failedTestNames(report: Pick<TestReport, 'tests'>): string[] {
  return report.tests.filter((t) => t.status === 'failed').map((t) => t.name);
}

/** One line for an alert or a CLI: `2 of 9 tests failed: rows public.chapters (relation does not exist); ...`. */
export function failureSummary(report: Pick<TestReport, 'tests'>, maxLength = 900): string {
  const failed = report.tests.filter((t) => t.status === 'failed');
  if (failed.length === 0) return `all ${report.tests.length} tests passed`;
  const text = `${failed.length} of ${report.tests.length} tests failed: ${failed.map((t) => `${t.name} (${t.detail})`).join('; ')}`;
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
