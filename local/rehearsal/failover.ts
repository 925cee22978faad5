/**
 * Rehearsal section: read replica, replica health and failover (issue #12), on moto.
 *
 * 1. create-replica: a read replica in another AZ (create -> wait -> verify).
 * 2. The primary goes down (stopped; its endpoint answers nothing; primary-down alarm in ALARM).
 * 3. A failover refused: ReplicaLag seeded at 240 s (> 60 s): every guard printed with its
 *    evidence, nothing changed, an alert says why.
 * 4. The failover: lag 2 s; guards -> lock -> fence (deny-all group) -> promote -> DNS record
 *    repointed in moto's Route 53 (shown before and after) -> post-checks (connection, backups on,
 *    a SQL write probe on a real engine with the secret from moto) -> pointer -> page.
 * 5. The backup workflow backs up the new primary, under the database's name.
 *
 * What moto cannot show is said at the end (and covered by workflow tests).
 */
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { formatGuards } from '../../lambdas/domain/failover/guards';
import { writeProbeLine } from '../../lambdas/domain/failover/report';
import { FailoverGuardService } from '../../lambdas/services/failover-guard-service';
import { ReplicaService } from '../../lambdas/services/replica-service';
import { awsClient } from '../../lambdas/runtime/clients';
import { seconds } from '../console/output';
import { listenAs, primaryGoesDown, RECORD, recordValue, seedReplicaLag, stageFailover } from '../failover-world';
import type { RehearsalContext, RehearsalSection, SectionOutcome } from './context';

async function showGuards(ctx: RehearsalContext, input: unknown): Promise<void> {
  const r = await new FailoverGuardService(ctx.config, awsClient).inspect(input);
  for (const line of formatGuards(r.guards).split('\n')) (line.startsWith('PASS') ? ctx.out.ok : ctx.out.fail)(line);
}

async function run(ctx: RehearsalContext): Promise<SectionOutcome> {
  const { out, config, clients } = ctx;
  const db = config.databases[0];
  const rds = clients(RDSClient, config.primaryRegion);
  const stage = await stageFailover(config, clients, db);
  const summary: [string, string][] = [];
  try {
    out.info(`private hosted zone ${stage.zoneId}: ${RECORD} CNAME -> ${await recordValue(clients, stage.zoneId)}`);

    out.heading(`1. create-replica ${db} in ${config.primaryRegion}b`);
    const created = await ctx.runWorkflow({
      aslFile: 'database-replica.asl.json',
      workflow: 'database-replica',
      input: { dbInstanceIdentifier: db },
      executionName: 'create-replica',
    });
    const v = created.output?.verification;
    const replicaOk = created.status === 'SUCCEEDED' && v?.az !== v?.primaryAz;
    (replicaOk ? out.ok : out.fail)(
      `replica ${v?.replicaId} in ${v?.az} (primary in ${v?.primaryAz}), encrypted=${v?.encrypted}, ${v?.replication}`,
    );
    await seedReplicaLag(clients, config.primaryRegion, stage.replicaId, [[240, 3]]);
    const h = await new ReplicaService(config, awsClient).replicaHealth(db);
    out.info(`replica-health: ${JSON.stringify({ healthy: h.healthy, replicaCount: h.replicaCount, bestLagSeconds: h.bestLagSeconds })}`);

    out.heading('2. The primary goes down');
    await primaryGoesDown(config, clients, db);
    const replica = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: stage.replicaId }))).DBInstances![0];
    listenAs(stage, replica.Endpoint!.Address!);
    out.info(
      `${db} stopped; its endpoint answers nothing; primary-down alarm set to ALARM (just now, so it does not count yet: ${stage.settings.confirmMinutes} min needed)`,
    );

    const input = { dbInstanceIdentifier: db, reason: 'rehearsal: primary unreachable' };
    out.heading('3. A failover refused: the replica lags 240 s (seeded ReplicaLag datapoint)');
    await seedReplicaLag(clients, config.primaryRegion, stage.replicaId, [[130, 240]]);
    await showGuards(ctx, input);
    const refused = await ctx.runWorkflow({
      aslFile: 'database-failover.asl.json',
      workflow: 'database-failover',
      input,
      executionName: 'failover-refused',
    });
    const refusedOk = refused.error === 'FailoverRefused' && (await recordValue(clients, stage.zoneId)) === `${db}.cluster.local`;
    (refusedOk ? out.ok : out.fail)(`refused (${refused.error}); ${RECORD} unchanged; nothing promoted`);

    out.heading('4. The failover: lag back to 2 s');
    await seedReplicaLag(clients, config.primaryRegion, stage.replicaId, [[10, 2]]);
    await showGuards(ctx, input);
    const before = await recordValue(clients, stage.zoneId);
    const done = await ctx.runWorkflow({
      aslFile: 'database-failover.asl.json',
      workflow: 'database-failover',
      input,
      executionName: 'failover',
    });
    const after = await recordValue(clients, stage.zoneId);
    const report = done.output?.report;
    const failoverOk = done.status === 'SUCCEEDED' && after === replica.Endpoint!.Address;
    (failoverOk ? out.ok : out.fail)(
      `${RECORD}: ${before} -> ${after} (moto's Route 53); ${done.transitions} transitions, ${seconds(done.durationMs)}`,
    );
    const write = done.output?.postChecks?.writeProbe;
    const writeOk = write?.status === 'passed';
    (writeOk ? out.ok : out.fail)(write ? writeProbeLine(write) : 'write probe: did not run');
    if (report) out.info(`RTO ${report.rtoSeconds} s, RPO ${report.rpoSeconds} s; next: ${report.nextSteps[0]}`);
    for (const w of report?.warnings ?? []) out.warn(`report warning: ${w}`);
    for (const a of await ctx.alerts()) out.info(`alert: ${a.error}: ${a.cause.split('\n')[0].slice(0, 160)}`);

    out.heading('5. The backup workflow backs up the new primary');
    const backup = await ctx.runWorkflow({
      aslFile: 'database-backup.asl.json',
      workflow: 'database-backup',
      input: { dbInstanceIdentifier: db },
      executionName: 'backup-after-failover',
    });
    const snap = backup.output?.backup?.snapshotId
      ? (await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: backup.output.backup.snapshotId }))).DBSnapshots?.[0]
      : undefined;
    const followsOk = backup.status === 'SUCCEEDED' && snap?.DBInstanceIdentifier === stage.replicaId;
    (followsOk ? out.ok : out.fail)(
      `snapshot ${snap?.DBSnapshotIdentifier} of instance ${snap?.DBInstanceIdentifier} (the database's name, the new primary's data)`,
    );

    out.heading('What moto could not show here (workflow tests cover it with mocked AWS answers)');
    for (const gap of [
      "replication status: moto reports no StatusInfos and keeps a promoted replica's source; this rehearsal patches both in moto's answers to what AWS reports",
      'lag: moto never reports ReplicaLag; the datapoints above were put into its CloudWatch',
      'promotion and DNS take no time in moto (no polls); the stuck-promotion budget and a DNS failure after promotion are workflow tests',
      'the deny-all security group and IAM are not checked by moto; the probes reached a local engine (PGlite) standing in for the promoted endpoint, plain on loopback (AWS: TLS with the RDS CA bundle)',
      'the local engine is never a standby, so the write probe could only pass here; a standby or read-only new primary failing it is a workflow test',
    ])
      out.warn(gap);
    summary.push(['replica in another AZ', replicaOk ? 'created and verified' : 'NOT as expected']);
    summary.push(['failover refused for lag', refusedOk ? 'refused, nothing changed' : 'NOT as expected']);
    summary.push(['failover', failoverOk ? `DNS repointed, RTO ${report?.rtoSeconds} s, RPO ${report?.rpoSeconds} s` : 'NOT as expected']);
    summary.push(['write probe of the new primary', writeOk ? 'out of recovery, took a write' : 'NOT as expected']);
    summary.push(['backup after failover', followsOk ? `new primary ${snap?.DBInstanceIdentifier}` : 'NOT as expected']);
    return { ok: replicaOk && refusedOk && failoverOk && writeOk && followsOk, summary };
  } finally {
    await stage.close();
  }
}

export const failoverSection: RehearsalSection = {
  id: 'failover',
  title: 'Read replica in another AZ, replica health, failover (refused, then done) and backups following the new primary',
  run,
};
