/**
 * The restore test's record step (after the teardown): the full report (the shared
 * `{overallStatus, tests}` shape plus the figures) stored as JSON in the backup region's report
 * bucket, the RestoreTest* metrics, and, when every check passed, the run's success (metrics +
 * the recovery message that resolves an open incident). When a check failed it returns the
 * failure the workflow alerts with (VerificationFailed naming the checks).
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { METRICS, type MetricPoint } from '../domain/metrics/catalog';
import { failureSummary, type ReportTest, type TestReport } from '../domain/reports/test-report';
import type { DbRestorePlan } from '../domain/restore/restore-plan';
import { type RtoFigures, rtoFigures } from '../domain/restore-test/figures';
import type { RestoreTestSettings } from '../domain/settings/restore-test';
import type { ClientFactory } from '../runtime/clients';
import { publishMetricPoints } from '../runtime/publish-metrics';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { rethrowTyped } from './aws-errors';
import type { ExecutionRef } from './execution-ref';
import type { ChecksOutcome } from './restore-test-checks';
import type { RestoreTestTarget, TeardownResult } from './restore-test-service';
import { type AlertSink, recordSucceededRun } from './run-outcome';

export const RESTORE_TEST_WORKFLOW = 'restore-test';
export const REPORT_PREFIX = 'restore-tests/';

export interface RestoreTestReport extends TestReport {
  workflow: typeof RESTORE_TEST_WORKFLOW;
  deployment: string;
  database: string;
  regionRole: string;
  region: string;
  instanceId: string;
  snapshot?: { id: string; arn: string; createdAt: string; verifiedAt?: string };
  execution: string;
  figures?: RtoFigures;
  dataAgeSeconds?: number;
  serverVersion?: string;
  teardown: TeardownResult;
  credentialsFrom?: string;
  restoreRequestedAt: string;
  availableAt: string;
  checksFinishedAt: string;
}

export interface RecordInput {
  target: RestoreTestTarget;
  plan: DbRestorePlan;
  available: { availableAt: string };
  checks: ChecksOutcome;
  teardown: TeardownResult;
  execution: ExecutionRef;
}

export interface RecordResult {
  overallStatus: TestReport['overallStatus'];
  reportBucket: string;
  reportKey: string;
  rtoSeconds?: number;
  projected100GiBRtoSeconds?: number;
  dataAgeSeconds?: number;
  failedTests: string[];
  /** Present when a check failed: what NotifyFailure publishes. */
  failure?: { Error: 'VerificationFailed'; Cause: string };
}

/** The marker of the newest restore test of `db` that passed (either region): the 8-day freshness check reads it. */
export function lastSuccessKey(db: string): string {
  return `${REPORT_PREFIX}${db}/last-success.json`;
}

export function reportKey(db: string, at: string, execution: string): string {
  return `${REPORT_PREFIX}${db}/${at.slice(0, 10)}/${execution}.json`;
}

/** The RestoreTest* points of a finished (or failed) run. */
export function restoreTestPoints(o: {
  db: string;
  region: string;
  passed: boolean;
  figures?: RtoFigures;
  dataAgeSeconds?: number;
  at: Date;
}): MetricPoint[] {
  const d = { Resource: o.db, Region: o.region };
  const p = (metric: MetricPoint['metric'], value: number): MetricPoint => ({ metric, value, dimensions: d, timestamp: o.at });
  const points = [p(METRICS.restoreTestSucceeded, o.passed ? 1 : 0), p(METRICS.restoreTestFailed, o.passed ? 0 : 1)];
  if (o.passed && o.figures)
    points.push(p(METRICS.restoreTestRto, o.figures.rtoSeconds), p(METRICS.restoreTestProjectedRto, o.figures.projected100GiBRtoSeconds));
  if (o.dataAgeSeconds !== undefined) points.push(p(METRICS.restoreTestDataAge, o.dataAgeSeconds));
  return points;
}

export class RestoreTestRecorder {
  constructor(
    private readonly config: RuntimeConfig,
    private readonly settings: RestoreTestSettings,
    private readonly clients: ClientFactory,
    private readonly alerts: AlertSink,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(i: RecordInput): Promise<RecordResult> {
    const now = this.now();
    const r = i.checks.report;
    const passed = r.overallStatus === 'passed';
    const times = { restoreRequestedAt: i.plan.requestedAt, availableAt: i.available.availableAt, checksFinishedAt: r.finishedAt };
    const figures =
      i.checks.instance.allocatedStorageGiB > 0
        ? rtoFigures(times, i.checks.instance.allocatedStorageGiB, this.settings.rtoHours)
        : undefined;
    const teardownTest: ReportTest = {
      name: 'teardown',
      status: i.teardown.action === 'deleted' || i.teardown.action === 'already-deleting' ? 'passed' : 'skipped',
      durationS: 0,
      detail: i.teardown.reason,
      at: i.teardown.at,
    };
    const report: RestoreTestReport = {
      workflow: RESTORE_TEST_WORKFLOW,
      overallStatus: r.overallStatus,
      tests: [...r.tests, teardownTest],
      deployment: this.config.deploymentId,
      database: i.target.dbInstanceIdentifier,
      regionRole: i.target.regionRole,
      region: i.target.region,
      instanceId: i.target.instanceId,
      snapshot: i.plan.snapshot,
      execution: i.execution.Id,
      figures,
      dataAgeSeconds: r.dataAge?.dataAgeSeconds,
      serverVersion: r.serverVersion,
      teardown: i.teardown,
      credentialsFrom: i.checks.credentialsFrom,
      ...times,
    };
    const key = reportKey(i.target.dbInstanceIdentifier, now.toISOString(), i.execution.Name);
    try {
      await this.clients(S3Client, this.config.backupRegion).send(
        new PutObjectCommand({
          Bucket: this.settings.reportBucket,
          Key: key,
          Body: JSON.stringify(report, null, 2),
          ContentType: 'application/json',
        }),
      );
      if (passed) {
        await this.clients(S3Client, this.config.backupRegion).send(
          new PutObjectCommand({
            Bucket: this.settings.reportBucket,
            Key: lastSuccessKey(report.database),
            Body: JSON.stringify({ finishedAt: now.toISOString(), region: report.region, report: key, execution: i.execution.Id }),
            ContentType: 'application/json',
          }),
        );
      }
    } catch (err) {
      rethrowTyped(err, `PutObject s3://${this.settings.reportBucket}/${key} in ${this.config.backupRegion}`);
    }
    publishMetricPoints(
      restoreTestPoints({ db: report.database, region: report.region, passed, figures, dataAgeSeconds: report.dataAgeSeconds, at: now }),
    );
    const failedTests = r.tests.filter((t) => t.status === 'failed').map((t) => t.name);
    if (passed) {
      await recordSucceededRun(
        this.alerts,
        {
          deployment: this.config.deploymentId,
          workflow: RESTORE_TEST_WORKFLOW,
          resource: report.database,
          executionArn: i.execution.Id,
          durationSeconds: figures?.rtoSeconds,
        },
        now,
      );
    }
    return {
      overallStatus: r.overallStatus,
      reportBucket: this.settings.reportBucket,
      reportKey: key,
      rtoSeconds: figures?.rtoSeconds,
      projected100GiBRtoSeconds: figures?.projected100GiBRtoSeconds,
      dataAgeSeconds: report.dataAgeSeconds,
      failedTests,
      ...(passed
        ? {}
        : {
            failure: {
              Error: 'VerificationFailed' as const,
              Cause: JSON.stringify({
                errorMessage: `restore test of ${report.database} in ${report.region} failed: ${failureSummary(r)}; report s3://${this.settings.reportBucket}/${key}`,
              }),
            },
          }),
    };
  }

  /** A failure path's metrics (the run failed before its checks finished). */
  recordFailedRun(target: RestoreTestTarget): void {
    publishMetricPoints(restoreTestPoints({ db: target.dbInstanceIdentifier, region: target.region, passed: false, at: this.now() }));
  }
}
