/**
 * What Lambda's log pipeline does with Embedded Metric Format in AWS, done
 * locally: EMF documents written to stdout by the handlers (Powertools
 * Metrics) are captured and, with `EmfBridge`, sent to the emulator's
 * CloudWatch with PutMetricData, keeping their timestamps. The production
 * code is unchanged; only the delivery path is emulated.
 *
 * `captureEmf()` alone is what tests use to assert the metrics a handler
 * emitted.
 */
import { CloudWatchClient, type MetricDatum, PutMetricDataCommand, type StandardUnit } from '@aws-sdk/client-cloudwatch';

export interface EmfMetric {
  name: string;
  unit: string;
  values: number[];
}

export interface EmfDocument {
  namespace: string;
  timestamp: number;
  dimensions: Record<string, string>;
  metrics: EmfMetric[];
}

/** Parses one line of output; the EMF documents in it (one per CloudWatchMetrics directive), or [] when it is not EMF. */
export function parseEmf(line: string): EmfDocument[] {
  const t = line.trim();
  if (!t.startsWith('{') || !t.includes('"_aws"')) return [];
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(t) as Record<string, unknown>;
  } catch {
    return [];
  }
  const aws = doc._aws as
    | {
        Timestamp?: number;
        CloudWatchMetrics?: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit?: string }[] }[];
      }
    | undefined;
  if (!aws?.CloudWatchMetrics) return [];
  const out: EmfDocument[] = [];
  for (const d of aws.CloudWatchMetrics) {
    for (const set of d.Dimensions.length ? d.Dimensions : [[]]) {
      out.push({
        namespace: d.Namespace,
        timestamp: aws.Timestamp ?? Date.now(),
        dimensions: Object.fromEntries(set.map((k) => [k, String(doc[k])])),
        metrics: d.Metrics.map((m) => {
          const v = doc[m.Name];
          return { name: m.Name, unit: m.Unit ?? 'None', values: (Array.isArray(v) ? v : [v]).map(Number) };
        }),
      });
    }
  }
  return out;
}

export interface EmfCapture {
  readonly documents: EmfDocument[];
  /** The values of one metric across the captured documents, with their dimensions. */
  values(name: string): { value: number; dimensions: Record<string, string>; namespace: string; timestamp: number }[];
  stop(): void;
}

/**
 * Captures EMF lines written to process.stdout (Powertools writes there),
 * hiding them from the terminal; other output passes through. Enables
 * Powertools metrics (POWERTOOLS_METRICS_DISABLED=false) while active.
 */
export function captureEmf(onDocument?: (d: EmfDocument) => void): EmfCapture {
  const documents: EmfDocument[] = [];
  const original = process.stdout.write;
  const previousDisabled = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  let pending = '';
  process.stdout.write = function write(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    const passThrough: string[] = [];
    for (const line of lines) {
      const docs = parseEmf(line);
      if (docs.length === 0) passThrough.push(`${line}\n`);
      for (const d of docs) {
        documents.push(d);
        onDocument?.(d);
      }
    }
    if (passThrough.length) return (original as (c: string, ...r: unknown[]) => boolean).call(this, passThrough.join(''), ...rest);
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  } as typeof process.stdout.write;
  return {
    documents,
    values: (name) =>
      documents.flatMap((d) =>
        d.metrics
          .filter((m) => m.name === name)
          .flatMap((m) => m.values.map((value) => ({ value, dimensions: d.dimensions, namespace: d.namespace, timestamp: d.timestamp }))),
      ),
    stop: () => {
      process.stdout.write = original;
      if (previousDisabled === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
      else process.env.POWERTOOLS_METRICS_DISABLED = previousDisabled;
    },
  };
}

/** EMF → PutMetricData to the emulator, for as long as it runs. */
export class EmfBridge {
  private capture?: EmfCapture;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly errors: Error[] = [];
  private readonly cw: CloudWatchClient;
  sent = 0;

  constructor(o: { endpoint: string; region: string }) {
    this.cw = new CloudWatchClient({ region: o.region, endpoint: o.endpoint });
  }

  start(): this {
    this.capture = captureEmf((d) => {
      const p = this.put(d).catch((e: Error) => this.errors.push(e));
      this.inFlight.add(p);
      void p.finally(() => this.inFlight.delete(p));
    });
    return this;
  }

  get documents(): EmfDocument[] {
    return this.capture?.documents ?? [];
  }

  /** Waits until every captured document is in CloudWatch; throws the first delivery error. */
  async flush(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
    if (this.errors.length) throw this.errors[0];
  }

  async stop(): Promise<void> {
    this.capture?.stop();
    this.capture = undefined;
    await this.flush();
  }

  private async put(d: EmfDocument): Promise<void> {
    const data: MetricDatum[] = d.metrics.flatMap((m) =>
      m.values.map((value) => ({
        MetricName: m.name,
        Dimensions: Object.entries(d.dimensions).map(([Name, Value]) => ({ Name, Value })),
        Value: value,
        Unit: m.unit as StandardUnit,
        Timestamp: new Date(d.timestamp),
      })),
    );
    await this.cw.send(new PutMetricDataCommand({ Namespace: d.namespace, MetricData: data }));
    this.sent += data.length;
  }
}
