/**
 * Executes state-machines/redis-restore.asl.json unchanged, with the real handlers
 * in-process, ElastiCache mocked (aws-sdk-client-mock) and S3 as an in-memory fake
 * holding a verified backup in each region's bucket.
 */
import { CreateReplicationGroupCommand, DescribeReplicationGroupsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-elasticache';
import { PublishCommand } from '@aws-sdk/client-sns';
import { CopyObjectCommand } from '@aws-sdk/client-s3';
import type { RedisBackupManifest } from '../../lambdas/domain/redis/manifest';
import { runStateMachineLocally, statesEntered } from '../../local/run-state-machine';
import { syntheticRdb } from '../fixtures/rdb/synthetic-rdb';
import { FakeS3 } from './redis-fake-s3';
import { awsError } from '../support/aws-error';

import { buckets, ec, GROUP, s3, sns } from './redis-workflow-world';

const RDB = syntheticRdb();

let fake: FakeS3;
let groupStatuses: string[];
let created: boolean;

function seedBackup(bucket: string, day: string, shards = 1): string {
  const name = `muejam-${GROUP}-${day}`;
  const keys = Array.from({ length: shards }, (_, i) => `${name}-${String(i + 1).padStart(4, '0')}.rdb`);
  for (const k of keys) fake.put(bucket, k, RDB);
  const manifest: RedisBackupManifest = {
    kind: 'muejam-backup-dr/redis-backup',
    version: 1,
    deploymentId: 'wf',
    replicationGroupId: GROUP,
    backupName: name,
    backupDay: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`,
    verifiedAt: '2026-11-24T02:05:00Z',
    engine: 'redis',
    engineVersion: '7.1.0',
    cacheNodeType: 'cache.r7g.large',
    numNodeGroups: shards,
    clusterModeEnabled: shards > 1,
    objects: keys.map((key) => ({ key, bytes: RDB.length, rdb: 'REDIS 11', crc64: 'x' })),
    execution: 'e',
  };
  fake.put(bucket, `verified/${GROUP}/${name}.json`, Buffer.from(JSON.stringify(manifest)));
  return name;
}

const run = (input: unknown) =>
  runStateMachineLocally({
    aslFile: 'redis-restore.asl.json',
    input,
    region: 'us-east-1',
    stateMachineName: 'muejam-backup-dr-wf-redis-restore',
    retryDelayMs: 1,
  });
const alerts = () => sns.commandCalls(PublishCommand).map((c) => JSON.parse(c.args[0].input.Message!));

beforeEach(() => {
  ec.reset();
  s3.reset();
  sns.reset();
  fake = new FakeS3();
  fake.install(s3);
  groupStatuses = ['creating', 'creating', 'available'];
  created = false;
  let polls = 0;
  ec.on(DescribeReplicationGroupsCommand).callsFake(async (i) => {
    if (!created) throw awsError('ReplicationGroupNotFoundFault', `${i.ReplicationGroupId} not found`);
    return {
      ReplicationGroups: [
        {
          ReplicationGroupId: i.ReplicationGroupId,
          ARN: 'arn:aws:elasticache:us-west-2:1:replicationgroup:x',
          Status: groupStatuses[Math.min(polls++, groupStatuses.length - 1)],
          NodeGroups: [{ PrimaryEndpoint: { Address: 'x.cache.amazonaws.com', Port: 6379 } }],
        },
      ],
    };
  });
  ec.on(CreateReplicationGroupCommand).callsFake(async () => {
    created = true;
    return {};
  });
  ec.on(ListTagsForResourceCommand).resolves({ TagList: [] });
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  seedBackup(buckets.backup, '20261123');
  seedBackup(buckets.backup, '20261124');
  seedBackup(buckets.primary, '20261124');
});

describe('redis-restore.asl.json', () => {
  it('seeds a new group in the backup region from the newest verified backup, then deletes the staged copy', async () => {
    const r = await run({ replicationGroupId: 'muejam-redis-dr' });
    expect(r.status).toBe('SUCCEEDED');
    expect(statesEntered(r)).toEqual([
      'ValidateRequest',
      'StartStaging',
      'StageObjects',
      'StagingDone',
      'CreateReplicationGroup',
      'WaitForReplicationGroup',
      'CleanupStaging',
    ]);
    const input = ec.commandCalls(CreateReplicationGroupCommand)[0].args[0].input;
    expect(input).toMatchObject({
      ReplicationGroupId: 'muejam-redis-dr',
      SnapshotArns: [`arn:aws:s3:::${buckets.backup}/restore-staging/muejam-redis-dr/muejam-${GROUP}-20261124-0001.rdb`],
      CacheNodeType: 'cache.r7g.large',
      Engine: 'redis',
      EngineVersion: '7.1', // the snapshot's 7.1.0, as CreateReplicationGroup takes it
      NumCacheClusters: 2,
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
    });
    expect(input.Tags).toEqual(expect.arrayContaining([{ Key: 'muejam:restored-from', Value: `muejam-${GROUP}-20261124` }]));
    // The staged copy was SSE-S3 (what ElastiCache can read) and is gone afterwards.
    expect(s3.commandCalls(CopyObjectCommand).map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({ Key: `restore-staging/muejam-redis-dr/muejam-${GROUP}-20261124-0001.rdb`, ServerSideEncryption: 'AES256' }),
    ]);
    expect(fake.deleted).toEqual([`${buckets.backup}/restore-staging/muejam-redis-dr/muejam-${GROUP}-20261124-0001.rdb`]);
    expect([...fake.bucket(buckets.backup).keys()].filter((k) => k.startsWith('restore-staging/'))).toEqual([]);
    expect(r.output.group).toMatchObject({ status: 'available', endpoint: 'x.cache.amazonaws.com:6379' });
    expect(sns.calls()).toHaveLength(0);
  });

  it('restores a named backup in the primary region', async () => {
    const r = await run({
      replicationGroupId: 'restore-check',
      region: 'primary',
      backupName: `muejam-${GROUP}-20261124`,
      cacheNodeType: 'cache.t4g.small',
      replicasPerNodeGroup: 0,
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(ec.commandCalls(CreateReplicationGroupCommand)[0].args[0].input).toMatchObject({
      SnapshotArns: [`arn:aws:s3:::${buckets.primary}/restore-staging/restore-check/muejam-${GROUP}-20261124-0001.rdb`],
      CacheNodeType: 'cache.t4g.small',
      NumCacheClusters: 1,
      AutomaticFailoverEnabled: false,
    });
  });

  it('seeds a cluster-mode group shard by shard: one staged object and one NodeGroupConfiguration entry per shard', async () => {
    seedBackup(buckets.backup, '20261125', 3);
    const r = await run({ replicationGroupId: 'muejam-redis-dr', replicasPerNodeGroup: 2 });
    expect(r.status).toBe('SUCCEEDED');
    const input = ec.commandCalls(CreateReplicationGroupCommand)[0].args[0].input;
    expect(input.SnapshotArns).toHaveLength(3);
    expect(input).toMatchObject({ NumNodeGroups: 3, ReplicasPerNodeGroup: 2, ClusterMode: 'enabled' });
    expect(input.NodeGroupConfiguration).toEqual([
      { NodeGroupId: '0001', Slots: '0-5460', ReplicaCount: 2 },
      { NodeGroupId: '0002', Slots: '5461-10921', ReplicaCount: 2 },
      { NodeGroupId: '0003', Slots: '10922-16383', ReplicaCount: 2 },
    ]);
    expect(input).not.toHaveProperty('NumCacheClusters');
    expect(fake.deleted).toHaveLength(3);
  });

  it('an unknown backup name is refused before anything is made, naming the field and the backups that exist', async () => {
    const r = await run({ replicationGroupId: 'muejam-redis-dr', backupName: `muejam-${GROUP}-20250101` });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('InvalidInput');
    expect(statesEntered(r)).toEqual(['ValidateRequest', 'ValidateRequestFailed', 'NotifyFailure', 'RestoreFailed']);
    expect(ec.commandCalls(CreateReplicationGroupCommand)).toHaveLength(0);
    expect(alerts()[0]).toMatchObject({ workflow: 'redis-restore', resource: 'muejam-redis-dr', step: 'validate request' });
    expect(alerts()[0].cause).toMatch(
      /backupName: no verified backup named .* the newest verified ones are: muejam-muejam-redis-prod-20261124, muejam-muejam-redis-prod-20261123/,
    );
  });

  it('refuses to restore over the production group', async () => {
    const r = await run({ replicationGroupId: GROUP });
    expect(r.status).toBe('FAILED');
    expect(alerts()[0].cause).toMatch(/replicationGroupId: "muejam-redis-prod" is a protected production group/);
    expect(ec.commandCalls(CreateReplicationGroupCommand)).toHaveLength(0);
  });

  it('a group that fails to seed is reported, and the staged copy is still deleted', async () => {
    groupStatuses = ['creating', 'create-failed'];
    const r = await run({ replicationGroupId: 'muejam-redis-dr' });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('TerminalStatus');
    expect(statesEntered(r).slice(-4)).toEqual(['WaitForReplicationGroupFailed', 'CleanupAfterFailure', 'NotifyFailure', 'RestoreFailed']);
    expect(fake.deleted).toHaveLength(1);
    expect(alerts()[0]).toMatchObject({ step: 'wait for replication group', error: 'TerminalStatus' });
    // the group it created stays: the alert names it, its region and how to remove it before a retry
    expect(alerts()[0].cause).toMatch(
      /this run had made \(left in place\): ElastiCache replication group muejam-redis-dr in us-\w+-\d .*delete-replication-group --replication-group-id muejam-redis-dr/,
    );
  });

  it('a backup object whose size changed since verification is refused', async () => {
    fake.put(buckets.backup, `muejam-${GROUP}-20261124-0001.rdb`, RDB.subarray(0, 10));
    const r = await run({ replicationGroupId: 'muejam-redis-dr' });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('VerificationFailed');
    expect(ec.commandCalls(CreateReplicationGroupCommand)).toHaveLength(0);
  });
});
