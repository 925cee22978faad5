import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { makeClientFactory } from '../../../lambdas/runtime/clients';
import { RpoCheckService } from '../../../lambdas/services/rpo-check-service';
import { RdsRecoveryPoints } from '../../../lambdas/services/rpo-recovery-points';

const now = new Date('2026-11-24T12:00:00Z');
const h = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3600_000);
const owned = (role: 'primary' | 'backup', verifiedAt?: string) => [
  { Key: 'muejam:managed-by', Value: 'muejam-backup-dr' },
  { Key: 'muejam:deployment', Value: 'prod' },
  { Key: 'muejam:resource', Value: 'muejam-db-prod' },
  { Key: 'muejam:region-role', Value: role },
  ...(verifiedAt ? [{ Key: 'muejam:verified-at', Value: verifiedAt }] : []),
];

describe('RpoCheckService over RDS', () => {
  const rds = mockClient(RDSClient);
  beforeEach(() => rds.reset());

  const service = () =>
    new RpoCheckService({
      primaryRegion: 'us-east-1',
      backupRegion: 'us-west-2',
      rpoHours: 6,
      now: () => now,
      sources: [
        new RdsRecoveryPoints({
          deploymentId: 'prod',
          primaryRegion: 'us-east-1',
          databases: ['muejam-db-prod'],
          clients: makeClientFactory({}),
        }),
      ],
    });

  it('finds the newest verified owned snapshot per region, paginating, and the PITR lag', async () => {
    const pages: Record<string, Record<string, object>> = {
      'us-east-1': {
        first: {
          DBSnapshots: [
            {
              DBSnapshotIdentifier: 'muejam-muejam-db-prod-20261124T0000Z',
              Status: 'available',
              SnapshotCreateTime: h(12),
              TagList: owned('primary', h(11).toISOString()),
            },
            { DBSnapshotIdentifier: 'someone-elses', Status: 'available', SnapshotCreateTime: h(1), TagList: [] },
            {
              DBSnapshotIdentifier: 'muejam-muejam-db-prod-20261124T1100Z',
              Status: 'available',
              SnapshotCreateTime: h(1),
              TagList: owned('primary'),
            },
          ],
          Marker: 'page2',
        },
        page2: {
          DBSnapshots: [
            {
              DBSnapshotIdentifier: 'muejam-muejam-db-prod-20261124T0600Z',
              Status: 'available',
              SnapshotCreateTime: h(5),
              TagList: owned('primary', h(4.5).toISOString()),
            },
          ],
        },
      },
      'us-west-2': {
        // A cross-region copy made 1 h ago of data taken 5 h ago: its recovery point is 5 h old.
        first: {
          DBSnapshots: [
            {
              DBSnapshotIdentifier: 'muejam-muejam-db-prod-20261124T0600Z',
              Status: 'available',
              SnapshotCreateTime: h(1),
              OriginalSnapshotCreateTime: h(5),
              TagList: owned('backup', h(0.5).toISOString()),
            },
            // A primary-role snapshot found in the backup region is not this region's backup.
            {
              DBSnapshotIdentifier: 'misplaced',
              Status: 'available',
              SnapshotCreateTime: h(0.2),
              TagList: owned('primary', h(0.1).toISOString()),
            },
          ],
        },
      },
    };
    rds.on(DescribeDBSnapshotsCommand).callsFake(async (input, getClient) => {
      const region = await getClient().config.region();
      return pages[region][input.Marker ?? 'first'];
    });
    rds
      .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'muejam-db-prod' })
      .resolves({ DBInstances: [{ LatestRestorableTime: new Date(now.getTime() - 270_000) }] });

    const report = await service().check();
    expect(report.checkedAt).toBe(now.toISOString());
    expect(report.resources).toHaveLength(1);
    const [r] = report.resources;
    expect(r.pitrLagSeconds).toBe(270);
    expect(r.regions.map((g) => [g.region, g.role, g.newest?.snapshotId, g.ageSeconds, g.status])).toEqual([
      ['us-east-1', 'primary', 'muejam-muejam-db-prod-20261124T0600Z', 5 * 3600, 'ok'],
      ['us-west-2', 'backup', 'muejam-muejam-db-prod-20261124T0600Z', 5 * 3600, 'ok'],
    ]);
    expect(report.compliant).toBe(true);
    // Filtered server-side by instance, manual snapshots only, Marker followed.
    const calls = rds.commandCalls(DescribeDBSnapshotsCommand).map((c) => c.args[0].input);
    expect(calls.every((i) => i.DBInstanceIdentifier === 'muejam-db-prod' && i.SnapshotType === 'manual')).toBe(true);
    expect(calls.map((i) => i.Marker)).toEqual([undefined, undefined, 'page2']);
  });

  it('reports a breach and a region without any verified backup', async () => {
    rds.on(DescribeDBSnapshotsCommand).callsFake(async () => ({
      DBSnapshots: [
        { DBSnapshotIdentifier: 'a', Status: 'available', SnapshotCreateTime: h(9), TagList: owned('primary', h(8).toISOString()) },
      ],
    }));
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{}] });
    const report = await service().check();
    expect(report.resources[0].regions.map((g) => g.status)).toEqual(['breached', 'no-verified-backup']);
    expect(report.resources[0].pitrLagSeconds).toBeNull();
    expect(report.compliant).toBe(false);
  });

  it('turns throttling into Throttled', async () => {
    rds.on(DescribeDBSnapshotsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    await expect(service().check()).rejects.toMatchObject({ name: 'Throttled' });
  });
});
