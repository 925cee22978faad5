/** The EMF documents publishMetricPoints writes, captured from stdout as Lambda's log pipeline would read them. */
import { publishMetricPoints, metricsNamespace } from '../../../lambdas/runtime/publish-metrics';
import { failedRunPoints, succeededRunPoints } from '../../../lambdas/domain/metrics/run-outcome-points';
import { captureEmf, parseEmf } from '../../../local/emf-bridge';

describe('publishMetricPoints (EMF)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('writes one EMF document per dimension set, in the configured namespace, with the service dimension', () => {
    process.env.METRICS_NAMESPACE = 'MueJam/Test';
    const at = new Date('2026-11-24T06:10:00Z');
    const capture = captureEmf();
    let docs: number;
    try {
      docs = publishMetricPoints([
        ...succeededRunPoints({ workflow: 'database-backup', resource: 'db1', durationSeconds: 1200, copyDurationSeconds: 700, at }),
        ...failedRunPoints({ workflow: 'database-backup', resource: 'db2', error: 'VerificationFailed', at }),
      ]);
    } finally {
      capture.stop();
    }
    expect(docs).toBe(2);
    expect(capture.documents).toHaveLength(2);
    expect(capture.documents[0]).toEqual({
      namespace: 'MueJam/Test',
      timestamp: at.getTime(),
      dimensions: { service: 'muejam-backup-dr', Workflow: 'database-backup', Resource: 'db1' },
      metrics: [
        { name: 'WorkflowSucceeded', unit: 'Count', values: [1] },
        { name: 'BackupSucceeded', unit: 'Count', values: [1] },
        { name: 'BackupFailed', unit: 'Count', values: [0] },
        { name: 'BackupDuration', unit: 'Seconds', values: [1200] },
        { name: 'CopyDuration', unit: 'Seconds', values: [700] },
      ],
    });
    expect(capture.values('VerificationFailed')).toEqual([
      {
        value: 1,
        dimensions: { service: 'muejam-backup-dr', Workflow: 'database-backup', Resource: 'db2' },
        namespace: 'MueJam/Test',
        timestamp: at.getTime(),
      },
    ]);
  });

  it('defaults the namespace to MueJam/Backup', () => {
    expect(metricsNamespace({})).toBe('MueJam/Backup');
    expect(metricsNamespace({ POWERTOOLS_METRICS_NAMESPACE: 'X' })).toBe('X');
    expect(metricsNamespace({ METRICS_NAMESPACE: 'Y', POWERTOOLS_METRICS_NAMESPACE: 'X' })).toBe('Y');
  });

  it('writes nothing when Powertools metrics are disabled', () => {
    const writes: string[] = [];
    const original = process.stdout.write;
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    process.stdout.write = ((c: unknown) => {
      writes.push(String(c));
      return true;
    }) as typeof process.stdout.write;
    try {
      publishMetricPoints(succeededRunPoints({ workflow: 'database-backup', resource: 'db1' }));
    } finally {
      process.stdout.write = original;
    }
    expect(writes.flatMap((w) => parseEmf(w))).toEqual([]);
  });
});

describe('parseEmf', () => {
  it('ignores non-EMF lines and reads array values', () => {
    expect(parseEmf('hello')).toEqual([]);
    expect(parseEmf('{"level":"INFO"}')).toEqual([]);
    const line = JSON.stringify({
      _aws: { Timestamp: 5, CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [['a']], Metrics: [{ Name: 'M', Unit: 'Count' }] }] },
      a: 'x',
      M: [1, 2],
    });
    expect(parseEmf(line)).toEqual([
      { namespace: 'N', timestamp: 5, dimensions: { a: 'x' }, metrics: [{ name: 'M', unit: 'Count', values: [1, 2] }] },
    ]);
  });
});
