import { metricsEnvironment } from '../../../cli/commands/metrics';
import { duration, metricsRows, percent } from '../../../local/console/metrics-table';
import { formatTable } from '../../../cli/output';
import type { BackupMetricsReport } from '../../../lambdas/domain/metrics/backup-metrics-report';
import { loadDeploymentConfig } from '../../../cli/deployment-config';

const report: BackupMetricsReport = {
  days: 7,
  from: '2026-11-17T12:00:00.000Z',
  to: '2026-11-24T12:00:00.000Z',
  rpoHours: 6,
  namespace: 'MueJam/Backup',
  totalBackups: 4,
  succeededBackups: 3,
  failedBackups: 1,
  successRate: 0.75,
  verificationFailures: 1,
  averageBackupDurationSeconds: 1500,
  averageCopyDurationSeconds: 40,
  rpoCompliance: 0.5,
  rpoSamples: 4,
  resources: [
    {
      resource: 'muejam-db-prod',
      kind: 'database',
      rpoHours: 6,
      workflow: 'database-backup',
      totalBackups: 4,
      succeededBackups: 3,
      failedBackups: 1,
      successRate: 0.75,
      verificationFailures: 1,
      averageBackupDurationSeconds: 1500,
      averageCopyDurationSeconds: 40,
      rpoCompliance: 0.5,
      rpoSamples: 4,
      newestVerified: [
        { region: 'us-east-1', role: 'primary', snapshotId: 's', recoveryPointTime: 't', ageSeconds: 7200, withinRpo: true },
        { region: 'us-west-2', role: 'backup', snapshotId: null, recoveryPointTime: null, ageSeconds: null, withinRpo: null },
      ],
    },
  ],
};

describe('metrics command output', () => {
  it('prints one row per resource and a total', () => {
    expect(metricsRows(report)).toEqual([
      ['muejam-db-prod', 4, 3, 1, '75.0 %', 1, '25.0 min', '40 s', '50.0 % of 4', '2.0 h old', 'none verified'],
      ['all', 4, 3, 1, '75.0 %', 1, '25.0 min', '40 s', '50.0 % of 4', '', ''],
    ]);
    expect(formatTable(['a'], [['b']])).toEqual(['a', '-', 'b']);
  });

  it('shows "-" for figures that do not exist yet, not 0', () => {
    expect(percent(null)).toBe('-');
    expect(duration(null)).toBe('-');
    expect(duration(119)).toBe('119 s');
    expect(duration(7199)).toBe('120.0 min');
    expect(duration(7200)).toBe('2.0 h');
  });

  it('gives the reader the RPO and the Redis export buckets of the deployment', () => {
    const c = loadDeploymentConfig(['muejam.account=111122223333', 'muejam.rpoHours=8']);
    expect(metricsEnvironment(c, {})).toEqual({
      RPO_HOURS: '8',
      REDIS_BUCKET_PRIMARY: 'muejam-prod-redis-111122223333-us-east-1',
      REDIS_BUCKET_BACKUP: 'muejam-prod-redis-111122223333-us-west-2',
    });
  });
});
