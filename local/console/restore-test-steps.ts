/**
 * What the restore test prints, the same for `npm run cli -- restore-test` and the rehearsal:
 * a few words per step while it runs, and the report at the end (every test with its value and
 * detail, the RTO / throughput / projection and the data age). Pure text.
 */
import type { ReportTest } from '../../lambdas/domain/reports/test-report';
import type { RtoFigures } from '../../lambdas/domain/restore-test/figures';
import type { OutputDescriber } from './progress';

/** What the run's states say about the report; collected from the progress (both deployed and local). */
export interface RestoreTestRunView {
  target?: { instanceId?: string; region?: string; regionRole?: string };
  snapshot?: { id?: string; createdAt?: string };
  tests?: ReportTest[];
  teardown?: { action?: string; instanceId?: string; region?: string; reason?: string };
  record?: {
    overallStatus?: string;
    reportBucket?: string;
    reportKey?: string;
    rtoSeconds?: number;
    projected100GiBRtoSeconds?: number;
    dataAgeSeconds?: number;
  };
}

/** A few words about each restore-test step's result, for the live progress lines. */
export const describeRestoreTestStep: OutputDescriber = (state, output) => {
  const o = (output ?? {}) as Record<string, any>;
  switch (state) {
    case 'SweepLeftovers':
      return o.janitor?.summary;
    case 'PlanRestoreTest':
      return `${o.target?.instanceId} in ${o.target?.region} (${o.target?.regionRole})`;
    case 'ValidateRestore':
      return `newest verified backup ${o.plan?.snapshot?.id} (${o.plan?.snapshot?.createdAt})`;
    case 'AdjustPlan':
      return `throwaway: ${o.plan?.settings?.instanceClass}, subnet group ${o.plan?.settings?.subnetGroup}, no public access, no deletion protection`;
    case 'RestoreInstance':
      return `RDS accepted ${o.restore?.dbInstanceIdentifier} in ${o.restore?.region}`;
    case 'WaitUntilAvailable':
      return `available at ${o.available?.availableAt}`;
    case 'RunSqlChecks': {
      const tests = (o.checks?.report?.tests ?? []) as { status: string }[];
      return `${tests.filter((t) => t.status === 'passed').length}/${tests.length} SQL checks passed on the restored data`;
    }
    case 'Teardown':
    case 'TeardownAfterFailure':
      return `${o.teardown?.action} ${o.teardown?.instanceId}`;
    case 'RecordReport':
      return `report s3://${o.record?.reportBucket}/${o.record?.reportKey}`;
    case 'NotifyFailure':
    case 'NotifyTeardownFailure':
      return 'critical alert published to the alert topic';
    default:
      return undefined;
  }
};

/** Keeps what each state reports (the describer is called with every state's output) and describes it. */
export function collectingRestoreTestDescriber(view: RestoreTestRunView): OutputDescriber {
  return (state, output) => {
    const o = (output ?? {}) as Record<string, any>;
    if (o.target) view.target = o.target;
    if (o.plan?.snapshot) view.snapshot = o.plan.snapshot;
    if (o.checks?.report?.tests) view.tests = o.checks.report.tests;
    if (o.teardown) view.teardown = o.teardown;
    if (o.record) view.record = o.record;
    return describeRestoreTestStep(state, output);
  };
}

const cut = (s: string, n = 110) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const secs = (v?: number) => (v === undefined ? '(not measured)' : `${v} s`);

/** The report's tests as table rows: name, status, value, seconds, detail. */
export function restoreTestTableRows(tests: ReportTest[]): string[][] {
  return tests.map((t) => [
    t.name,
    t.status.toUpperCase(),
    t.value === undefined ? '' : String(t.value),
    String(t.durationS),
    cut(t.detail),
  ]);
}

/** The figures of a run, one per line. */
export function restoreTestFigureLines(view: RestoreTestRunView, figures?: RtoFigures): string[] {
  const r = view.record ?? {};
  const lines = [
    `result:          ${r.overallStatus ?? 'not recorded (the run failed before its report)'}`,
    `backup tested:   ${view.snapshot?.id ?? '(none picked)'}${view.snapshot?.createdAt ? ` (created ${view.snapshot.createdAt})` : ''}`,
    `RTO measured:    ${secs(r.rtoSeconds)} (restore requested -> available -> checks passed)`,
  ];
  if (figures)
    lines.push(
      `throughput:      ${figures.throughputGiBPerHour} GiB/h over ${figures.allocatedStorageGiB} GiB (restore ${figures.restoreSeconds} s, checks ${figures.checkSeconds} s)`,
    );
  lines.push(
    `100 GiB RTO:     ${secs(r.projected100GiBRtoSeconds)} projected${figures ? ` vs target ${figures.rtoTargetSeconds} s: ${figures.projectedWithinTarget ? 'within' : 'OVER'} the target` : ''}`,
    `data age (RPO):  ${secs(r.dataAgeSeconds)} (newest configured timestamp vs the backup's creation time)`,
    `teardown:        ${view.teardown ? `${view.teardown.action} ${view.teardown.instanceId} in ${view.teardown.region}` : 'not reached'}`,
  );
  if (r.reportBucket && r.reportKey) lines.push(`report:          s3://${r.reportBucket}/${r.reportKey}`);
  return lines;
}
