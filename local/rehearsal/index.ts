/**
 * `npm start`: rehearses the real workflows end to end on an embedded AWS
 * (moto_server), printing what happens. Sections register here, in order.
 */
import { makeClientFactory } from '../../lambdas/runtime/clients';
import { createOutput, type Output, seconds } from '../console/output';
import { applyLocalEnvironment, localRuntimeConfig } from '../local-environment';
import { type MotoServer, startMotoServer } from '../moto-server';
import { seedWorld } from '../seed-world';
import { makeContext, type RehearsalSection } from './context';
import { databaseBackupSection } from './database-backup';
import { databaseRestoreSection } from './database-restore';
import { drDrillSection } from './dr-drill';
import { failoverSection } from './failover';
import { retentionSection } from './retention';
import { metricsCaptureSection, observabilitySection } from './observability';
import { redisSection } from './redis';
import { restoreTestSection } from './restore-test';

export const SECTIONS: RehearsalSection[] = [
  metricsCaptureSection,
  databaseBackupSection,
  retentionSection,
  redisSection,
  restoreTestSection,
  databaseRestoreSection,
  observabilitySection,
  drDrillSection,
  // Last: it stops the primary and repoints its DNS record.
  failoverSection,
];

export interface RehearsalOptions {
  /** Use this emulator instead of starting moto_server (AWS_ENDPOINT_URL). */
  endpoint?: string;
  /** Run only the sections with these ids. */
  only?: string[];
  out?: Output;
}

/** Runs the rehearsal; resolves true when every section succeeded. */
export async function rehearse(o: RehearsalOptions = {}): Promise<boolean> {
  const out = o.out ?? createOutput();
  const started = Date.now();
  let moto: MotoServer | undefined;
  let endpoint = o.endpoint;
  if (endpoint) {
    out.line(`Using the emulator at ${endpoint} (AWS_ENDPOINT_URL); not starting moto_server.`);
  } else {
    out.line('Starting the embedded AWS emulator (moto_server) on a free loopback port...');
    moto = await startMotoServer();
    endpoint = moto.endpoint;
    out.line(`moto_server is up at ${endpoint}; every AWS call below goes there, none to AWS.`);
  }
  try {
    const run = Date.now().toString(36);
    // Against an emulator of yours (AWS_ENDPOINT_URL), which may already hold muejam-db-prod (an earlier run, or
    // what you seeded for the CLI): this run's own names, so it runs any number of times and touches nothing else.
    const ownNames = o.endpoint ? { databases: [`muejam-db-${run}`], redisGroups: [`muejam-redis-${run}`] } : {};
    const config = localRuntimeConfig({ deploymentId: `rehearsal-${run}`, ...ownNames });
    applyLocalEnvironment(config, endpoint);
    const clients = makeClientFactory({ endpoint });
    out.heading('Setting the stage');
    if (o.endpoint) out.info(`this run's own names (deployment ${config.deploymentId}): nothing else in the emulator is touched`);
    const world = await seedWorld(config, clients);
    out.info(`RDS instance ${config.databases.join(', ')} (PostgreSQL 15, encrypted with its own CMK) in ${config.primaryRegion}`);
    out.info(`backup-region CMK ${config.backupKmsKeyAlias} in ${config.backupRegion} (what the backup-region stack deploys)`);
    out.info(`alert topic ${world.alertTopicArn}, with a capture queue so this rehearsal can show every alert`);
    const ctx = makeContext({ endpoint, config, clients, world, out });

    const sections = SECTIONS.filter((s) => !o.only?.length || o.only.includes(s.id));
    const results: { section: RehearsalSection; ok: boolean; summary: [string, string][] }[] = [];
    for (const section of sections) {
      out.heading(section.title);
      try {
        const r = await section.run(ctx);
        results.push({ section, ...r });
      } catch (err) {
        out.fail(`section crashed: ${(err as Error).stack ?? err}`);
        results.push({ section, ok: false, summary: [] });
      }
    }

    out.heading('Summary');
    for (const r of results) {
      (r.ok ? out.ok : out.fail)(`${r.section.id}: ${r.ok ? 'as expected' : 'NOT as expected'}`);
      for (const [k, v] of r.summary) out.line(`      ${k.padEnd(36)} ${v}`);
    }
    const ok = results.length > 0 && results.every((r) => r.ok);
    out.line(`\nRehearsal ${ok ? 'succeeded' : 'FAILED'} in ${seconds(Date.now() - started)}.`);
    return ok;
  } finally {
    if (moto) {
      await moto.stop();
      out.line('moto_server stopped.');
    }
  }
}
