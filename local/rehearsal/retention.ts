/**
 * Rehearsal section: database retention.
 *
 * 1. The pure plan over a 120-day history of 6-hourly backups in both regions
 *    (counts per tier), with the platform's default policy.
 * 2. A real pass on the emulator in both regions (staged by local/retention-world.ts): owned snapshots (verified,
 *    one whose backup-region copy was never verified), and foreign ones (a
 *    person's manual snapshot, an automated one when the emulator makes it,
 *    another deployment's). The emulator stamps every snapshot with the current
 *    time, so the plan's clock is moved 3 days forward (`clockOverride`, which
 *    only the local runner accepts): the expired owned snapshots go, the floor,
 *    the unverified-copy source and every foreign snapshot stay. A second run
 *    deletes nothing.
 * 3. Quota headroom: moto does not implement DescribeAccountAttributes, so the
 *    report shows the quota as unavailable (a report figure never stops a
 *    retention run); the AWS answer and the 80 % warning are covered by the
 *    unit tests with mocked SDK answers.
 */
import { TAG } from '../../lambdas/domain/backup/ownership-tags';
import { planRetention } from '../../lambdas/domain/retention/plan';
import { reportLines, type RetentionReport } from '../../lambdas/domain/retention/report';
import type { RetentionSnapshot } from '../../lambdas/domain/retention/types';
import type { RuntimeConfig } from '../../lambdas/runtime/runtime-config';
import { SnapshotQuotaService } from '../../lambdas/services/snapshot-quota-service';
import { seconds } from '../console/output';
import { describeRetentionStep } from '../console/step-descriptions';
import { snapshotIds, stageRetentionWorld } from '../retention-world';
import type { RehearsalContext, RehearsalSection, SectionOutcome } from './context';

const ASL = 'database-retention.asl.json';
const HOUR = 3_600_000;

/** The pure plan over 120 days of 6-hourly backups (primary + verified copy each), planned at 03:00 UTC. */
export function plan120Days(config: Pick<RuntimeConfig, 'deploymentId' | 'primaryRegion' | 'backupRegion' | 'snapshotPrefix'>, db: string) {
  const now = Date.parse('2026-11-24T03:00:00Z');
  const first = now - 120 * 24 * HOUR + 3 * HOUR; // 2026-07-27T06:00Z .. 2026-11-24T00:00Z: 480 per region
  const snapshots: RetentionSnapshot[] = [];
  for (let t = first; t <= now - 3 * HOUR; t += 6 * HOUR) {
    const id = `${config.snapshotPrefix}-${db}-${new Date(t).toISOString().replace(/[-:]/g, '').slice(0, 13).toLowerCase()}z`;
    const tags = (role: 'primary' | 'backup') => ({
      [TAG.managedBy]: 'muejam-backup-dr',
      [TAG.deployment]: config.deploymentId,
      [TAG.resource]: db,
      [TAG.regionRole]: role,
      [TAG.verifiedAt]: new Date(t + HOUR).toISOString(),
    });
    const primaryArn = `arn:aws:rds:${config.primaryRegion}:123456789012:snapshot:${id}`;
    snapshots.push({
      id,
      arn: primaryArn,
      region: config.primaryRegion,
      resource: db,
      status: 'available',
      snapshotType: 'manual',
      createdAt: new Date(t),
      tags: tags('primary'),
    });
    snapshots.push({
      id,
      arn: `arn:aws:rds:${config.backupRegion}:123456789012:snapshot:${id}`,
      region: config.backupRegion,
      resource: db,
      status: 'available',
      snapshotType: 'manual',
      createdAt: new Date(t),
      tags: { ...tags('backup'), [TAG.copyOf]: primaryArn },
    });
  }
  const started = process.hrtime.bigint();
  const plan = planRetention({
    snapshots,
    now: new Date(now),
    identity: { deploymentId: config.deploymentId, primaryRegion: config.primaryRegion, backupRegion: config.backupRegion },
  });
  return { plan, perRegion: snapshots.length / 2, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

export const retentionSection: RehearsalSection = {
  id: 'database-retention',
  title: 'Database retention (daily 03:00): plan (pure policy) → delete expired owned snapshots, both regions → report',
  async run(ctx: RehearsalContext): Promise<SectionOutcome> {
    const { out, config } = ctx;
    const db = config.databases[0];
    const P = config.primaryRegion;
    const B = config.backupRegion;

    // 1. The plan over 120 days.
    out.line(
      '  the plan over 120 days of 6-hourly backups, verified copies in the backup region (default policy: keep-last 24 h, daily 30 d, weekly 90 d, floor 3), at 2026-11-24T03:00Z:',
    );
    const { plan, perRegion, ms } = plan120Days(config, db);
    out.table(
      ['region', 'backups', 'keep-last', 'daily', 'weekly', 'monthly', 'kept', 'deleted'],
      [P, B].map((r) => {
        const c = plan.summary.byRegion[r];
        return [r, perRegion, c.tiers['keep-last'], c.tiers.daily, c.tiers.weekly, c.tiers.monthly, c.keep, c.delete];
      }),
    );
    // By hand: keep-last 4 (after Nov 23 03:00), daily 29 (Oct 25 .. Nov 24 minus 2), weekly 8 (Sundays Aug 30 .. Oct 18).
    const planOk = [P, B].every((r) => {
      const c = plan.summary.byRegion[r];
      return c.tiers['keep-last'] === 4 && c.tiers.daily === 29 && c.tiers.weekly === 8 && c.keep === 41 && c.delete === perRegion - 41;
    });
    (planOk ? out.ok : out.fail)(
      `plan of ${perRegion * 2} snapshots in ${ms.toFixed(1)} ms: 41 kept per region (4 + 29 + 8, as counted by hand), ${perRegion - 41} to delete`,
    );

    // 2. A real pass on the emulator.
    out.line(`\n  a real pass on the emulator: staging owned and foreign snapshots in ${P} and ${B}`);
    const staged = await stageRetentionWorld(ctx.clients, config, ctx.world.backupKeyArn!, db);
    const before = { [P]: await snapshotIds(ctx.clients, P, db), [B]: await snapshotIds(ctx.clients, B, db) };
    out.info(
      `owned: ${staged.verified.length} verified backups with verified copies; 1 backup (${staged.unverifiedCopySource}) whose copy was never verified`,
    );
    out.info(`foreign: ${staged.foreign[P].join(', ')} in ${P}; ${staged.foreign[B].join(', ')} in ${B}`);
    if (!staged.foreign[P].some((id) => id.startsWith('rds:')))
      out.info(
        '(the emulator made no automated snapshot for this instance; automated snapshots are covered by the unit and workflow tests)',
      );
    out.info(`${before[P].size} snapshots in ${P}, ${before[B].size} in ${B} (older owned ones come from the sections before)`);
    const clockOverride = new Date(Date.now() + 3 * 24 * HOUR).toISOString();
    out.line(
      `  the emulator stamps every snapshot "now": the plan's clock is moved to ${clockOverride} (3 days later; clockOverride is refused by a deployed workflow)`,
    );
    const run = await ctx.runWorkflow({
      aslFile: ASL,
      workflow: 'database-retention',
      input: { dbInstanceIdentifier: db, clockOverride },
      describe: describeRetentionStep,
    });
    const report = run.output as RetentionReport | undefined;
    const after = { [P]: await snapshotIds(ctx.clients, P, db), [B]: await snapshotIds(ctx.clients, B, db) };
    const gone = (r: string) => [...before[r]].filter((id) => !after[r].has(id));
    const floor = staged.verified.slice(-3);
    const mustStay: Record<string, string[]> = {
      [P]: [...floor, staged.unverifiedCopySource, ...staged.foreign[P]],
      [B]: [...floor, ...staged.foreign[B]],
    };
    const mustGo: Record<string, string[]> = {
      [P]: staged.verified.slice(0, 3),
      [B]: [...staged.verified.slice(0, 3), staged.unverifiedCopySource],
    };
    let passOk = run.status === 'SUCCEEDED' && report?.ok === true;
    for (const r of [P, B]) {
      const stayed = mustStay[r].every((id) => after[r].has(id));
      const went = mustGo[r].every((id) => !after[r].has(id));
      passOk &&= stayed && went;
      (stayed && went ? out.ok : out.fail)(
        `${r}: deleted ${gone(r).length} (${gone(r).join(', ') || 'none'}); kept ${mustStay[r].join(', ')}`,
      );
    }
    if (report) for (const l of reportLines(report)) out.line(`      ${l}`);
    // The backup workflow's first state (CheckSnapshotQuota) runs the same read before every snapshot.
    const quota = await new SnapshotQuotaService(config, ctx.clients, { publish: async () => '' }).checkBeforeBackup({});
    const unreadable = quota.regions.every((q) => 'unavailable' in q);
    out.info(
      unreadable
        ? "quota headroom: moto does not implement DescribeAccountAttributes, so the retention report and the backup workflow's CheckSnapshotQuota step show it as unavailable; " +
            'both are advisory and never stop a run. In AWS they show used/max/headroom and the backup warns at 80 % (covered by unit and workflow tests with mocked answers)'
        : `quota headroom: ${quota.regions.map((q) => ('used' in q ? `${q.region} ${q.used}/${q.max}` : `${q.region} unavailable`)).join(', ')}`,
    );

    out.line('\n  the same pass again (idempotent: nothing left to delete)');
    const again = await ctx.runWorkflow({
      aslFile: ASL,
      workflow: 'database-retention',
      input: { dbInstanceIdentifier: db, clockOverride },
      describe: describeRetentionStep,
    });
    const againReport = again.output as RetentionReport | undefined;
    const idempotent = again.status === 'SUCCEEDED' && againReport?.totals.deleted === 0 && againReport.totals.failed === 0;
    (idempotent ? out.ok : out.fail)(`second run deleted ${againReport?.totals.deleted ?? '?'} snapshots`);
    const alerts = await ctx.alerts();
    const quiet = alerts.length === 0;
    if (!quiet) out.fail(`unexpected alerts: ${alerts.map((a) => a.summary).join(' | ')}`);

    return {
      ok: planOk && passOk && idempotent && quiet,
      summary: [
        ['120-day plan, per region', '4 keep-last + 29 daily + 8 weekly = 41 kept'],
        ['real pass: deleted (primary/backup)', `${gone(P).length}/${gone(B).length}`],
        ['real pass: kept by floor', floor.join(', ')],
        ['real pass: kept, copy never verified', staged.unverifiedCopySource],
        ['second run deleted', String(againReport?.totals.deleted ?? '?')],
        ['time (first pass)', seconds(run.durationMs)],
      ],
    };
  },
};
