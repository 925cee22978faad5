/**
 * Rehearsal section: database restores on the emulator, with the real ASL and handlers:
 * 1. a snapshot restore in the BACKUP region (newest verified copy, configured subnet group and
 *    class, restore tags), plan printed first, then the steps, the endpoint and the RTO figures;
 * 2. a point-in-time restore in the PRIMARY region to the latest restorable time;
 * 3. a restore onto an existing name, refused before anything is created;
 * 4. what moto cannot show, shown as moto answers it: a PITR in the backup region (no replicated
 *    automated backups: refused naming the snapshot alternative) and automated-backups replication
 *    (StartDBInstanceAutomatedBackupsReplication not implemented: the hourly check alerts).
 */
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { tagsToRecord } from '../../lambdas/domain/backup/ownership-tags';
import { type RestoreSettings, restoreSettingsEnvironment, RESTORE_SETTINGS_ENV } from '../../lambdas/domain/settings/restore';
import { DatabaseRestoreService } from '../../lambdas/services/database-restore-service';
import { PitrReplicationService } from '../../lambdas/services/pitr-replication-service';
import { AlertPublisher } from '../../lambdas/services/alert-publisher';
import { seconds } from '../console/output';
import { describeDbRestoreStep, restorePlanLines, restoreResultLines } from '../console/restore-plan';
import { createMotoSubnetGroup } from '../moto-subnet-group';
import type { RehearsalContext, RehearsalSection, SectionOutcome } from './context';

const WORKFLOW = 'database-restore';
const ASL = 'database-restore.asl.json';

/** The plan (the workflow's own read-only validate step), printed before the run; undefined with the refusal printed. */
async function printPlan(ctx: RehearsalContext, settings: RestoreSettings, input: Record<string, unknown>) {
  const service = new DatabaseRestoreService(ctx.config, settings, ctx.clients);
  try {
    const plan = await service.validateRestore(input, { Id: '(plan)', Name: 'plan', StartTime: new Date().toISOString() });
    ctx.out.line(`  plan (${plan.mode === 'snapshot' ? 'restore from a snapshot' : 'point-in-time restore'}):`);
    for (const l of restorePlanLines(plan)) ctx.out.line(`    ${l}`);
    for (const w of plan.warnings) ctx.out.line(`    warning: ${w}`);
    return plan;
  } catch (err) {
    ctx.out.line(`  refused before anything was created: ${(err as Error).name}: ${(err as Error).message}`);
    return undefined;
  }
}

async function restore(ctx: RehearsalContext, settings: RestoreSettings, input: Record<string, unknown>) {
  ctx.out.line(`\n  console input: ${JSON.stringify(input)}`);
  const plan = await printPlan(ctx, settings, input);
  if (!plan) return { plan, run: undefined };
  const run = await ctx.runWorkflow({ aslFile: ASL, workflow: WORKFLOW, input, describe: describeDbRestoreStep });
  if (run.status === 'SUCCEEDED') {
    ctx.out.ok(
      `${run.output.dbInstanceIdentifier} available and verified in ${run.output.region}, ${run.transitions} state transitions, ${seconds(run.durationMs)}`,
    );
    for (const l of restoreResultLines(run.output)) ctx.out.line(`    ${l}`);
  } else ctx.out.fail(`restore ${run.status}: ${run.error}: ${run.cause}`);
  return { plan, run };
}

async function instance(ctx: RehearsalContext, region: string, id: string) {
  const out = await ctx.clients(RDSClient, region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
  return out.DBInstances?.[0];
}

export const databaseRestoreSection: RehearsalSection = {
  id: 'database-restore',
  title: 'Database restore: a snapshot restore in the backup region, a point-in-time restore in the primary region, what moto cannot show',
  async run(ctx): Promise<SectionOutcome> {
    const { out, config } = ctx;
    const db = config.databases[0];
    const settings: RestoreSettings = {
      databases: {
        [db]: { backup: { subnetGroup: 'dr-private', instanceClass: 'db.r6g.large', backupRetentionDays: 7, tags: { team: 'platform' } } },
      },
    };
    await createMotoSubnetGroup(ctx.endpoint, ctx.clients(RDSClient, config.backupRegion), config.backupRegion, 'dr-private');
    Object.assign(process.env, restoreSettingsEnvironment(settings));
    try {
      out.line(`  a verified backup of ${db} in both regions first (the real database-backup workflow)`);
      const tick = new Date(Math.floor(Date.now() / 21_600_000) * 21_600_000 - 21_600_000);
      const backup = await ctx.runWorkflow({
        aslFile: 'database-backup.asl.json',
        workflow: 'database-backup',
        input: { dbInstanceIdentifier: db, scheduledTime: tick.toISOString() },
      });
      await ctx.alerts();

      out.line('\n  1. restore from a snapshot in the backup region (npm run cli -- restore --snapshot latest --region backup ...)');
      const target1 = `${db}-restored`;
      const snap = await restore(ctx, settings, {
        dbInstanceIdentifier: db,
        targetDbInstanceIdentifier: target1,
        region: 'backup',
        snapshotId: 'latest',
      });
      const restored = snap.run?.status === 'SUCCEEDED' ? await instance(ctx, config.backupRegion, target1) : undefined;
      const tags = tagsToRecord(restored?.TagList);
      const snapOk =
        backup.status === 'SUCCEEDED' &&
        restored?.StorageEncrypted === true &&
        restored.DBSubnetGroup?.DBSubnetGroupName === 'dr-private' &&
        restored.DBInstanceClass === 'db.r6g.large' &&
        tags['muejam:purpose'] === 'restore';
      if (restored)
        out.info(
          `in moto: ${target1} encrypted ${restored.StorageEncrypted} (key ${restored.KmsKeyId}), subnet group ${restored.DBSubnetGroup?.DBSubnetGroupName}, class ${restored.DBInstanceClass}, tags muejam:purpose=${tags['muejam:purpose']} team=${tags.team}`,
        );
      const info1 = (await ctx.alerts()).map((a) => `${a.severity}: ${a.summary}`);
      for (const a of info1) out.line(`    alert ${a}`);

      out.line('\n  2. restore to a point in time in the primary region (npm run cli -- restore-pitr --time latest --region primary ...)');
      const target2 = `${db}-pitr`;
      const pitr = await restore(ctx, settings, {
        dbInstanceIdentifier: db,
        targetDbInstanceIdentifier: target2,
        region: 'primary',
        restoreTime: 'latest',
      });
      const pitrOk = pitr.run?.status === 'SUCCEEDED' && pitr.run.output.mode === 'pitr';
      for (const a of await ctx.alerts()) out.line(`    alert ${a.severity}: ${a.summary}`);

      out.line('\n  3. the same target again: refused before any change, naming the field');
      const again = await printPlan(ctx, settings, {
        dbInstanceIdentifier: db,
        targetDbInstanceIdentifier: target1,
        region: 'backup',
        snapshotId: 'latest',
      });

      out.line('\n  4. what moto cannot show, as moto answers it');
      const backupPitr = await printPlan(ctx, settings, {
        dbInstanceIdentifier: db,
        targetDbInstanceIdentifier: `${db}-dr`,
        region: 'backup',
        restoreTime: 'latest',
      });
      const replication = await new PitrReplicationService(config, ctx.clients, new AlertPublisher(config, ctx.clients), 7).ensureAll();
      for (const d of replication.databases)
        out.line(`  automated-backups replication of ${d.db}: ${d.result}: ${d.detail.split('\n')[0]}`);
      await ctx.alerts();
      out.info(
        'not shown by moto: automated-backups replication to the backup region (StartDBInstanceAutomatedBackupsReplication is not implemented) and so a PITR there from SourceDBInstanceAutomatedBackupsArn; ' +
          'the PITR window (no RestoreWindow, LatestRestorableTime always now: only "latest" can be placed); real restore and wait times (instances are available at once); ' +
          'the IAM tag conditions. Covered by test/unit/services/pitr-replication-service.test.ts, test/unit/domain/restore/pitr-window.properties.test.ts, test/workflow/database-restore.test.ts (NotReady polls, window refusals), test/infra/database-restore-workflow.test.ts',
      );
      const ok = snapOk && pitrOk && again === undefined && backupPitr === undefined;
      const fig = (r: typeof snap.run) =>
        r?.status === 'SUCCEEDED'
          ? `${r.transitions} transitions, RTO ${r.output.rtoSeconds} s (request -> available ${r.output.requestToAvailableSeconds} s -> verified ${r.output.availableToVerifiedSeconds} s)`
          : 'FAILED';
      return {
        ok,
        summary: [
          ['restore from snapshot (backup region)', fig(snap.run)],
          ['point-in-time restore (primary region)', fig(pitr.run)],
          [
            'existing target / PITR in backup region',
            `${again ? 'NOT refused' : 'refused'} / ${backupPitr ? 'NOT refused' : 'refused (not replicated on moto)'}`,
          ],
        ],
      };
    } finally {
      delete process.env[RESTORE_SETTINGS_ENV];
    }
  },
};
