/**
 * The drill's last step: judge every part against the goals, list (fresh) what is left with
 * the drill's tag, write the report as JSON and as a self-contained HTML page to the backup
 * region's report bucket (lifecycle on the bucket), publish DrDrillSucceeded/DrDrillFailed,
 * DrDrillRto and DrDrillRpo, and on a pass the marker the 100-day freshness check reads.
 * The ASL then alerts on a failed drill or an incomplete teardown.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type DrillReport, type TimelineStep, buildDrillReport } from '../domain/drill/drill-report';
import type { DrillPlan } from '../domain/drill/drill-plan';
import type { PartOutcome } from '../domain/drill/drill-status';
import { type CaughtError, DRILL_PARTS, type PartRecord, errorText } from '../domain/drill/part-measure';
import { renderDrillReportHtml } from '../domain/drill/report-html';
import { METRICS, type MetricPoint } from '../domain/metrics/catalog';
import { DRILL_REPORT_PREFIX } from '../domain/settings/drill';
import type { ClientFactory } from '../runtime/clients';
import { publishMetricPoints } from '../runtime/publish-metrics';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { hasCode, rethrowTyped } from './aws-errors';
import type { DrDrillTeardownService, TeardownCheck, TeardownResult } from './dr-drill-teardown-service';

export interface DrillState {
  drill: DrillPlan;
  parts?: Partial<Record<(typeof DRILL_PARTS)[number], PartRecord>>;
  teardown?: Partial<TeardownResult> & { error?: CaughtError };
  teardownCheck?: Partial<TeardownCheck> & { error?: CaughtError };
}

export interface DrillReportSummary {
  overallStatus: DrillReport['overallStatus'];
  tests: DrillReport['tests'];
  teardownClean: boolean;
  reportUri: { json: string; html: string };
  summary: string;
}

const notRun = (name: string): PartOutcome => ({
  name,
  result: 'not-run',
  durationS: null,
  rtoS: null,
  rpoS: null,
  detail: 'did not run (an earlier step of the drill failed before it)',
});

export function drillMetricPoints(r: DrillReport, at: Date): MetricPoint[] {
  const d = { Resource: r.database };
  const passed = r.overallStatus === 'passed' ? 1 : 0;
  const points: MetricPoint[] = [
    { metric: METRICS.drDrillSucceeded, value: passed, dimensions: d, timestamp: at },
    { metric: METRICS.drDrillFailed, value: 1 - passed, dimensions: d, timestamp: at },
  ];
  const rto = r.tests.map((t) => t.rtoS).filter((v): v is number => v !== null);
  const rpo = r.tests.map((t) => t.rpoS).filter((v): v is number => v !== null);
  if (rto.length) points.push({ metric: METRICS.drDrillRto, value: Math.max(...rto), dimensions: d, timestamp: at });
  if (rpo.length) points.push({ metric: METRICS.drDrillRpo, value: Math.max(...rpo), dimensions: d, timestamp: at });
  return points;
}

/** The later of two ISO times. */
function later(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

export function lastSuccessKey(database: string): string {
  return `${DRILL_REPORT_PREFIX}${database}/last-success.json`;
}

export class DrDrillReportService {
  constructor(
    private readonly config: RuntimeConfig,
    private readonly clients: ClientFactory,
    private readonly teardown: Pick<DrDrillTeardownService, 'leftOver'>,
    private readonly now: () => Date = () => new Date(),
    private readonly notExercised: string[] = [],
  ) {}

  async build(state: DrillState): Promise<DrillReport> {
    const plan = state.drill;
    const now = this.now();
    const records = DRILL_PARTS.map((p) => state.parts?.[p]);
    const lastEnd = records.reduce((t, r) => (r?.endedAt ? r.endedAt : t), plan.startedAt);
    const teardownEnd = state.teardownCheck?.finishedAt ?? now.toISOString();
    const teardownStep: TimelineStep = {
      name: 'delete everything tagged for this drill',
      test: 'teardown',
      startedAt: lastEnd,
      endedAt: later(teardownEnd, lastEnd),
      status: 'passed',
    };
    const leftOver = await this.teardown.leftOver(plan);
    const errors = [
      ...(state.teardown?.errors ?? []),
      ...[state.teardown?.error, state.teardownCheck?.error].filter((e): e is CaughtError => Boolean(e)).map(errorText),
    ];
    if (leftOver.length > 0 || errors.length > 0) teardownStep.status = 'failed';
    return buildDrillReport({
      drillId: plan.drillId,
      deployment: plan.deployment,
      database: plan.database,
      startedAt: plan.startedAt,
      finishedAt: later(now.toISOString(), teardownStep.endedAt),
      goals: plan.goals,
      parts: DRILL_PARTS.map((p, i) => records[i]?.outcome ?? notRun(p)),
      timeline: [...records.flatMap((r) => r?.steps ?? []), teardownStep],
      teardown: { removed: state.teardown?.removed ?? state.teardownCheck?.removed ?? [], leftOver, errors },
      notExercised: this.notExercised,
    });
  }

  async report(state: DrillState): Promise<DrillReportSummary & { report: DrillReport }> {
    const report = await this.build(state);
    const { bucket, jsonKey, htmlKey } = state.drill.report;
    const s3 = this.clients(S3Client, state.drill.backupRegion);
    try {
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: jsonKey, Body: JSON.stringify(report, null, 2), ContentType: 'application/json' }),
      );
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: htmlKey,
          Body: renderDrillReportHtml(report),
          ContentType: 'text/html; charset=utf-8',
        }),
      );
      if (report.overallStatus === 'passed') {
        await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: lastSuccessKey(report.database),
            Body: JSON.stringify({ drillId: report.drillId, finishedAt: report.finishedAt, report: jsonKey }),
            ContentType: 'application/json',
          }),
        );
      }
    } catch (err) {
      rethrowTyped(err, `store the drill report in s3://${bucket}/${jsonKey}`);
    }
    publishMetricPoints(drillMetricPoints(report, this.now()));
    const teardown = report.tests.find((t) => t.name === 'teardown');
    const counts = report.tests.map((t) => `${t.name} ${t.status}`).join(', ');
    return {
      overallStatus: report.overallStatus,
      tests: report.tests,
      teardownClean: teardown?.status === 'passed',
      reportUri: { json: `s3://${bucket}/${jsonKey}`, html: `s3://${bucket}/${htmlKey}` },
      summary: `DR drill of ${report.database}: ${report.overallStatus} (${counts})${whyNot(report)}; report s3://${bucket}/${htmlKey}`,
      report,
    };
  }

  /** Daily: time since the last passed drill per database (no marker: nothing published, and the alarm treats missing data as breaching). */
  async sinceLastSuccess(bucket: string, region: string): Promise<Record<string, number | null>> {
    const out: Record<string, number | null> = {};
    const points: MetricPoint[] = [];
    const now = this.now();
    for (const db of this.config.databases) {
      try {
        const obj = await this.clients(S3Client, region).send(new GetObjectCommand({ Bucket: bucket, Key: lastSuccessKey(db) }));
        const marker = JSON.parse((await obj.Body?.transformToString('utf-8')) ?? '{}') as { finishedAt?: string };
        const at = Date.parse(marker.finishedAt ?? '');
        out[db] = Number.isNaN(at) ? null : Math.max(0, Math.round((now.getTime() - at) / 1000));
      } catch (err) {
        if (!hasCode(err, 'NoSuchKey', 'NotFound')) rethrowTyped(err, `read s3://${bucket}/${lastSuccessKey(db)}`);
        out[db] = null;
      }
      const v = out[db];
      if (v !== null) points.push({ metric: METRICS.drDrillSinceSuccess, value: v, dimensions: { Resource: db }, timestamp: now });
    }
    publishMetricPoints(points);
    return out;
  }
}

/** What did not pass, one clause per test (an alert's cause names the failed check, the resources left). */
function whyNot(report: DrillReport): string {
  const bad = report.tests.filter((t) => t.status !== 'passed');
  return bad
    .map((t) => `; ${t.name}: ${t.detail}`)
    .join('')
    .slice(0, 1500);
}
