/**
 * Rehearsal section: the Redis/Valkey backup and restore workflows, end to end, on
 * the emulator: the daily backup (snapshot, export, copy to the backup region,
 * byte-for-byte + RDB verification), a same-day re-run that reuses the day's backup,
 * and a restore of the newest verified backup into a new group in the backup region.
 *
 * moto does not implement ElastiCache CopySnapshot: the export step's one call to it
 * puts a real RDB file made by redis-server where the export would have written it
 * (local/rehearsal/redis-world.ts), and the output says so.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeReplicationGroupsCommand, DescribeSnapshotsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import type { RedisBackupSummary } from '../../lambdas/domain/redis/backup-summary';
import { readRuntimeConfig } from '../../lambdas/runtime/runtime-config';
import { RedisBackupService } from '../../lambdas/services/redis-backup-service';
import { seconds } from '../console/output';
import { describeRedisBackupStep, describeRedisRestoreStep } from '../console/step-descriptions';
import type { RehearsalContext, RehearsalSection, SectionOutcome } from './context';
import { type PlacedExport, rdbForRehearsal, seedRedisWorld, withExportStandIn } from './redis-world';

const BACKUP_ASL = 'redis-backup.asl.json';
const RESTORE_ASL = 'redis-restore.asl.json';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function readObject(ctx: RehearsalContext, region: string, bucket: string, key: string): Promise<Buffer> {
  const out = await ctx.clients(S3Client, region).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

export const redisSection: RehearsalSection = {
  id: 'redis',
  title: 'Redis/Valkey backup (daily 02:00): snapshot → export to S3 → copy to backup region → verify → restore',
  async run(ctx): Promise<SectionOutcome> {
    const { out, config } = ctx;
    const group = config.redisGroups[0];
    const world = await seedRedisWorld(config, ctx.clients);
    out.info(`ElastiCache replication group ${group} in ${config.primaryRegion}`);
    out.info(
      `export bucket s3://${world.buckets.primary} (${config.primaryRegion}) and copy bucket s3://${world.buckets.backup} (${config.backupRegion}): versioned, SSE-KMS with their own CMKs`,
    );

    const rdb = await rdbForRehearsal(mkdtempSync(join(tmpdir(), 'rehearsal-rdb-')));
    const rdbBytes = readFileSync(rdb.path);
    (rdb.real ? out.info : out.warn)(`RDB file for the export: ${rdb.source}, ${rdb.bytes} bytes`);
    out.warn(
      'moto does not implement ElastiCache CopySnapshot (the export to S3): the export step runs as in AWS, except that ' +
        'its CopySnapshot call puts that RDB file where the export would have written it (<backup name>-0001.rdb).',
    );
    const placed: PlacedExport[] = [];
    const exportStep = (e: any) =>
      new RedisBackupService(
        readRuntimeConfig(),
        { buckets: world.buckets },
        withExportStandIn(
          ctx.clients,
          () => rdbBytes,
          (p) => {
            placed.push(p);
            out.info(`stand-in for CopySnapshot: put ${p.bytes} bytes at s3://${p.bucket}/${p.key}`);
          },
        ),
      ).exportRedisBackup(e.backup);
    const scheduledTime = `${new Date().toISOString().slice(0, 10)}T02:00:00Z`;

    out.line(`  scheduled run for ${group}, ${scheduledTime}`);
    const run = await ctx.runWorkflow({
      aslFile: BACKUP_ASL,
      workflow: 'redis-backup',
      input: { replicationGroupId: group, scheduledTime },
      describe: describeRedisBackupStep,
      handlerOverrides: { ExportRedisSnapshot: exportStep },
    });
    const summary = run.output?.summary as RedisBackupSummary | undefined;
    let verified = run.status === 'SUCCEEDED' && summary?.isValid === true;
    let copyLine = '(none)';
    if (verified && summary) {
      const key = run.output.exported.objects[0].key as string;
      const [primaryBytes, backupBytes] = await Promise.all([
        readObject(ctx, config.primaryRegion, world.buckets.primary, key),
        readObject(ctx, config.backupRegion, world.buckets.backup, key),
      ]);
      const head = await ctx.clients(S3Client, config.backupRegion).send(new HeadObjectCommand({ Bucket: world.buckets.backup, Key: key }));
      const tags = await ctx
        .clients(S3Client, config.backupRegion)
        .send(new GetObjectTaggingCommand({ Bucket: world.buckets.backup, Key: key }));
      const verifiedAt = tags.TagSet?.find((t) => t.Key === 'muejam:verified-at')?.Value;
      const same = sha256(primaryBytes) === sha256(backupBytes) && sha256(backupBytes) === sha256(rdbBytes);
      verified &&= same && Boolean(verifiedAt);
      copyLine = `s3://${world.buckets.backup}/${key}`;
      out.ok(`verified copy in the backup region: ${copyLine}`);
      out.line(
        `      ${head.ContentLength} bytes, SHA-256 ${sha256(backupBytes).slice(0, 16)}… (same as the primary copy and the redis-server file: ${same ? 'yes' : 'NO'})`,
      );
      out.line(`      tagged muejam:verified-at=${verifiedAt}; marker ${summary.markers[1]}`);
      out.ok(`backup verified in ${run.transitions} state transitions, ${seconds(run.durationMs)}`);
    } else {
      out.fail(`Redis backup did not verify: ${run.error}: ${run.cause}`);
    }

    out.line(
      `\n  re-run the same day (a retried schedule must reuse the day's backup: ElastiCache allows 20 manual backups per node per day)`,
    );
    const rerun = await ctx.runWorkflow({
      aslFile: BACKUP_ASL,
      workflow: 'redis-backup',
      input: { replicationGroupId: group, scheduledTime: `${scheduledTime.slice(0, 10)}T09:30:00Z` },
      describe: describeRedisBackupStep,
      handlerOverrides: { ExportRedisSnapshot: exportStep },
    });
    const snaps = await ctx
      .clients(ElastiCacheClient, config.primaryRegion)
      .send(new DescribeSnapshotsCommand({ ReplicationGroupId: group }));
    const reused =
      rerun.status === 'SUCCEEDED' && rerun.output?.backup?.reused === true && (snaps.Snapshots?.length ?? 0) === 1 && placed.length === 1;
    if (reused) out.ok(`re-run reused ${rerun.output.backup.backupName}: still 1 snapshot, 1 export`);
    else
      out.fail(
        `re-run did not reuse the day's backup (status ${rerun.status}, snapshots ${snaps.Snapshots?.length}, exports ${placed.length})`,
      );
    await ctx.alerts();

    out.line(`\n  restore (on-call, DR): newest verified backup into a NEW group in ${config.backupRegion}`);
    const target = `${group.slice(0, 32)}-dr`;
    const restore = await ctx.runWorkflow({
      aslFile: RESTORE_ASL,
      workflow: 'redis-restore',
      input: { replicationGroupId: target },
      describe: describeRedisRestoreStep,
    });
    const rg = await ctx
      .clients(ElastiCacheClient, config.backupRegion)
      .send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: target }))
      .catch(() => undefined);
    const staged = await ctx
      .clients(S3Client, config.backupRegion)
      .send(new ListObjectVersionsCommand({ Bucket: world.buckets.backup, Prefix: 'restore-staging/' }));
    const leftovers = (staged.Versions?.length ?? 0) + (staged.DeleteMarkers?.length ?? 0);
    const restored = restore.status === 'SUCCEEDED' && rg?.ReplicationGroups?.[0]?.Status === 'available' && leftovers === 0;
    if (restored)
      out.ok(`group ${target} is available in ${config.backupRegion}, seeded from ${restore.output.plan.backupName}; no staged copy left`);
    else
      out.fail(
        `restore did not finish as required (status ${restore.status}: ${restore.error ?? ''} ${restore.cause ?? ''}; staged leftovers ${leftovers})`,
      );
    const alerts = await ctx.alerts();
    if (alerts.length) out.fail(`unexpected alerts: ${alerts.map((a) => a.summary).join('; ')}`);

    return {
      ok: verified && reused && restored && alerts.length === 0,
      summary: [
        ['Redis backup', summary?.backupName ?? '(none)'],
        ['RDB file exported (stand-in)', rdb.source.split(' (')[0]],
        ['verified copy (backup region)', copyLine],
        ['bytes, objects', summary ? `${summary.totalBytes}, ${summary.objects}` : '(none)'],
        ['restored group (backup region)', restored ? target : '(none)'],
        ['state transitions (backup run)', String(run.transitions)],
        ['time (backup run)', seconds(run.durationMs)],
      ],
    };
  },
};
