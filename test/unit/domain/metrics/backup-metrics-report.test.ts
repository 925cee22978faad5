import {
  backupMetricsQueries,
  buildBackupMetricsReport,
  cloudWatchDimensions,
  newestVerifiedEntry,
  periods,
  validateDays,
} from '../../../../lambdas/domain/metrics/backup-metrics-report';

const resources = [
  { resource: 'db1', kind: 'database' as const, workflow: 'database-backup' },
  { resource: 'redis1', kind: 'cache' as const, workflow: 'redis-backup' },
];
const regions = ['us-east-1', 'us-west-2'];

describe('backup metrics report', () => {
  it('asks for 8 run series per resource and one RPO series per resource and region, ids q0..', () => {
    const qs = backupMetricsQueries({ days: 7, resources, regions });
    expect(qs).toHaveLength(2 * (8 + 2));
    expect(qs.map((q) => q.id)).toEqual(qs.map((_, i) => `q${i}`));
    expect(qs[0]).toMatchObject({ stat: 'Sum', periodSeconds: 7 * 86400, dimensions: { Workflow: 'database-backup', Resource: 'db1' } });
    expect(qs[0].metric.name).toBe('BackupSucceeded');
    expect(qs[8]).toMatchObject({ stat: 'Maximum', periodSeconds: 900, dimensions: { Resource: 'db1', Region: 'us-east-1' } });
    expect(cloudWatchDimensions(qs[0])).toEqual([
      { Name: 'service', Value: 'muejam-backup-dr' },
      { Name: 'Workflow', Value: 'database-backup' },
      { Name: 'Resource', Value: 'db1' },
    ]);
  });

  it('uses hourly RPO samples past 63 days (CloudWatch keeps 5-minute data for 63 days)', () => {
    expect(periods(63)).toEqual({ totals: 63 * 86400, rpo: 900 });
    expect(periods(64).rpo).toBe(3600);
  });

  it('computes counts, success rate, weighted average durations and RPO compliance', () => {
    const queries = backupMetricsQueries({ days: 1, resources, regions });
    const byName = (resource: string, name: string, stat: string, region?: string) =>
      queries.find(
        (q) =>
          q.dimensions.Resource === resource &&
          q.metric.name === name &&
          q.stat === stat &&
          (region ? q.dimensions.Region === region : true),
      )!.id;
    const values: Record<string, number[]> = {
      // db1: 3 runs over two datapoints (period alignment), 2 succeeded, 1 failed at verification.
      [byName('db1', 'BackupSucceeded', 'Sum')]: [1, 1],
      [byName('db1', 'BackupSucceeded', 'SampleCount')]: [2, 1],
      [byName('db1', 'BackupFailed', 'Sum')]: [0, 1],
      [byName('db1', 'VerificationFailed', 'Sum')]: [1],
      [byName('db1', 'BackupDuration', 'Sum')]: [600, 400],
      [byName('db1', 'BackupDuration', 'SampleCount')]: [1, 1],
      [byName('db1', 'CopyDuration', 'Sum')]: [300],
      [byName('db1', 'CopyDuration', 'SampleCount')]: [2],
      [byName('db1', 'NewestVerifiedBackupAge', 'Maximum', 'us-east-1')]: [3600, 7200, 30000],
      [byName('db1', 'NewestVerifiedBackupAge', 'Maximum', 'us-west-2')]: [3600],
      // redis1: one run that succeeded.
      [byName('redis1', 'BackupSucceeded', 'Sum')]: [1],
      [byName('redis1', 'BackupSucceeded', 'SampleCount')]: [1],
      [byName('redis1', 'BackupDuration', 'Sum')]: [2000],
      [byName('redis1', 'BackupDuration', 'SampleCount')]: [1],
      // A cache backed up daily: 20 h old is within its 26 h RPO.
      [byName('redis1', 'NewestVerifiedBackupAge', 'Maximum', 'us-east-1')]: [72000],
    };
    const newest = {
      db1: [
        newestVerifiedEntry({
          region: 'us-east-1',
          role: 'primary',
          newest: { snapshotId: 's1', recoveryPointTime: '2026-11-24T06:00:00Z' },
          now: new Date('2026-11-24T08:00:00Z'),
          rpoHours: 6,
        }),
      ],
    };
    const r = buildBackupMetricsReport({
      days: 1,
      from: new Date('2026-11-23T08:00:00Z'),
      to: new Date('2026-11-24T08:00:00Z'),
      rpoHours: 6,
      namespace: 'MueJam/Backup',
      resources,
      regions,
      queries,
      values,
      newest,
    });
    expect(r).toMatchObject({
      totalBackups: 4,
      succeededBackups: 3,
      failedBackups: 1,
      successRate: 0.75,
      verificationFailures: 1,
      // (600 + 400 + 2000) / 3 runs with a duration
      averageBackupDurationSeconds: 1000,
      averageCopyDurationSeconds: 150,
      // 3 of 4 database samples within 6 h (30000 s > 21600 s), the cache sample within 26 h
      rpoCompliance: 0.8,
      rpoSamples: 5,
    });
    expect(r.resources[0]).toMatchObject({ resource: 'db1', totalBackups: 3, successRate: 2 / 3, rpoCompliance: 0.75 });
    expect(r.resources[0].newestVerified).toEqual([
      {
        region: 'us-east-1',
        role: 'primary',
        snapshotId: 's1',
        recoveryPointTime: '2026-11-24T06:00:00Z',
        ageSeconds: 7200,
        withinRpo: true,
      },
    ]);
    expect(r.resources[1]).toMatchObject({
      resource: 'redis1',
      rpoHours: 26,
      totalBackups: 1,
      successRate: 1,
      averageCopyDurationSeconds: null,
      rpoCompliance: 1,
      rpoSamples: 1,
      newestVerified: [],
    });
  });

  it('says null, not 0 %, when nothing ran', () => {
    const queries = backupMetricsQueries({ days: 1, resources: resources.slice(0, 1), regions });
    const r = buildBackupMetricsReport({
      days: 1,
      from: new Date(0),
      to: new Date(86400_000),
      rpoHours: 6,
      namespace: 'n',
      resources: resources.slice(0, 1),
      regions,
      queries,
      values: {},
      newest: {},
    });
    expect(r).toMatchObject({ totalBackups: 0, successRate: null, averageBackupDurationSeconds: null, rpoCompliance: null });
  });

  it('a region without a verified backup shows nulls', () => {
    expect(newestVerifiedEntry({ region: 'us-west-2', role: 'backup', newest: null, now: new Date(), rpoHours: 6 })).toEqual({
      region: 'us-west-2',
      role: 'backup',
      snapshotId: null,
      recoveryPointTime: null,
      ageSeconds: null,
      withinRpo: null,
    });
  });

  it('validates days naming the field', () => {
    expect(validateDays('30')).toBe(30);
    expect(validateDays(455)).toBe(455);
    for (const bad of [0, 456, 1.5, '7d', '', null])
      expect(() => validateDays(bad)).toThrow('days: must be a whole number of days from 1 to 455');
  });
});
