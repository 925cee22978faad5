/**
 * `npm start`, DR drill section: a full drill on the emulator with the real ASL and handlers and
 * the restore test's local PostgreSQL engine (local/drill/drill-world.ts), under a deployment
 * and database of its own so the other sections' resources stay as they are. Prints the plan,
 * each step, the summary table, writes the HTML report to a local file, says what the emulator
 * could not show, and proves the drill left nothing: instances and snapshots of both regions and
 * the zone's records are listed before and after the drill and must be the same.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { DrillTest } from '../../lambdas/domain/drill/drill-test';
import type { ClientFactory } from '../../lambdas/runtime/clients';
import type { RuntimeConfig } from '../../lambdas/runtime/runtime-config';
import { LOCAL_PG_ENDPOINTS_ENV } from '../../lambdas/services/local-endpoint-override';
import { NOT_EXERCISED_ENV } from '../../lambdas/services/dr-drill-instances';
import { type Output, seconds } from '../console/output';
import { fromLocalEvent, progressPrinter } from '../console/progress';
import { DRILL_TABLE_HEADERS, describeDrillStep, drillTableRows } from '../drill/drill-console';
import { backUpOnce, drillLeftovers, drillWorld, EMULATOR_LIMITS, runDrill } from '../drill/drill-world';
import { applyLocalEnvironment, localRuntimeConfig } from '../local-environment';
import type { LocalExecution } from '../run-state-machine';
import type { RehearsalSection, SectionOutcome } from './context';

export const DRILL_REHEARSAL_EXECUTION = 'rehearsal-drill-1';

export interface DrillRehearsal {
  execution: LocalExecution;
  overallStatus: string;
  tests: DrillTest[];
  htmlFile?: string;
  /** Resources in the emulator after the drill that were not there before it (must be empty). */
  leftBehind: string[];
  listed: { instances: number; snapshots: number; records: number };
}

/** The drill, end to end, in the emulator at `endpoint`; `base` names the deployment (a suffix keeps it apart). */
export async function rehearseDrill(o: {
  endpoint: string;
  clients: ClientFactory;
  out: Output;
  base: RuntimeConfig;
  htmlFile?: string;
}): Promise<DrillRehearsal> {
  const { out } = o;
  const config = localRuntimeConfig({
    deploymentId: `${o.base.deploymentId}-dr`,
    databases: [`muejam-db-drill${o.base.deploymentId.replace(/[^a-z0-9]/g, '').slice(-6)}`],
    redisGroups: [],
  });
  out.line('  starting the local PostgreSQL engine (PGlite over its socket) with the MueJam-like "production" data...');
  const world = await drillWorld(config, o.clients, o.endpoint, { drillIds: [DRILL_REHEARSAL_EXECUTION] });
  try {
    const db = world.config.databases[0];
    out.info(
      `deployment ${world.config.deploymentId}: ${db} in ${world.config.primaryRegion} (PostgreSQL ${world.engineVersion} behind it), private zone with ${'db.muejam.internal'} and the drill record`,
    );
    out.line(`\n  verified backups in both regions (the real database-backup workflow)`);
    const backup = await backUpOnce(world.config, 'rehearsal-drill-backup');
    if (backup.status !== 'SUCCEEDED') throw new Error(`the backup before the drill failed: ${backup.error}: ${backup.cause}`);
    const before = await drillLeftovers(world.config, o.clients, world.zoneId);
    const all = (l: typeof before) => [...l.instances, ...l.snapshots, ...l.records];

    out.line(`\n  the drill (state-machines/dr-drill.asl.json), execution ${DRILL_REHEARSAL_EXECUTION}`);
    const print = progressPrinter(out, describeDrillStep);
    const execution = await runDrill(world.config, { executionName: DRILL_REHEARSAL_EXECUTION, onEvent: (e) => print(fromLocalEvent(e)) });
    const report = (execution.output ??
      execution.events.findLast((e) => e.type === 'StateExited' && e.state?.name === 'ReportDrill')?.state?.output) as any;
    const summary = report?.report ?? report ?? {};
    const tests: DrillTest[] = summary.tests ?? [];
    out.heading(
      `DR drill of ${db}: ${summary.overallStatus ?? execution.status} in ${execution.transitions} state transitions, ${seconds(execution.durationMs)}`,
    );
    if (tests.length) out.table(DRILL_TABLE_HEADERS, drillTableRows(tests));

    let htmlFile: string | undefined;
    const htmlUri: string | undefined = summary.reportUri?.html;
    if (htmlUri) {
      const [, , bucket, ...key] = htmlUri.split('/');
      const obj = await o.clients(S3Client, world.config.backupRegion).send(new GetObjectCommand({ Bucket: bucket, Key: key.join('/') }));
      htmlFile = o.htmlFile ?? join(tmpdir(), 'muejam-dr-drill-report.html');
      writeFileSync(htmlFile, (await obj.Body?.transformToString('utf-8')) ?? '');
      out.info(`report ${htmlUri} (and .json) in the emulator's S3; the page written to ${htmlFile}`);
    }
    out.line('\n  what the emulator could not show:');
    for (const l of EMULATOR_LIMITS) out.line(`    - ${l}`);

    const after = await drillLeftovers(world.config, o.clients, world.zoneId);
    const leftBehind = all(after).filter((x) => !all(before).includes(x));
    const listed = { instances: after.instances.length, snapshots: after.snapshots.length, records: after.records.length };
    if (leftBehind.length === 0)
      out.ok(
        `the drill left nothing: ${listed.instances} instance(s), ${listed.snapshots} snapshot(s) in both regions and ${listed.records} record(s) listed, the same as before it`,
      );
    else out.fail(`the drill left ${leftBehind.length} resource(s): ${leftBehind.join(', ')}`);
    return { execution, overallStatus: summary.overallStatus ?? 'unknown', tests, htmlFile, leftBehind, listed };
  } finally {
    await world.stop();
    delete process.env[LOCAL_PG_ENDPOINTS_ENV];
    delete process.env[NOT_EXERCISED_ENV];
    // The other sections run with the rehearsal's own deployment again.
    applyLocalEnvironment(o.base, o.endpoint);
  }
}

export const drDrillSection: RehearsalSection = {
  id: 'dr-drill',
  title:
    'DR drill: inventory -> restore + point-in-time restore in the backup region -> SQL checks -> failover rehearsal on the drill record -> RTO/RPO -> teardown -> report',
  async run(ctx): Promise<SectionOutcome> {
    const r = await rehearseDrill({ endpoint: ctx.endpoint, clients: ctx.clients, out: ctx.out, base: ctx.config });
    const ok = r.execution.status === 'SUCCEEDED' && r.overallStatus === 'passed' && r.leftBehind.length === 0;
    return {
      ok,
      summary: [
        ['overall status', r.overallStatus],
        ['tests', r.tests.map((t) => `${t.name} ${t.status}`).join(', ')],
        ['state transitions', String(r.execution.transitions)],
        ['resources left in the emulator', String(r.leftBehind.length)],
        ['HTML report', r.htmlFile ?? '(not written)'],
      ],
    };
  },
};
