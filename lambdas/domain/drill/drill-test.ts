/**
 * A DR drill's test rows: the shared report shape (lambdas/domain/reports/test-report.ts,
 * `{ overallStatus, tests: [{ name, status, durationS, detail }] }`) with the recovery
 * figures each drill test measures (`rtoS`, `rpoS`), the evidence behind its verdict,
 * and the two outcomes a drill has that a restore test has not: a safety guard that
 * `refused` (test) and an overall `partial` (nothing failed, not everything ran to a pass).
 * Pure data.
 */
import type { OverallStatus, ReportTest, TestStatus } from '../reports/test-report';

/** `refused`: a safety guard declined to act, so nothing was changed. */
export type DrillTestStatus = TestStatus | 'refused';
export const DRILL_TEST_STATUSES: readonly DrillTestStatus[] = ['passed', 'failed', 'refused', 'skipped'];

/** `partial`: no test failed, but not every test passed (a guard refused, a part was skipped). */
export type DrillOverallStatus = OverallStatus | 'partial';

/** One piece of evidence behind a test's status: what was checked, what was expected, what was seen. */
export interface CheckEvidence {
  check: string;
  passed: boolean;
  expected?: string;
  actual?: string;
}

export interface DrillTest extends Omit<ReportTest, 'status' | 'durationS'> {
  status: DrillTestStatus;
  /** Wall time of the test, seconds; null when it did not run. */
  durationS: number | null;
  /** Recovery time measured by the test (restore requested to data checked), seconds; null when not measured. */
  rtoS: number | null;
  /** Recovery point measured by the test (age of the recovered data), seconds; null when not measured. */
  rpoS: number | null;
  evidence?: CheckEvidence[];
}

/** The seed's shape, with drill rows. */
export interface DrillTestReport {
  overallStatus: DrillOverallStatus;
  tests: DrillTest[];
}
