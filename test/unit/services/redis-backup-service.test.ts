/**
 * RedisBackupService with aws-sdk-client-mock: the ElastiCache calls (CreateSnapshot at
 * replication-group level, CopySnapshot with TargetBucket), the reuse of the day's
 * backup, the 20-manual-backups-per-24-hours headroom, and error mapping.
 */
import { mockClient } from 'aws-sdk-client-mock';
import {
  CopySnapshotCommand,
  CreateSnapshotCommand,
  DeleteSnapshotCommand,
  DescribeReplicationGroupsCommand,
  DescribeSnapshotsCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
  type Snapshot,
} from '@aws-sdk/client-elasticache';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { makeClientFactory } from '../../../lambdas/runtime/clients';
import { ownershipTags } from '../../../lambdas/domain/backup/ownership-tags';
import { type RedisBackupRef, RedisBackupService } from '../../../lambdas/services/redis-backup-service';
import { localRuntimeConfig } from '../../../local/local-environment';
import { awsError } from '../../support/aws-error';

const ec = mockClient(ElastiCacheClient);
const s3 = mockClient(S3Client);
const config = localRuntimeConfig({ deploymentId: 'prod' });
const buckets = { primary: 'muejam-prod-redis-1-us-east-1', backup: 'muejam-prod-redis-1-us-west-2' };
const execution = { Id: 'arn:aws:states:us-east-1:1:execution:sm:exec-1', Name: 'exec-1', StartTime: '2026-11-24T02:00:04Z' };
const GROUP = 'muejam-redis-prod';
const NAME = 'muejam-muejam-redis-prod-20261124';
const now = new Date('2026-11-24T02:00:05Z');
const manual = (n: number, hoursAgo: number): Snapshot => ({
  SnapshotName: `m${n}`,
  SnapshotSource: 'manual',
  NodeSnapshots: [{ SnapshotCreateTime: new Date(now.getTime() - hoursAgo * 3600_000) }],
});

let service: RedisBackupService;
const backup: RedisBackupRef = {
  replicationGroupId: GROUP,
  backupName: NAME,
  region: 'us-east-1',
  backupTime: '2026-11-24T02:00:00.000Z',
  reused: false,
  clusterModeEnabled: false,
  numNodeGroups: 1,
};

beforeEach(() => {
  ec.reset();
  s3.reset();
  service = new RedisBackupService(config, { buckets }, makeClientFactory(), () => now);
  ec.on(DescribeReplicationGroupsCommand).resolves({
    ReplicationGroups: [
      {
        ReplicationGroupId: GROUP,
        Status: 'available',
        Engine: 'valkey',
        CacheNodeType: 'cache.r7g.large',
        ClusterEnabled: true,
        NodeGroups: [{}, {}, {}],
      },
    ],
  });
  ec.on(DescribeSnapshotsCommand, { SnapshotName: NAME }).rejects(awsError('SnapshotNotFoundFault'));
  ec.on(DescribeSnapshotsCommand, { ReplicationGroupId: GROUP }).resolves({ Snapshots: [manual(1, 30), manual(2, 5)] });
  ec.on(CreateSnapshotCommand).resolves({});
});

describe('createRedisBackup', () => {
  it("snapshots the whole replication group (cluster mode too) under the day's name, tagged as ours", async () => {
    const r = await service.createRedisBackup({ replicationGroupId: GROUP, scheduledTime: '2026-11-24T02:00:00Z' }, execution);
    const input = ec.commandCalls(CreateSnapshotCommand)[0].args[0].input;
    expect(input).toEqual({
      ReplicationGroupId: GROUP,
      SnapshotName: NAME,
      Tags: ownershipTags({ deploymentId: 'prod', resource: GROUP, regionRole: 'primary', execution: 'exec-1' }),
    });
    expect(input).not.toHaveProperty('CacheClusterId');
    expect(r).toMatchObject({ backupName: NAME, reused: false, engine: 'valkey', clusterModeEnabled: true, numNodeGroups: 3 });
    // One manual backup in the window (5 h ago) + this one; the one 30 h ago does not count.
    expect(r.quota).toEqual({ used: 2, limit: 20, remaining: 18 });
  });

  it("asks for the group's manual snapshots page by page (Marker) to count the headroom", async () => {
    ec.on(DescribeSnapshotsCommand, { ReplicationGroupId: GROUP })
      .resolvesOnce({ Snapshots: [manual(1, 1)], Marker: 'p2' })
      .resolvesOnce({ Snapshots: [manual(2, 2)] });
    const r = await service.createRedisBackup({ replicationGroupId: GROUP, scheduledTime: '2026-11-24T02:00:00Z' }, execution);
    const pages = ec.commandCalls(DescribeSnapshotsCommand).filter((c) => c.args[0].input.ReplicationGroupId === GROUP);
    expect(pages.map((c) => c.args[0].input.Marker)).toEqual([undefined, 'p2']);
    expect(pages[0].args[0].input.SnapshotSource).toBe('user');
    expect(r.quota?.used).toBe(3);
  });

  it("a re-run on the same day reuses the day's snapshot: no CreateSnapshot, no quota spent", async () => {
    ec.on(DescribeSnapshotsCommand, { SnapshotName: NAME }).resolves({
      Snapshots: [{ SnapshotName: NAME, ARN: 'arn:snap', SnapshotStatus: 'available' }],
    });
    ec.on(ListTagsForResourceCommand, { ResourceName: 'arn:snap' }).resolves({
      TagList: ownershipTags({ deploymentId: 'prod', resource: GROUP, regionRole: 'primary', execution: 'exec-0' }),
    });
    const r = await service.createRedisBackup({ replicationGroupId: GROUP, scheduledTime: '2026-11-24T17:45:00Z' }, execution);
    expect(r).toMatchObject({ backupName: NAME, reused: true });
    expect(ec.commandCalls(CreateSnapshotCommand)).toHaveLength(0);
  });

  it('refuses to reuse a snapshot of that name that another deployment made', async () => {
    ec.on(DescribeSnapshotsCommand, { SnapshotName: NAME }).resolves({ Snapshots: [{ SnapshotName: NAME, ARN: 'arn:snap' }] });
    ec.on(ListTagsForResourceCommand).resolves({
      TagList: ownershipTags({ deploymentId: 'staging', resource: GROUP, regionRole: 'primary', execution: 'x' }),
    });
    await expect(
      service.createRedisBackup({ replicationGroupId: GROUP, scheduledTime: '2026-11-24T02:00:00Z' }, execution),
    ).rejects.toMatchObject({
      name: 'PreconditionFailed',
      message: expect.stringContaining('not owned by deployment "prod"'),
    });
  });

  it('at 20 manual backups in the last 24 hours makes none and says when the next is possible', async () => {
    ec.on(DescribeSnapshotsCommand, { ReplicationGroupId: GROUP }).resolves({
      Snapshots: Array.from({ length: 20 }, (_, i) => manual(i, 23 - i)),
    });
    await expect(
      service.createRedisBackup({ replicationGroupId: GROUP, scheduledTime: '2026-11-24T02:00:00Z' }, execution),
    ).rejects.toMatchObject({
      name: 'PreconditionFailed',
      message: expect.stringContaining('after 2026-11-24T03:00:05.000Z'), // the oldest (23 h ago) leaves the window in 1 h
    });
    expect(ec.commandCalls(CreateSnapshotCommand)).toHaveLength(0);
  });

  it('at 19 it still makes the backup (the 20th)', async () => {
    ec.on(DescribeSnapshotsCommand, { ReplicationGroupId: GROUP }).resolves({
      Snapshots: Array.from({ length: 19 }, (_, i) => manual(i, 23 - i)),
    });
    const r = await service.createRedisBackup({ replicationGroupId: GROUP, scheduledTime: '2026-11-24T02:00:00Z' }, execution);
    expect(r.quota).toEqual({ used: 20, limit: 20, remaining: 0 });
  });

  it('continues with the snapshot a concurrent run just made (SnapshotAlreadyExistsFault)', async () => {
    ec.on(CreateSnapshotCommand).rejects(awsError('SnapshotAlreadyExistsFault'));
    ec.on(DescribeSnapshotsCommand, { SnapshotName: NAME })
      .rejectsOnce(awsError('SnapshotNotFoundFault'))
      .resolves({ Snapshots: [{ SnapshotName: NAME, ARN: 'arn:snap' }] });
    ec.on(ListTagsForResourceCommand).resolves({
      TagList: ownershipTags({ deploymentId: 'prod', resource: GROUP, regionRole: 'primary', execution: 'x' }),
    });
    const r = await service.createRedisBackup({ replicationGroupId: GROUP, scheduledTime: '2026-11-24T02:00:00Z' }, execution);
    expect(r.reused).toBe(true);
  });

  it('waits (NotReady) while the group is not available, and maps throttling to Throttled', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ReplicationGroupId: GROUP, Status: 'snapshotting' }] });
    await expect(service.createRedisBackup({ replicationGroupId: GROUP }, execution)).rejects.toMatchObject({ name: 'NotReady' });
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ReplicationGroupId: GROUP, Status: 'available' }] });
    ec.on(CreateSnapshotCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    await expect(service.createRedisBackup({ replicationGroupId: GROUP }, execution)).rejects.toMatchObject({ name: 'Throttled' });
  });

  it('validates the group before any call, naming the field', async () => {
    await expect(service.createRedisBackup({ replicationGroupId: 'other-cache' }, execution)).rejects.toThrow(
      'replicationGroupId: unknown replication group "other-cache"; this deployment protects: muejam-redis-prod',
    );
    await expect(service.createRedisBackup({ replicationGroupId: 'bad--id' }, execution)).rejects.toMatchObject({ name: 'InvalidInput' });
    await expect(service.createRedisBackup({ replicationGroupId: GROUP, scheduledTime: 'yesterday' }, execution)).rejects.toThrow(
      /scheduledTime/,
    );
    expect(ec.calls()).toHaveLength(0);
  });

  it('a missing group is a precondition failure', async () => {
    ec.on(DescribeReplicationGroupsCommand).rejects(awsError('ReplicationGroupNotFoundFault'));
    await expect(service.createRedisBackup({ replicationGroupId: GROUP }, execution)).rejects.toThrow(
      `no ElastiCache replication group named "${GROUP}" in us-east-1`,
    );
  });
});

describe('waitForRedisSnapshot', () => {
  it.each([
    ['creating', 'NotReady'],
    ['failed', 'TerminalStatus'],
    ['deleting', 'TerminalStatus'],
  ])('status %s -> %s', async (status, error) => {
    ec.on(DescribeSnapshotsCommand, { SnapshotName: NAME }).resolves({ Snapshots: [{ SnapshotName: NAME, SnapshotStatus: status }] });
    await expect(service.waitForRedisSnapshot({ region: 'us-east-1', backupName: NAME })).rejects.toMatchObject({ name: error });
  });

  it("returns once available, and refuses names and regions that are not this deployment's", async () => {
    ec.on(DescribeSnapshotsCommand, { SnapshotName: NAME }).resolves({ Snapshots: [{ SnapshotName: NAME, SnapshotStatus: 'available' }] });
    await expect(service.waitForRedisSnapshot({ region: 'us-east-1', backupName: NAME })).resolves.toMatchObject({ status: 'available' });
    await expect(service.waitForRedisSnapshot({ region: 'eu-west-1', backupName: NAME })).rejects.toThrow(
      /region: "eu-west-1" is not one of this deployment's regions/,
    );
    await expect(service.waitForRedisSnapshot({ region: 'us-east-1', backupName: 'other-x-20261124' })).rejects.toThrow(
      /backupName: .* is not a Redis backup name of this system/,
    );
  });
});

describe('exportRedisBackup (ElastiCache CopySnapshot with TargetBucket)', () => {
  beforeEach(() => {
    ec.on(DescribeSnapshotsCommand, { SnapshotName: NAME }).resolves({
      Snapshots: [{ SnapshotName: NAME, SnapshotStatus: 'available', NumNodeGroups: 3 }],
    });
    s3.on(ListObjectsV2Command).resolves({ Contents: [] });
    ec.on(CopySnapshotCommand).resolves({});
  });

  it('exports the snapshot into the primary-region bucket under its own name; one object per shard is expected', async () => {
    const r = await service.exportRedisBackup(backup);
    expect(ec.commandCalls(CopySnapshotCommand)[0].args[0].input).toEqual({
      SourceSnapshotName: NAME,
      TargetSnapshotName: NAME,
      TargetBucket: buckets.primary,
    });
    expect(r).toMatchObject({ bucket: buckets.primary, region: 'us-east-1', backupName: NAME, expectedObjects: 3, reused: false });
  });

  it("does not export again when every shard's object is already in the bucket", async () => {
    s3.on(ListObjectsV2Command).resolves({
      Contents: [1, 2, 3]
        .map((n) => ({ Key: `${NAME}-000${n}.rdb`, Size: 10, ETag: '"e"' }))
        .concat([{ Key: `${NAME}-0001.rdb.tmp`, Size: 1, ETag: '"x"' }]),
    });
    const r = await service.exportRedisBackup(backup);
    expect(r.reused).toBe(true);
    expect(ec.commandCalls(CopySnapshotCommand)).toHaveLength(0);
  });

  it('explains a bucket ElastiCache may not write to', async () => {
    ec.on(CopySnapshotCommand).rejects(
      awsError('InvalidParameterValueException', 'ElastiCache has not been granted WRITE permissions on the S3 Bucket.'),
    );
    await expect(service.exportRedisBackup(backup)).rejects.toMatchObject({
      name: 'PreconditionFailed',
      message: expect.stringContaining('us-east-1.elasticache-snapshot.amazonaws.com'),
    });
  });

  it('treats "already contains an object" as an export made by an earlier run', async () => {
    ec.on(CopySnapshotCommand).rejects(
      awsError('InvalidParameterValueException', `The S3 bucket already contains an object with name ${NAME}-0001.rdb`),
    );
    await expect(service.exportRedisBackup(backup)).resolves.toMatchObject({ reused: true });
  });
});

describe('waitForRedisExport', () => {
  const exp = {
    bucket: buckets.primary,
    region: 'us-east-1',
    backupName: NAME,
    expectedObjects: 2,
    requestedAt: now.toISOString(),
    reused: false,
  };

  it('waits while the snapshot is exporting or shards are missing, then lists the objects in shard order', async () => {
    ec.on(DescribeSnapshotsCommand, { SnapshotName: NAME })
      .resolvesOnce({ Snapshots: [{ SnapshotName: NAME, SnapshotStatus: 'exporting' }] })
      .resolves({ Snapshots: [{ SnapshotName: NAME, SnapshotStatus: 'available' }] });
    s3.on(ListObjectsV2Command)
      .resolvesOnce({ Contents: [{ Key: `${NAME}-0002.rdb`, Size: 5, ETag: '"b"' }] })
      .resolves({
        Contents: [
          { Key: `${NAME}-0002.rdb`, Size: 5, ETag: '"b"' },
          { Key: `${NAME}-0001.rdb`, Size: 7, ETag: '"a"' },
        ],
      });
    await expect(service.waitForRedisExport(exp)).rejects.toThrow(/still "exporting"/);
    await expect(service.waitForRedisExport(exp)).rejects.toThrow(/1 of 2 exported object/);
    await expect(service.waitForRedisExport(exp)).resolves.toEqual({
      bucket: buckets.primary,
      region: 'us-east-1',
      objects: [
        { key: `${NAME}-0001.rdb`, bytes: 7, etag: '"a"' },
        { key: `${NAME}-0002.rdb`, bytes: 5, etag: '"b"' },
      ],
      totalBytes: 12,
    });
  });

  it("refuses a bucket that is not this deployment's and fails an empty export", async () => {
    await expect(service.waitForRedisExport({ ...exp, bucket: 'someone-else' })).rejects.toThrow(
      /bucket: "someone-else" is not this deployment's primary export bucket/,
    );
    ec.on(DescribeSnapshotsCommand, { SnapshotName: NAME }).resolves({ Snapshots: [{ SnapshotName: NAME, SnapshotStatus: 'available' }] });
    s3.on(ListObjectsV2Command).resolves({
      Contents: [
        { Key: `${NAME}-0001.rdb`, Size: 0, ETag: '"a"' },
        { Key: `${NAME}-0002.rdb`, Size: 3, ETag: '"b"' },
      ],
    });
    await expect(service.waitForRedisExport(exp)).rejects.toMatchObject({ name: 'VerificationFailed' });
  });
});

describe('pruneRedisSnapshots (ElastiCache snapshots past the Redis retention)', () => {
  const named = (day: string, daysAgo: number, arn = `arn:${day}`): Snapshot => ({
    SnapshotName: `muejam-muejam-redis-prod-${day}`,
    ARN: arn,
    SnapshotSource: 'manual',
    NodeSnapshots: [{ SnapshotCreateTime: new Date(now.getTime() - daysAgo * 86400_000) }],
  });
  const ours = ownershipTags({ deploymentId: 'prod', resource: GROUP, regionRole: 'primary', execution: 'x' });

  it("deletes only this deployment's snapshots older than the retention, reading tags of those candidates only", async () => {
    service = new RedisBackupService(config, { buckets, retentionDays: 30 }, makeClientFactory(), () => now);
    ec.on(DescribeSnapshotsCommand, { ReplicationGroupId: GROUP }).resolves({
      Snapshots: [
        named('20261001', 54),
        named('20261020', 35, 'arn:foreign'),
        named('20261110', 14),
        named('20261124', 0),
        { SnapshotName: 'manual-by-hand', SnapshotSource: 'manual', NodeSnapshots: [{ SnapshotCreateTime: new Date(0) }] },
      ],
    });
    ec.on(ListTagsForResourceCommand, { ResourceName: 'arn:20261001' }).resolves({ TagList: ours });
    ec.on(ListTagsForResourceCommand, { ResourceName: 'arn:foreign' }).resolves({
      TagList: ownershipTags({ deploymentId: 'staging', resource: GROUP, regionRole: 'primary', execution: 'x' }),
    });
    ec.on(DeleteSnapshotCommand).resolves({});
    const r = await service.pruneRedisSnapshots(backup);
    expect(r).toEqual({ deleted: ['muejam-muejam-redis-prod-20261001'], kept: 4, retentionDays: 30 });
    expect(ec.commandCalls(DeleteSnapshotCommand).map((c) => c.args[0].input.SnapshotName)).toEqual(['muejam-muejam-redis-prod-20261001']);
    expect(
      ec
        .commandCalls(ListTagsForResourceCommand)
        .map((c) => c.args[0].input.ResourceName)
        .sort(),
    ).toEqual(['arn:20261001', 'arn:foreign']);
  });

  it('never deletes the current backup, whatever its age', async () => {
    service = new RedisBackupService(config, { buckets, retentionDays: 1 }, makeClientFactory(), () => now);
    ec.on(DescribeSnapshotsCommand, { ReplicationGroupId: GROUP }).resolves({ Snapshots: [named('20261124', 5)] });
    expect((await service.pruneRedisSnapshots(backup)).deleted).toEqual([]);
    expect(ec.commandCalls(DeleteSnapshotCommand)).toHaveLength(0);
  });
});
