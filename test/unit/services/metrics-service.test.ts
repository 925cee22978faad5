import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { makeClientFactory } from '../../../lambdas/runtime/clients';
import { MetricsService } from '../../../lambdas/services/metrics-service';
import { RdsRecoveryPoints } from '../../../lambdas/services/rpo-recovery-points';

const now = new Date('2026-11-24T12:00:00Z');

describe('MetricsService.getBackupMetrics', () => {
  const cw = mockClient(CloudWatchClient);
  const rds = mockClient(RDSClient);
  beforeEach(() => {
    cw.reset();
    rds.reset();
  });

  const service = (databases = ['muejam-db-prod']) =>
    new MetricsService({
      primaryRegion: 'us-east-1',
      backupRegion: 'us-west-2',
      namespace: 'MueJam/Backup',
      rpoHours: 6,
      now: () => now,
      clients: makeClientFactory({}),
      sources: [new RdsRecoveryPoints({ deploymentId: 'prod', primaryRegion: 'us-east-1', databases, clients: makeClientFactory({}) })],
    });

  it('reads the window from CloudWatch (paginated) and the newest verified backups from RDS', async () => {
    cw.on(GetMetricDataCommand).callsFake(async (input) => {
      const q = (id: string) => input.MetricDataQueries.find((x: { Id: string }) => x.Id === id).MetricStat;
      expect(q('q0')).toEqual({
        Metric: {
          Namespace: 'MueJam/Backup',
          MetricName: 'BackupSucceeded',
          Dimensions: [
            { Name: 'service', Value: 'muejam-backup-dr' },
            { Name: 'Workflow', Value: 'database-backup' },
            { Name: 'Resource', Value: 'muejam-db-prod' },
          ],
        },
        Period: 7 * 86400,
        Stat: 'Sum',
      });
      if (!input.NextToken) {
        return {
          MetricDataResults: [
            { Id: 'q0', Values: [3] },
            { Id: 'q1', Values: [3] },
            { Id: 'q4', Values: [3000] },
            { Id: 'q5', Values: [3] },
          ],
          NextToken: 't2',
        };
      }
      return {
        MetricDataResults: [
          { Id: 'q1', Values: [1] },
          { Id: 'q2', Values: [1] },
          { Id: 'q3', Values: [1] },
          { Id: 'q8', Values: [3600, 7200] },
          { Id: 'q9', Values: [30000] },
        ],
      };
    });
    rds.on(DescribeDBSnapshotsCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      const role = region === 'us-east-1' ? 'primary' : 'backup';
      return {
        DBSnapshots: [
          {
            DBSnapshotIdentifier: 'muejam-muejam-db-prod-20261124T0600Z',
            Status: 'available',
            SnapshotCreateTime: new Date('2026-11-24T06:00:00Z'),
            TagList: [
              { Key: 'muejam:managed-by', Value: 'muejam-backup-dr' },
              { Key: 'muejam:deployment', Value: 'prod' },
              { Key: 'muejam:resource', Value: 'muejam-db-prod' },
              { Key: 'muejam:region-role', Value: role },
              { Key: 'muejam:verified-at', Value: '2026-11-24T06:20:00Z' },
            ],
          },
        ],
      };
    });

    const r = await service().getBackupMetrics('7');
    expect(r).toMatchObject({
      days: 7,
      from: '2026-11-17T12:00:00.000Z',
      to: '2026-11-24T12:00:00.000Z',
      totalBackups: 4,
      succeededBackups: 3,
      failedBackups: 1,
      successRate: 0.75,
      verificationFailures: 1,
      averageBackupDurationSeconds: 1000,
      averageCopyDurationSeconds: null,
      rpoCompliance: 2 / 3,
      rpoSamples: 3,
    });
    expect(r.resources[0].newestVerified).toEqual([
      {
        region: 'us-east-1',
        role: 'primary',
        snapshotId: 'muejam-muejam-db-prod-20261124T0600Z',
        recoveryPointTime: '2026-11-24T06:00:00.000Z',
        ageSeconds: 21600,
        withinRpo: true,
      },
      {
        region: 'us-west-2',
        role: 'backup',
        snapshotId: 'muejam-muejam-db-prod-20261124T0600Z',
        recoveryPointTime: '2026-11-24T06:00:00.000Z',
        ageSeconds: 21600,
        withinRpo: true,
      },
    ]);
    const calls = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ StartTime: new Date('2026-11-17T12:00:00Z'), EndTime: new Date('2026-11-24T12:01:00Z') });
    expect(calls[1].NextToken).toBe('t2');
  });

  it('splits more than 500 series into several calls', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
    // 10 series per database: 51 databases = 510 series.
    const dbs = Array.from({ length: 51 }, (_, i) => `db${i}`);
    const r = await service(dbs).getBackupMetrics(1);
    const calls = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.MetricDataQueries?.length);
    expect(calls).toEqual([500, 10]);
    expect(r.totalBackups).toBe(0);
    expect(r.successRate).toBeNull();
  });

  it('rejects a bad window before calling AWS', async () => {
    await expect(service().getBackupMetrics(0)).rejects.toThrow('days: must be a whole number of days from 1 to 455');
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });
});
