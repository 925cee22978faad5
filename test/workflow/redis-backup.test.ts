/**
 * Executes state-machines/redis-backup.asl.json unchanged, with the real handlers
 * in-process, ElastiCache mocked with aws-sdk-client-mock (including CopySnapshot
 * with TargetBucket, which "exports" a real RDB file into the fake primary bucket)
 * and S3 as a small in-memory fake behind the same mock library.
 */
import {
  CopySnapshotCommand,
  CreateSnapshotCommand,
  DeleteSnapshotCommand,
  DescribeReplicationGroupsCommand,
  DescribeSnapshotsCommand,
  ListTagsForResourceCommand,
  type Snapshot,
} from '@aws-sdk/client-elasticache';
import { PublishCommand } from '@aws-sdk/client-sns';
import { ownershipTags } from '../../lambdas/domain/backup/ownership-tags';
import { makeClientFactory } from '../../lambdas/runtime/clients';
import { readRuntimeConfig } from '../../lambdas/runtime/runtime-config';
import { RedisBackupService } from '../../lambdas/services/redis-backup-service';
import { runStateMachineLocally, statesEntered } from '../../local/run-state-machine';
import { syntheticRdb } from '../fixtures/rdb/synthetic-rdb';
import { FakeS3 } from './redis-fake-s3';
import { awsError } from '../support/aws-error';

import { buckets, ec, GROUP, s3, sns } from './redis-workflow-world';

const NAME = 'muejam-muejam-redis-prod-20261124';
const SNAP_ARN = `arn:aws:elasticache:us-east-1:123456789012:snapshot:${NAME}`;
const RDB = syntheticRdb({
  records: [
    ['user:1', 'Ada'],
    ['big', 'x'.repeat(20_000)],
  ],
});

let fake: FakeS3;
let snapshotStatuses: string[];
let existingSnapshot: boolean;

const snapshot = (status: string): Snapshot => ({
  SnapshotName: NAME,
  ARN: SNAP_ARN,
  SnapshotStatus: status,
  SnapshotSource: 'manual',
  ReplicationGroupId: GROUP,
  Engine: 'redis',
  EngineVersion: '7.1.0',
  CacheNodeType: 'cache.r7g.large',
  NumNodeGroups: 1,
  NodeSnapshots: [{ NodeGroupId: '0001', SnapshotCreateTime: new Date('2026-11-24T02:00:05Z') }],
});

const run = (input: unknown = { replicationGroupId: GROUP, scheduledTime: '2026-11-24T02:00:00Z' }, handlerOverrides = {}) =>
  runStateMachineLocally({
    aslFile: 'redis-backup.asl.json',
    input,
    region: 'us-east-1',
    stateMachineName: 'muejam-backup-dr-wf-redis-backup',
    retryDelayMs: 1,
    handlerOverrides,
  });
const alerts = () => sns.commandCalls(PublishCommand).map((c) => JSON.parse(c.args[0].input.Message!));

beforeEach(() => {
  ec.reset();
  s3.reset();
  sns.reset();
  fake = new FakeS3();
  fake.install(s3);
  snapshotStatuses = ['creating', 'available'];
  existingSnapshot = false;
  let polls = 0;
  ec.on(DescribeReplicationGroupsCommand).resolves({
    ReplicationGroups: [
      {
        ReplicationGroupId: GROUP,
        Status: 'available',
        Engine: 'redis',
        CacheNodeType: 'cache.r7g.large',
        ClusterEnabled: false,
        NodeGroups: [{ NodeGroupId: '0001' }],
      },
    ],
  });
  ec.on(DescribeSnapshotsCommand).callsFake(async (i) => {
    if (i.SnapshotName) {
      if (!existingSnapshot) throw awsError('SnapshotNotFoundFault', `Snapshot ${NAME} not found`);
      return { Snapshots: [snapshot(snapshotStatuses[Math.min(polls++, snapshotStatuses.length - 1)])] };
    }
    return { Snapshots: [] };
  });
  ec.on(CreateSnapshotCommand).callsFake(async () => {
    existingSnapshot = true;
    return { Snapshot: snapshot('creating') };
  });
  ec.on(ListTagsForResourceCommand).resolves({
    TagList: ownershipTags({ deploymentId: 'wf', resource: GROUP, regionRole: 'primary', execution: 'earlier-run' }),
  });
  // ElastiCache export: writes <name>-0001.rdb into the target bucket.
  ec.on(CopySnapshotCommand).callsFake(async (i) => {
    fake.put(i.TargetBucket!, `${i.TargetSnapshotName}-0001.rdb`, RDB);
    return { Snapshot: snapshot('exporting') };
  });
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
});

describe('redis-backup.asl.json', () => {
  it('snapshot -> export -> copy -> verify -> metrics; both copies equal, markers in both buckets, no alert', async () => {
    const r = await run();
    expect(r.status).toBe('SUCCEEDED');
    expect(statesEntered(r)).toEqual([
      'CreateSnapshot',
      'WaitForSnapshot',
      'ExportToS3',
      'WaitForExport',
      'StartCopy',
      'CopyToBackupRegion',
      'CopyDone',
      'StartVerify',
      'VerifyBackup',
      'VerifyDone',
      'PruneOldSnapshots',
      'RecordMetrics',
    ]);
    // Waited once for "creating" (one transition per poll).
    expect(r.events.filter((e) => e.type === 'StateRetried').map((e) => e.state!.name)).toEqual(['WaitForSnapshot']);
    expect(ec.commandCalls(CreateSnapshotCommand)[0].args[0].input).toMatchObject({ ReplicationGroupId: GROUP, SnapshotName: NAME });
    expect(ec.commandCalls(CopySnapshotCommand)[0].args[0].input).toEqual({
      SourceSnapshotName: NAME,
      TargetSnapshotName: NAME,
      TargetBucket: buckets.primary,
    });
    expect(fake.get(buckets.backup, `${NAME}-0001.rdb`)!.bytes.equals(RDB)).toBe(true);
    const marker = JSON.parse(fake.get(buckets.backup, `verified/${GROUP}/${NAME}.json`)!.bytes.toString());
    expect(marker).toMatchObject({ backupName: NAME, engineVersion: '7.1.0', cacheNodeType: 'cache.r7g.large', numNodeGroups: 1 });
    expect(marker.objects[0]).toMatchObject({ key: `${NAME}-0001.rdb`, bytes: RDB.length, rdb: 'REDIS 11' });
    expect(fake.get(buckets.primary, `verified/${GROUP}/${NAME}.json`)).toBeDefined();
    expect(fake.get(buckets.primary, `${NAME}-0001.rdb`)!.tags['muejam:verified-at']).toBeTruthy();
    expect(r.output.summary).toMatchObject({
      replicationGroupId: GROUP,
      backupName: NAME,
      isValid: true,
      objects: 1,
      totalBytes: RDB.length,
      reusedSnapshot: false,
    });
    // No failure alert: only the recovery message that resolves an open incident of this group's backup.
    expect(alerts().map((a) => [a.kind, a.workflow, a.resource])).toEqual([['recovery', 'redis-backup', GROUP]]);
  });

  it("a re-run on the same day reuses the day's backup: no new snapshot, no new export, the copy is found", async () => {
    await run();
    ec.resetHistory();
    const again = await run({ replicationGroupId: GROUP, scheduledTime: '2026-11-24T14:30:00Z' });
    expect(again.status).toBe('SUCCEEDED');
    expect(ec.commandCalls(CreateSnapshotCommand)).toHaveLength(0);
    expect(ec.commandCalls(CopySnapshotCommand)).toHaveLength(0);
    expect(again.output.backup).toMatchObject({ backupName: NAME, reused: true });
    expect(again.output.copy).toMatchObject({ done: true, reused: true });
  });

  it('copy and verify run in slices when a slice has little time, and reach the same verdict', async () => {
    let now = Date.parse('2026-11-24T02:10:00Z');
    // every clock read is one second later
    const clock = () => {
      now += 1000;
      return new Date(now);
    };
    const sliced = new RedisBackupService(readRuntimeConfig(), { buckets, sliceMs: 1, chunkBytes: 4096 }, makeClientFactory(), clock);
    const r = await run(undefined, {
      CopyRedisExport: (e: any) => sliced.copyRedisExport(e, e.execution),
      VerifyRedisBackup: (e: any) => sliced.verifyRedisBackup(e, e.execution),
    });
    expect(r.status).toBe('SUCCEEDED');
    const verifySlices = statesEntered(r).filter((s) => s === 'VerifyBackup').length;
    expect(verifySlices).toBe(Math.ceil(RDB.length / 4096));
    expect(r.output.verification).toMatchObject({ done: true, isValid: true });
  });

  it('a copy that differs in the backup region fails verification and alerts', async () => {
    fake.onCopy = (_b, _k, obj) => {
      obj.bytes[100] ^= 0x01;
    };
    const r = await run();
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('VerificationFailed');
    expect(statesEntered(r).slice(-3)).toEqual(['VerifyBackupFailed', 'NotifyFailure', 'BackupFailed']);
    const [alert] = alerts();
    expect(alert).toMatchObject({ workflow: 'redis-backup', resource: GROUP, step: 'verify backup', error: 'VerificationFailed' });
    expect(alert.cause).toContain('copies differ at byte 100');
    expect(fake.get(buckets.backup, `verified/${GROUP}/${NAME}.json`)).toBeUndefined();
  });

  it('a truncated export (equal in both regions) is not a valid RDB: verification fails and alerts', async () => {
    ec.on(CopySnapshotCommand).callsFake(async (i) => {
      fake.put(i.TargetBucket!, `${i.TargetSnapshotName}-0001.rdb`, RDB.subarray(0, RDB.length - 20));
      return {};
    });
    const r = await run();
    expect(r.status).toBe('FAILED');
    expect(alerts()[0].cause).toMatch(/not a valid RDB file: .*truncated/);
  });

  it('at 20 manual backups in 24 hours, no snapshot is made and the alert says when the next one is possible', async () => {
    ec.on(DescribeSnapshotsCommand).callsFake(async (i) => {
      if (i.SnapshotName) throw awsError('SnapshotNotFoundFault');
      return {
        Snapshots: Array.from({ length: 20 }, (_, n) => ({
          SnapshotName: `manual-${n}`,
          SnapshotSource: 'manual',
          NodeSnapshots: [{ SnapshotCreateTime: new Date(Date.now() - (n + 1) * 3600_000) }],
        })),
      };
    });
    const r = await run({ replicationGroupId: GROUP });
    expect(r.status).toBe('FAILED');
    expect(ec.commandCalls(CreateSnapshotCommand)).toHaveLength(0);
    expect(alerts()[0]).toMatchObject({ step: 'create snapshot', error: 'PreconditionFailed' });
    expect(alerts()[0].cause).toMatch(/20 manual backups in the last 24 hours.*after \d{4}-/);
  });

  it('a group this deployment does not protect alerts and makes nothing', async () => {
    const r = await run({ replicationGroupId: 'someone-elses-cache' });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('InvalidInput');
    expect(ec.commandCalls(CreateSnapshotCommand)).toHaveLength(0);
    expect(alerts()[0].cause).toMatch(
      /replicationGroupId: unknown replication group "someone-elses-cache"; this deployment protects: muejam-redis-prod/,
    );
  });

  it("deletes the group's snapshots past the retention after a verified backup; a failed delete alerts, naming the step", async () => {
    const old = {
      SnapshotName: 'muejam-muejam-redis-prod-20261001',
      ARN: 'arn:old',
      SnapshotSource: 'manual',
      NodeSnapshots: [{ SnapshotCreateTime: new Date('2026-10-01T02:00:00Z') }],
    };
    ec.on(DescribeSnapshotsCommand).callsFake(async (i) => {
      if (i.SnapshotName) {
        if (!existingSnapshot) throw awsError('SnapshotNotFoundFault');
        return { Snapshots: [snapshot('available')] };
      }
      return { Snapshots: [old] };
    });
    ec.on(DeleteSnapshotCommand).resolves({});
    const ok = await run();
    expect(ok.status).toBe('SUCCEEDED');
    expect(ec.commandCalls(DeleteSnapshotCommand).map((c) => c.args[0].input.SnapshotName)).toEqual(['muejam-muejam-redis-prod-20261001']);
    expect(ok.output.pruned).toMatchObject({ deleted: ['muejam-muejam-redis-prod-20261001'], retentionDays: 30 });

    ec.on(DeleteSnapshotCommand).rejects(awsError('InvalidSnapshotStateFault', 'Snapshot is being exported'));
    const failed = await run();
    expect(failed.status).toBe('FAILED');
    expect(alerts().at(-1)).toMatchObject({ step: 'delete snapshots past retention', error: 'InvalidSnapshotStateFault' });
  });

  it('a failed snapshot fails at once (no waiting) with an alert', async () => {
    snapshotStatuses = ['failed'];
    const r = await run();
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('TerminalStatus');
    expect(r.events.filter((e) => e.type === 'StateRetried')).toHaveLength(0);
    expect(alerts()[0]).toMatchObject({ step: 'wait for snapshot' });
  });
});
