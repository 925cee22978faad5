/**
 * Rehearsal section: the database backup workflow, end to end, on the emulator:
 * a scheduled run, a re-run of the same schedule tick (idempotent), and an
 * operator mistake (unknown database) that must alert and change nothing.
 */
import { DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import type { BackupSummary } from '../../lambdas/domain/backup/backup-summary';
import { seconds } from '../console/output';
import { describeBackupStep } from '../console/step-descriptions';
import type { RehearsalContext, RehearsalSection, SectionOutcome } from './context';

const ASL = 'database-backup.asl.json';

async function snapshotCount(ctx: RehearsalContext, region: string): Promise<number> {
  const out = await ctx.clients(RDSClient, region).send(new DescribeDBSnapshotsCommand({ SnapshotType: 'manual' }));
  return out.DBSnapshots?.length ?? 0;
}

export const databaseBackupSection: RehearsalSection = {
  id: 'database-backup',
  title: 'Database backup (every 6 h): snapshot → copy to backup region → verify → metrics',
  async run(ctx): Promise<SectionOutcome> {
    const { out, config } = ctx;
    const db = config.databases[0];
    const scheduledTime = new Date(Math.floor(Date.now() / 21600000) * 21600000).toISOString();
    const input = { dbInstanceIdentifier: db, scheduledTime };

    out.line(`  scheduled run for ${db}, schedule tick ${scheduledTime}`);
    const run = await ctx.runWorkflow({ aslFile: ASL, workflow: 'database-backup', input, describe: describeBackupStep });
    const summary = run.output?.summary as BackupSummary | undefined;
    const verified = run.status === 'SUCCEEDED' && summary?.isValid === true;
    if (verified) out.ok(`backup verified in ${run.transitions} state transitions, ${seconds(run.durationMs)}`);
    else out.fail(`backup did not verify: ${run.error}: ${run.cause}`);

    out.line(`\n  re-run of the same schedule tick (a retried schedule must not make a second snapshot)`);
    const before = await snapshotCount(ctx, config.primaryRegion);
    const rerun = await ctx.runWorkflow({ aslFile: ASL, workflow: 'database-backup', input, describe: describeBackupStep });
    const after = await snapshotCount(ctx, config.primaryRegion);
    const idempotent = rerun.status === 'SUCCEEDED' && rerun.output?.backup?.reused === true && before === after;
    if (idempotent)
      out.ok(
        `re-run continued with ${rerun.output.backup.snapshotId}; snapshots in ${config.primaryRegion}: ${before} before, ${after} after`,
      );
    else out.fail(`re-run was not idempotent (status ${rerun.status}, snapshots ${before} → ${after})`);
    await ctx.alerts(); // nothing expected from the successful runs

    out.line(`\n  operator mistake (expected to fail): backup of "muejam-db-typo", which this deployment does not protect`);
    const bad = await ctx.runWorkflow({
      aslFile: ASL,
      workflow: 'database-backup',
      input: { dbInstanceIdentifier: 'muejam-db-typo' },
      describe: describeBackupStep,
    });
    const alerts = await ctx.alerts();
    const afterBad = await snapshotCount(ctx, config.primaryRegion);
    const alerted = bad.status === 'FAILED' && alerts.length === 1 && alerts[0].step === 'create snapshot' && afterBad === after;
    if (alerted) {
      out.ok(
        `failed as it must, created nothing (still ${afterBad} snapshot${afterBad === 1 ? '' : 's'} in ${config.primaryRegion}), and alerted:`,
      );
      out.line(`      ${alerts[0].summary}`);
    } else {
      out.fail(
        `the bad input was not handled as required (status ${bad.status}, alerts ${alerts.length}, snapshots ${after} → ${afterBad})`,
      );
    }

    return {
      ok: verified && idempotent && alerted,
      summary: [
        ['primary snapshot', summary?.primarySnapshotArn ?? '(none)'],
        ['backup-region copy', summary?.backupSnapshotArn ?? '(none)'],
        ['source KMS key', ctx.world.databaseKeyArns[db] ?? '(none)'],
        ['backup-region KMS key', summary?.backupKmsKeyArn ?? '(none)'],
        ['state transitions (successful run)', String(run.transitions)],
        ['time (successful run)', seconds(run.durationMs)],
      ],
    };
  },
};
