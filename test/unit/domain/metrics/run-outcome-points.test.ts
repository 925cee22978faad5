import { METRICS } from '../../../../lambdas/domain/metrics/catalog';
import { failedRunPoints, retentionPoints, succeededRunPoints } from '../../../../lambdas/domain/metrics/run-outcome-points';

const names = (ps: { metric: { name: string }; value: number }[]) => ps.map((p) => `${p.metric.name}=${p.value}`);
const at = new Date('2026-11-24T06:10:00Z');

describe('run outcome points', () => {
  it('a verified database backup: success 1, failure 0, durations and size, per workflow and resource', () => {
    const ps = succeededRunPoints({
      workflow: 'database-backup',
      resource: 'muejam-db-prod',
      durationSeconds: 1500,
      copyDurationSeconds: 900,
      snapshotSizeGiB: 100,
      at,
    });
    expect(names(ps)).toEqual([
      'WorkflowSucceeded=1',
      'BackupSucceeded=1',
      'BackupFailed=0',
      'BackupDuration=1500',
      'CopyDuration=900',
      'SnapshotSize=100',
    ]);
    expect(new Set(ps.map((p) => JSON.stringify(p.dimensions)))).toEqual(
      new Set([JSON.stringify({ Workflow: 'database-backup', Resource: 'muejam-db-prod' })]),
    );
    expect(ps.every((p) => p.timestamp === at)).toBe(true);
    expect(ps.find((p) => p.metric === METRICS.snapshotSize)?.metric.unit).toBe('Gigabytes');
  });

  it('a failed backup: failure 1, success 0; VerificationFailed only when verification failed', () => {
    expect(names(failedRunPoints({ workflow: 'redis-backup', resource: 'muejam-redis-prod', error: 'TerminalStatus' }))).toEqual([
      'WorkflowFailed=1',
      'BackupFailed=1',
      'BackupSucceeded=0',
    ]);
    expect(names(failedRunPoints({ workflow: 'database-backup', resource: 'db', error: 'VerificationFailed' }))).toContain(
      'VerificationFailed=1',
    );
  });

  it('other workflows publish only the generic outcome', () => {
    expect(names(succeededRunPoints({ workflow: 'restore', resource: 'db', durationSeconds: 60 }))).toEqual(['WorkflowSucceeded=1']);
    expect(names(failedRunPoints({ workflow: 'failover', resource: 'db', error: 'States.Timeout' }))).toEqual(['WorkflowFailed=1']);
  });

  it('retention counts per resource and region', () => {
    const ps = retentionPoints({ resource: 'db', region: 'us-west-2', deleted: 3, kept: 7 });
    expect(names(ps)).toEqual(['RetentionDeleted=3', 'RetentionKept=7']);
    expect(ps[0].dimensions).toEqual({ Resource: 'db', Region: 'us-west-2' });
  });

  it.each([
    [() => succeededRunPoints({ workflow: '', resource: 'db' }), 'workflow: is required'],
    [() => failedRunPoints({ workflow: 'database-backup', resource: ' ', error: 'x' }), 'resource: is required'],
    [
      () => succeededRunPoints({ workflow: 'database-backup', resource: 'db', durationSeconds: -1 }),
      'durationSeconds: must be a number of seconds, 0 or more',
    ],
    [() => succeededRunPoints({ workflow: 'database-backup', resource: 'db', copyDurationSeconds: Number.NaN }), 'copyDurationSeconds'],
    [() => retentionPoints({ resource: 'db', region: 'r', deleted: 1.5, kept: 0 }), 'deleted: must be a whole number'],
    [() => retentionPoints({ resource: 'db', region: '', deleted: 1, kept: 0 }), 'region: is required'],
  ])('rejects bad input (%#) naming the field', (f, message) => {
    expect(f).toThrow(message);
  });
});
