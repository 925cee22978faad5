/**
 * DR drill benchmark (issue 13): the `npm start` drill (local/rehearsal/dr-drill.ts) on a fresh
 * moto_server with the real PostgreSQL engine, end to end: state transitions (a count, the same
 * on every machine), the wall time against the 60 s goal as a ratio (indicative: 2 shared cores,
 * moto and PGlite on the same machine), and the resources it left (must be 0).
 */
import { makeClientFactory } from '../lambdas/runtime/clients';
import type { Output } from '../local/console/output';
import { localRuntimeConfig } from '../local/local-environment';
import { startMotoServer } from '../local/moto-server';
import { rehearseDrill } from '../local/rehearsal/dr-drill';
import { seedWorld } from '../local/seed-world';
import { applyLocalEnvironment } from '../local/local-environment';
import type { BenchRow } from './types';

const GOAL_S = 60;
const quiet: Output = { heading() {}, line() {}, ok() {}, fail() {}, info() {}, warn() {}, table() {} };

export async function runDrDrillBench(): Promise<BenchRow[]> {
  const moto = await startMotoServer();
  try {
    const config = localRuntimeConfig({ deploymentId: 'bench' });
    const clients = makeClientFactory({ endpoint: moto.endpoint });
    applyLocalEnvironment(config, moto.endpoint);
    await seedWorld(config, clients);
    const started = Date.now();
    const r = await rehearseDrill({ endpoint: moto.endpoint, clients, out: quiet, base: config });
    const wallS = (Date.now() - started) / 1000;
    if (r.execution.status !== 'SUCCEEDED' || r.overallStatus !== 'passed')
      throw new Error(`dr-drill bench: the drill did not pass: ${r.execution.error}: ${r.execution.cause}`);
    const retries = r.execution.events.filter((e) => e.type === 'StateRetried').length;
    const drillS = r.execution.durationMs / 1000;
    return [
      {
        benchmark: 'dr-drill',
        metric: 'clean drill transitions',
        value: r.execution.transitions,
        unit: 'transitions',
        detail: `${r.execution.transitions - retries} states + ${retries} retries; 4 parts + teardown + report; instances available at the first look (as on moto); each NotReady poll on AWS adds 1`,
      },
      {
        benchmark: 'dr-drill',
        metric: 'local drill wall time / goal',
        value: Number((wallS / GOAL_S).toFixed(3)),
        unit: 'x 60 s',
        detail: `goal < 1; ${wallS.toFixed(1)} s with its world (PGlite start, backups in both regions), the drill execution itself ${drillS.toFixed(1)} s (indicative: 2 shared cores)`,
      },
      {
        benchmark: 'dr-drill',
        metric: 'resources left after the drill',
        value: r.leftBehind.length,
        unit: 'resources',
        detail: `instances and snapshots of both regions and the zone's records listed before and after (${r.listed.instances} + ${r.listed.snapshots} + ${r.listed.records} after)`,
      },
    ];
  } finally {
    await moto.stop();
  }
}
