/**
 * Publishes metric points with Powertools Metrics (EMF on stdout: no API
 * call, no IAM; Lambda's log pipeline turns them into CloudWatch metrics).
 * Points are grouped by dimension set and timestamp, one EMF document each.
 *
 * A fresh Metrics instance per call: the namespace and the
 * POWERTOOLS_METRICS_DISABLED switch are read when publishing, not when the
 * module was first imported, and nothing leaks between calls.
 */
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { MetricPoint } from '../domain/metrics/catalog';
import { metricsNamespace, serviceName } from './runtime-config';

export { metricsNamespace } from './runtime-config';

/** Publishes every point; returns the number of EMF documents written. */
export function publishMetricPoints(points: readonly MetricPoint[], namespace: string = metricsNamespace()): number {
  const groups = new Map<string, MetricPoint[]>();
  for (const p of points) {
    const dims = Object.entries(p.dimensions).sort(([a], [b]) => a.localeCompare(b));
    const key = JSON.stringify([dims, p.timestamp?.getTime() ?? null]);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const group of groups.values()) {
    const metrics = new Metrics({ namespace, serviceName: serviceName() });
    const first = group[0];
    metrics.addDimensions(
      Object.fromEntries(Object.entries(first.dimensions).filter(([, v]) => v !== undefined)) as Record<string, string>,
    );
    if (first.timestamp) metrics.setTimestamp(first.timestamp);
    for (const p of group) metrics.addMetric(p.metric.name, MetricUnit[p.metric.unit], p.value);
    metrics.publishStoredMetrics();
  }
  return groups.size;
}
