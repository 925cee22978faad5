/**
 * The datapoints behind docs/dashboard.svg: what `npm start` put into the emulator's
 * CloudWatch (the handlers' EMF through local/emf-bridge.ts, the RPO check), read back
 * per metric at one-minute resolution. The rehearsal writes them to
 * .rehearsal/dashboard-datapoints.json; local/render-dashboard.ts draws the
 * synthesized dashboard with them (local/dashboard-plot.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CloudWatchClient, GetMetricStatisticsCommand, ListMetricsCommand, type Metric } from '@aws-sdk/client-cloudwatch';
import type { ClientFactory } from '../lambdas/runtime/clients';

export interface DatapointStats {
  /** Start of the minute, ms since the epoch. */
  t: number;
  sum: number;
  max: number;
  avg: number;
  n: number;
}

export interface MetricDatapoints {
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  points: DatapointStats[];
}

export interface DashboardDatapoints {
  /** Where they come from (one line, shown under the picture). */
  source: string;
  from: string;
  to: string;
  periodSeconds: number;
  series: MetricDatapoints[];
}

const PERIOD = 60;

async function listAll(cw: CloudWatchClient, namespace: string): Promise<Metric[]> {
  const metrics: Metric[] = [];
  let token: string | undefined;
  do {
    const out = await cw.send(new ListMetricsCommand({ Namespace: namespace, NextToken: token }));
    metrics.push(...(out.Metrics ?? []));
    token = out.NextToken || undefined;
  } while (token);
  return metrics;
}

/** Every metric of `namespace` in `regions` with its per-minute statistics between `from` and `to` (the axis: the data's own extent). */
export async function readDashboardDatapoints(
  clients: ClientFactory,
  o: { namespace: string; regions: string[]; from: Date; to: Date; source: string },
): Promise<DashboardDatapoints> {
  const series: MetricDatapoints[] = [];
  const seen = new Set<string>();
  for (const region of o.regions) {
    const cw = clients(CloudWatchClient, region);
    for (const m of await listAll(cw, o.namespace)) {
      // The emulator lists a metric once per PutMetricData; one read each.
      const key = JSON.stringify([m.MetricName, [...(m.Dimensions ?? [])].map((d) => `${d.Name}=${d.Value}`).sort()]);
      if (seen.has(key)) continue;
      seen.add(key);
      const out = await cw.send(
        new GetMetricStatisticsCommand({
          Namespace: o.namespace,
          MetricName: m.MetricName,
          Dimensions: m.Dimensions,
          StartTime: o.from,
          EndTime: o.to,
          Period: PERIOD,
          Statistics: ['Sum', 'Maximum', 'Average', 'SampleCount'],
        }),
      );
      const points = (out.Datapoints ?? [])
        .map((d) => ({ t: d.Timestamp?.getTime() ?? 0, sum: d.Sum ?? 0, max: d.Maximum ?? 0, avg: d.Average ?? 0, n: d.SampleCount ?? 0 }))
        .filter((d) => d.n > 0)
        .sort((a, b) => a.t - b.t);
      if (points.length === 0) continue;
      const dimensions = Object.fromEntries((m.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? '']));
      series.push({ namespace: o.namespace, metric: m.MetricName ?? '', dimensions, points });
    }
  }
  series.sort((a, b) => `${a.metric}${JSON.stringify(a.dimensions)}`.localeCompare(`${b.metric}${JSON.stringify(b.dimensions)}`));
  // The picture's time axis: from the first datapoint to the last, a minute either side.
  const times = series.flatMap((s) => s.points.map((p) => p.t));
  const from = times.length ? new Date(Math.min(...times) - PERIOD * 1000) : o.from;
  const to = times.length ? new Date(Math.max(...times) + PERIOD * 1000) : o.to;
  return { source: o.source, from: from.toISOString(), to: to.toISOString(), periodSeconds: PERIOD, series };
}

export function writeDashboardDatapoints(path: string, data: DashboardDatapoints): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(data, null, 1)}\n`);
}
