/**
 * getBackupMetrics(days): the backup record of the last `days` days, read
 * from CloudWatch (the metrics every workflow publishes with Powertools EMF)
 * and from the backups themselves (newest verified one per region).
 *
 * CloudWatch rather than the Step Functions execution history: one
 * GetMetricData call answers for every resource, the figures are the very
 * series the alarms and the dashboard use, the history API is throttled and
 * paginates per execution, and CloudWatch keeps 15 months where execution
 * history keeps 90 days. Locally, local/emf-bridge.ts does what Lambda's log
 * pipeline does in AWS (EMF lines -> metrics in the emulator), so this code
 * runs unchanged against moto_server and AWS.
 */
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandOutput, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { ClientFactory } from '../runtime/clients';
import {
  type BackupMetricsReport,
  type NewestVerified,
  type ProtectedResource,
  backupMetricsQueries,
  buildBackupMetricsReport,
  cloudWatchDimensions,
  newestVerifiedEntry,
  validateDays,
} from '../domain/metrics/backup-metrics-report';
import { type RegionRole, newestVerified, rpoHoursFor } from '../domain/metrics/rpo';
import { backupWorkflowOf } from '../domain/workflows/registry';
import { rethrowTyped } from './aws-errors';
import type { RecoveryPointSource } from './rpo-recovery-points';

export interface MetricsServiceOptions {
  primaryRegion: string;
  backupRegion: string;
  namespace: string;
  rpoHours: number;
  sources: readonly RecoveryPointSource[];
  clients: ClientFactory;
  now?: () => Date;
}

/** GetMetricData accepts at most 500 queries per call. */
const QUERIES_PER_CALL = 500;

export class MetricsService {
  constructor(private readonly o: MetricsServiceOptions) {}

  async getBackupMetrics(daysInput: unknown): Promise<BackupMetricsReport> {
    const days = validateDays(daysInput);
    const to = (this.o.now ?? (() => new Date()))();
    const from = new Date(to.getTime() - days * 86400_000);
    const regions: [string, RegionRole][] = [
      [this.o.primaryRegion, 'primary'],
      [this.o.backupRegion, 'backup'],
    ];
    const resources: ProtectedResource[] = this.o.sources.flatMap((s) =>
      s.resources.map((resource) => ({ resource, kind: s.kind, workflow: backupWorkflowOf(s.kind).name })),
    );
    const queries = backupMetricsQueries({ days, resources, regions: regions.map(([r]) => r) });
    const values = await this.values(queries, from, to);

    const newest: Record<string, NewestVerified[]> = {};
    for (const source of this.o.sources) {
      for (const resource of source.resources) {
        newest[resource] = await Promise.all(
          regions.map(async ([region, role]) =>
            newestVerifiedEntry({
              region,
              role,
              newest: newestVerified(await source.candidates(resource, region, role)) ?? null,
              now: to,
              rpoHours: rpoHoursFor(source.kind, this.o.rpoHours),
            }),
          ),
        );
      }
    }
    return buildBackupMetricsReport({
      days,
      from,
      to,
      rpoHours: this.o.rpoHours,
      namespace: this.o.namespace,
      resources,
      regions: regions.map(([r]) => r),
      queries,
      values,
      newest,
    });
  }

  private async values(queries: ReturnType<typeof backupMetricsQueries>, from: Date, to: Date): Promise<Record<string, number[]>> {
    const cw = this.o.clients(CloudWatchClient, this.o.primaryRegion);
    const values: Record<string, number[]> = {};
    // Whole minutes, the end rounded up: timestamps travel at one-second precision, and what was
    // published in the last second must still be inside the window.
    const start = new Date(Math.floor(from.getTime() / 60_000) * 60_000);
    const end = new Date(Math.floor(to.getTime() / 60_000) * 60_000 + 60_000);
    for (let i = 0; i < queries.length; i += QUERIES_PER_CALL) {
      const batch: MetricDataQuery[] = queries.slice(i, i + QUERIES_PER_CALL).map((q) => ({
        Id: q.id,
        ReturnData: true,
        MetricStat: {
          Metric: { Namespace: this.o.namespace, MetricName: q.metric.name, Dimensions: cloudWatchDimensions(q) },
          Period: q.periodSeconds,
          Stat: q.stat,
        },
      }));
      let next: string | undefined;
      do {
        let res: GetMetricDataCommandOutput;
        try {
          res = await cw.send(
            new GetMetricDataCommand({
              StartTime: start,
              EndTime: end,
              MetricDataQueries: batch,
              NextToken: next,
              ScanBy: 'TimestampDescending',
            }),
          );
        } catch (err) {
          rethrowTyped(err, 'GetMetricData');
        }
        for (const r of res.MetricDataResults ?? []) {
          if (r.Id) values[r.Id] = [...(values[r.Id] ?? []), ...(r.Values ?? [])];
        }
        next = res.NextToken;
      } while (next);
    }
    return values;
  }
}
