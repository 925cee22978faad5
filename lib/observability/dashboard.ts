/**
 * One CloudWatch dashboard per deployment: the newest verified backup's age
 * against the RPO per resource and region, success rate, durations,
 * retention counts, workflow executions, PITR lag and the state of every
 * alarm. docs/dashboard.svg is drawn from this dashboard's JSON
 * (`npm run cli -- render-dashboard`, see local/dashboard-svg.ts).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { METRICS } from '../../lambdas/domain/metrics/catalog';
import type { ProtectedKind } from '../../lambdas/domain/workflows/registry';
import { ourMetric } from './alarms';

export interface DashboardResource {
  resource: string;
  /** The backup workflow of the resource (the `Workflow` dimension of its Backup* metrics). */
  workflow: string;
  kind: ProtectedKind;
}

export interface DashboardProps {
  name: string;
  namespace: string;
  deploymentId: string;
  regions: string[];
  rpoHours: number;
  resources: DashboardResource[];
  workflows: { name: string; stateMachine: sfn.IStateMachine }[];
  alarms: cloudwatch.IAlarm[];
  /** Base URL of docs/runbook.md; undefined = name the repository path. */
  runbookUrl: string | undefined;
}

const HOUR = Duration.hours(1);
const DAY = Duration.days(1);

export function buildDashboard(scope: Construct, id: string, p: DashboardProps): cloudwatch.Dashboard {
  const d = new cloudwatch.Dashboard(scope, id, { dashboardName: p.name, defaultInterval: Duration.days(7) });
  // Dashboard tags are recent in CloudFormation and unknown to the cfn-lint schema CI pins; a dashboard needs none.
  (d.node.defaultChild as cloudwatch.CfnDashboard).addPropertyDeletionOverride('Tags');
  const m = (def: Parameters<typeof ourMetric>[1], dims: Record<string, string>, stat: string, period: Duration, label?: string) => {
    const metric = ourMetric(p.namespace, def, dims, stat, period);
    return label ? metric.with({ label }) : metric;
  };

  d.addWidgets(
    new cloudwatch.TextWidget({
      markdown: `# MueJam backup & DR: ${p.deploymentId}\nRPO **${p.rpoHours} h** · regions ${p.regions.join(' → ')} · ${p.runbookUrl ? `[runbook](${p.runbookUrl})` : 'runbook: `docs/runbook.md` (muejam-backup-dr repository)'} · every alarm pages through the alert topic and resolves itself on OK`,
      width: 24,
      height: 2,
    }),
  );

  // Newest verified backup age (hours) against the RPO, one line per resource and region.
  const ageSeries: cloudwatch.IMetric[] = [];
  for (const r of p.resources) {
    for (const region of p.regions) {
      const i = ageSeries.length;
      ageSeries.push(
        new cloudwatch.MathExpression({
          expression: `age${i} / 3600`,
          usingMetrics: {
            [`age${i}`]: m(METRICS.newestVerifiedBackupAge, { Resource: r.resource, Region: region }, 'Maximum', Duration.minutes(15)),
          },
          label: `${r.resource} ${region}`,
          period: Duration.minutes(15),
        }),
      );
    }
  }
  d.addWidgets(
    new cloudwatch.GraphWidget({
      title: `Newest verified backup age (h) vs RPO ${p.rpoHours} h (caches: daily, 26 h)`,
      left: ageSeries,
      leftAnnotations: [{ value: p.rpoHours, label: `RPO ${p.rpoHours} h`, color: cloudwatch.Color.RED }],
      leftYAxis: { min: 0, label: 'hours', showUnits: false },
      width: 16,
      height: 6,
    }),
    new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: p.alarms, width: 8, height: 6 }),
  );

  const rate = p.resources.map(
    (r, i) =>
      new cloudwatch.MathExpression({
        expression: `100 * ok${i}`,
        usingMetrics: { [`ok${i}`]: m(METRICS.backupSucceeded, { Workflow: r.workflow, Resource: r.resource }, 'Average', DAY) },
        label: `${r.resource}`,
        period: DAY,
      }),
  );
  d.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'Backup success rate per day (%)',
      left: rate,
      leftYAxis: { min: 0, max: 100, showUnits: false },
      width: 8,
      height: 6,
    }),
    new cloudwatch.GraphWidget({
      title: 'Backups succeeded / failed (per 6 h)',
      left: p.resources.map((r) =>
        m(METRICS.backupSucceeded, { Workflow: r.workflow, Resource: r.resource }, 'Sum', Duration.hours(6), `${r.resource} succeeded`),
      ),
      right: p.resources.map((r) =>
        m(METRICS.backupFailed, { Workflow: r.workflow, Resource: r.resource }, 'Sum', Duration.hours(6), `${r.resource} failed`),
      ),
      stacked: false,
      view: cloudwatch.GraphWidgetView.BAR,
      width: 8,
      height: 6,
    }),
    new cloudwatch.GraphWidget({
      title: 'Durations (minutes): backup and cross-region copy',
      left: p.resources.flatMap((r, i) => [
        new cloudwatch.MathExpression({
          expression: `b${i} / 60`,
          usingMetrics: { [`b${i}`]: m(METRICS.backupDuration, { Workflow: r.workflow, Resource: r.resource }, 'Average', HOUR) },
          label: `${r.resource} backup`,
          period: HOUR,
        }),
        new cloudwatch.MathExpression({
          expression: `c${i} / 60`,
          usingMetrics: { [`c${i}`]: m(METRICS.copyDuration, { Workflow: r.workflow, Resource: r.resource }, 'Average', HOUR) },
          label: `${r.resource} copy`,
          period: HOUR,
        }),
      ]),
      leftYAxis: { min: 0, showUnits: false },
      width: 8,
      height: 6,
    }),
  );

  d.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'Retention: snapshots deleted / kept per day',
      left: p.resources.flatMap((r) =>
        p.regions.map((region) =>
          m(METRICS.retentionDeleted, { Resource: r.resource, Region: region }, 'Sum', DAY, `${r.resource} ${region} deleted`),
        ),
      ),
      right: p.resources.flatMap((r) =>
        p.regions.map((region) =>
          m(METRICS.retentionKept, { Resource: r.resource, Region: region }, 'Maximum', DAY, `${r.resource} ${region} kept`),
        ),
      ),
      width: 8,
      height: 6,
    }),
    new cloudwatch.GraphWidget({
      title: 'Workflow executions: succeeded / failed',
      left: p.workflows.map((w) => w.stateMachine.metricSucceeded({ period: HOUR, statistic: 'Sum', label: `${w.name} succeeded` })),
      right: p.workflows.map((w) => w.stateMachine.metricFailed({ period: HOUR, statistic: 'Sum', label: `${w.name} failed` })),
      width: 8,
      height: 6,
    }),
    new cloudwatch.GraphWidget({
      title: 'PITR lag (minutes) · replica lag joins here with the failover workflow',
      left: p.resources
        .filter((r) => r.kind === 'database')
        .map(
          (r, i) =>
            new cloudwatch.MathExpression({
              expression: `p${i} / 60`,
              usingMetrics: { [`p${i}`]: m(METRICS.pitrLag, { Resource: r.resource }, 'Maximum', Duration.minutes(15)) },
              label: `${r.resource} PITR lag`,
              period: Duration.minutes(15),
            }),
        ),
      leftYAxis: { min: 0, showUnits: false },
      width: 8,
      height: 6,
    }),
  );
  return d;
}
