/**
 * The Redis backup and restore workflows against a real moto_server: the ASL files
 * executed unchanged, real handlers, real SDK calls over HTTP for the snapshot,
 * S3 in both regions (copies, ranges, tags, multipart) and the alert topic.
 *
 * moto does not implement ElastiCache CopySnapshot (the export to S3): that one
 * call is replaced by putting a real RDB file, written by a real redis-server,
 * where the export would have written it (see local/rehearsal/redis-world.ts).
 * The CopySnapshot request itself is covered with aws-sdk-client-mock in
 * test/unit/services/redis-backup-service.test.ts and the workflow tests.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { DescribeReplicationGroupsCommand, DescribeSnapshotsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { GetObjectCommand, GetObjectTaggingCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { readRuntimeConfig } from '../../lambdas/runtime/runtime-config';
import { RedisBackupService } from '../../lambdas/services/redis-backup-service';
import { localRuntimeConfig, stateMachineName } from '../../local/local-environment';
import { runStateMachineLocally, statesEntered, type StepHandler } from '../../local/run-state-machine';
import { makeRealRdb } from '../../local/rehearsal/redis-server';
import { type PlacedExport, seedRedisWorld, withExportStandIn } from '../../local/rehearsal/redis-world';
import { drainAlerts } from '../../local/seed-world';
import { writeSyntheticRdbFile } from '../fixtures/rdb/synthetic-rdb';
import { useMoto } from '../support/moto';
import { describeWithTool, REDIS_SERVER } from '../support/needs-tool';

const moto = useMoto();
const GROUP = 'muejam-redis-prod';
let realRdb: Buffer;
let work: string;

async function world(deploymentId: string) {
  const { config, world: seeded } = await moto.freshWorld(localRuntimeConfig({ deploymentId }));
  const redis = await seedRedisWorld(config, moto.clients);
  return { config, seeded, redis };
}

/** The export step with moto's missing CopySnapshot replaced; everything else of the step is the real code. */
function exportStandIn(rdb: () => Buffer, placed: PlacedExport[]): Record<string, StepHandler> {
  const service = () =>
    new RedisBackupService(
      readRuntimeConfig(),
      { buckets: currentBuckets() },
      withExportStandIn(moto.clients, rdb, (p) => placed.push(p)),
    );
  return { ExportRedisSnapshot: (e: any) => service().exportRedisBackup(e.backup) };
}
const currentBuckets = () => ({ primary: process.env.REDIS_BUCKET_PRIMARY!, backup: process.env.REDIS_BUCKET_BACKUP! });

const runBackup = (config: ReturnType<typeof localRuntimeConfig>, input: unknown, handlerOverrides: Record<string, StepHandler>) =>
  runStateMachineLocally({
    aslFile: 'redis-backup.asl.json',
    input,
    region: config.primaryRegion,
    stateMachineName: stateMachineName(config.deploymentId, 'redis-backup'),
    handlerOverrides,
  });

async function objectBytes(region: string, bucket: string, key: string): Promise<Buffer> {
  const out = await moto.clients(S3Client, region).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describeWithTool(REDIS_SERVER, 'Redis backup on moto_server (export stand-in: a real redis-server RDB file)', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'redis-it-'));
    const made = await makeRealRdb({ dir: work, dbfilename: 'real.rdb' }); // fails with install instructions if redis-server is missing
    realRdb = readFileSync(made.path);
    console.info(
      `moto_server does not implement ElastiCache CopySnapshot: these tests put a real RDB file (${made.bytes} bytes, ` +
        `redis-server ${made.redisVersion}) at s3://<primary bucket>/<backup name>-0001.rdb, where the export would have written it.`,
    );
  }, 60000);

  it('leaves the verified .rdb in both regions, equal byte for byte, with verified markers and tags, and no failure alert (only the recovery)', async () => {
    const { config, seeded, redis } = await world('rit1');
    const placed: PlacedExport[] = [];
    const r = await runBackup(
      config,
      { replicationGroupId: GROUP, scheduledTime: '2026-11-24T02:00:00Z' },
      exportStandIn(() => realRdb, placed),
    );
    expect(r.status).toBe('SUCCEEDED');
    const name = 'muejam-muejam-redis-prod-20261124';
    const key = `${name}-0001.rdb`;
    expect(placed).toEqual([{ bucket: redis.buckets.primary, key, bytes: realRdb.length }]);

    const snaps = await moto.clients(ElastiCacheClient, 'us-east-1').send(new DescribeSnapshotsCommand({ SnapshotName: name }));
    expect(snaps.Snapshots?.[0]).toMatchObject({ SnapshotName: name, ReplicationGroupId: GROUP });

    const primary = await objectBytes('us-east-1', redis.buckets.primary, key);
    const backup = await objectBytes('us-west-2', redis.buckets.backup, key);
    expect(backup.length).toBe(realRdb.length);
    expect(sha(backup)).toBe(sha(primary));
    expect(sha(backup)).toBe(sha(realRdb));

    const tags = await moto.clients(S3Client, 'us-west-2').send(new GetObjectTaggingCommand({ Bucket: redis.buckets.backup, Key: key }));
    const tagMap = Object.fromEntries((tags.TagSet ?? []).map((t) => [t.Key, t.Value]));
    expect(tagMap).toMatchObject({ 'muejam:deployment': 'rit1', 'muejam:region-role': 'backup', 'muejam:resource': GROUP });
    expect(tagMap['muejam:verified-at']).toBeTruthy();

    for (const [region, bucket] of [
      ['us-east-1', redis.buckets.primary],
      ['us-west-2', redis.buckets.backup],
    ]) {
      const marker = JSON.parse((await objectBytes(region, bucket, `verified/${GROUP}/${name}.json`)).toString());
      expect(marker).toMatchObject({
        backupName: name,
        replicationGroupId: GROUP,
        objects: [{ key, bytes: realRdb.length, rdb: 'REDIS 10' }],
      });
    }
    expect(r.output.summary).toMatchObject({ isValid: true, totalBytes: realRdb.length, objects: 1 });
    expect((await drainAlerts(moto.endpoint, 'us-east-1', seeded.alertQueueUrl)).map((a) => a.kind)).toEqual(['recovery']);
  });

  it('a re-run the same day makes no second snapshot and no second export', async () => {
    const { config } = await world('rit2');
    const placed: PlacedExport[] = [];
    const overrides = exportStandIn(() => realRdb, placed);
    expect((await runBackup(config, { replicationGroupId: GROUP, scheduledTime: '2026-11-24T02:00:00Z' }, overrides)).status).toBe(
      'SUCCEEDED',
    );
    const again = await runBackup(config, { replicationGroupId: GROUP, scheduledTime: '2026-11-24T09:15:00Z' }, overrides);
    expect(again.status).toBe('SUCCEEDED');
    expect(again.output.backup.reused).toBe(true);
    expect(again.output.copy.reused).toBe(true);
    expect(placed).toHaveLength(1);
    const snaps = await moto.clients(ElastiCacheClient, 'us-east-1').send(new DescribeSnapshotsCommand({ ReplicationGroupId: GROUP }));
    expect(snaps.Snapshots).toHaveLength(1);
  });

  it('a 12 MiB export is copied with multipart UploadPartCopy and verified across several slices', async () => {
    const { config, redis } = await world('rit3');
    const big = join(work, 'big.rdb');
    await writeSyntheticRdbFile(big, 12 * 1024 * 1024);
    const bigBytes = readFileSync(big);
    let t = Date.now();
    // each clock read 20 ms later: slices end quickly
    const slow = () => {
      t += 20;
      return new Date(t);
    };
    const sliced = () =>
      new RedisBackupService(
        readRuntimeConfig(),
        {
          buckets: currentBuckets(),
          sliceMs: 1,
          singleCopyMaxBytes: 5 * 1024 * 1024,
          partBytes: 5 * 1024 * 1024,
          chunkBytes: 2 * 1024 * 1024,
        },
        moto.clients,
        slow,
      );
    const r = await runBackup(
      config,
      { replicationGroupId: GROUP, scheduledTime: '2026-11-24T02:00:00Z' },
      {
        ...exportStandIn(() => bigBytes, []),
        CopyRedisExport: (e: any) => sliced().copyRedisExport(e, e.execution),
        VerifyRedisBackup: (e: any) => sliced().verifyRedisBackup(e, e.execution),
      },
    );
    expect(r.status).toBe('SUCCEEDED');
    const names = statesEntered(r);
    expect(names.filter((n) => n === 'CopyToBackupRegion').length).toBe(3); // 3 parts, one per slice
    expect(names.filter((n) => n === 'VerifyBackup').length).toBe(6); // 12 MiB in 2 MiB ranges
    const copy = await objectBytes('us-west-2', redis.buckets.backup, 'muejam-muejam-redis-prod-20261124-0001.rdb');
    expect(sha(copy)).toBe(sha(bigBytes));
  });

  it('a corrupted export fails verification: one alert naming the step and the RDB problem, no verified marker', async () => {
    const { config, seeded, redis } = await world('rit4');
    const flipped = Buffer.from(realRdb);
    flipped[Math.floor(flipped.length / 2)] ^= 0x40;
    const r = await runBackup(
      config,
      { replicationGroupId: GROUP, scheduledTime: '2026-11-24T02:00:00Z' },
      exportStandIn(() => flipped, []),
    );
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('VerificationFailed');
    const alerts = await drainAlerts(moto.endpoint, 'us-east-1', seeded.alertQueueUrl);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ workflow: 'redis-backup', resource: GROUP, step: 'verify backup' });
    expect(alerts[0].cause).toMatch(/not a valid RDB file: CRC-64 mismatch/);
    await expect(
      objectBytes('us-west-2', redis.buckets.backup, `verified/${GROUP}/muejam-muejam-redis-prod-20261124.json`),
    ).rejects.toThrow();
  });

  it('restores the newest verified backup into a new group in the backup region and deletes the staged copy', async () => {
    const { config, redis } = await world('rit5');
    expect(
      (
        await runBackup(
          config,
          { replicationGroupId: GROUP, scheduledTime: '2026-11-24T02:00:00Z' },
          exportStandIn(() => realRdb, []),
        )
      ).status,
    ).toBe('SUCCEEDED');
    const r = await runStateMachineLocally({
      aslFile: 'redis-restore.asl.json',
      input: { replicationGroupId: 'muejam-redis-dr' },
      region: config.primaryRegion,
      stateMachineName: stateMachineName(config.deploymentId, 'redis-restore'),
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output.plan).toMatchObject({
      region: 'us-west-2',
      bucket: redis.buckets.backup,
      backupName: 'muejam-muejam-redis-prod-20261124',
    });
    const groups = await moto
      .clients(ElastiCacheClient, 'us-west-2')
      .send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'muejam-redis-dr' }));
    expect(groups.ReplicationGroups?.[0]?.Status).toBe('available');
    const staged = await moto
      .clients(S3Client, 'us-west-2')
      .send(new ListObjectVersionsCommand({ Bucket: redis.buckets.backup, Prefix: 'restore-staging/' }));
    expect([...(staged.Versions ?? []), ...(staged.DeleteMarkers ?? [])]).toEqual([]);
  });
});
