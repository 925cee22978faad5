/**
 * Failover benchmark (issue #12): the real ASL and handlers over the mocked
 * AWS of test/workflow/failover-world.ts, where promotion takes 2 polls and
 * the Route 53 change 1 (moto does both at once).
 *
 * - transitions of a clean failover (goal <= 20), and with an instant promotion;
 * - orchestration overhead after promotion completes, in polls (goal <= 2):
 *   WaitForPromotion polls beyond the ones during which the replica was still
 *   promoting, plus the DNS INSYNC polls;
 * - the write probe's cost: Secrets Manager reads per failover (the probe runs on a real PGlite).
 * Imported lazily: the world mocks the SDK clients of this process.
 */
import type { BenchRow } from './types';

export async function runFailoverBench(): Promise<BenchRow[]> {
  const w = await import('../test/workflow/failover-world');
  await w.startEndpoints();
  try {
    const polls = (r: { events: { type: string; state?: { name: string } }[] }, state: string) =>
      r.events.filter((e) => e.type === 'StateRetried' && e.state?.name === state).length;
    w.setSettings(w.settings);
    w.resetWorld({ promotionPolls: 2, dnsPendingPolls: 1 } as never);
    const r = await w.runFailover(w.FAILOVER_INPUT, 'bench-1');
    if (r.status !== 'SUCCEEDED') throw new Error(`failover bench run failed: ${r.error}: ${r.cause}`);
    const promotionPolls = polls(r, 'WaitForPromotion');
    const overhead = Math.max(0, promotionPolls - 2) + polls(r, 'WaitForDnsInSync');
    if (r.output.postChecks?.writeProbe?.status !== 'passed') throw new Error('failover bench: the write probe did not pass');
    const secretReads = w.secretReads().length;
    w.resetWorld({ promotionPolls: 0, dnsPendingPolls: 0 } as never);
    const instant = await w.runFailover(w.FAILOVER_INPUT, 'bench-2');
    return [
      {
        benchmark: 'failover',
        metric: 'clean failover transitions',
        value: r.transitions,
        unit: 'transitions',
        detail: `goal <= 20; promotion 2 polls, DNS 1 poll; 13 states`,
      },
      {
        benchmark: 'failover',
        metric: 'clean failover transitions, instant promotion',
        value: instant.transitions,
        unit: 'transitions',
        detail: 'as on moto',
      },
      {
        benchmark: 'failover',
        metric: 'orchestration overhead after promotion',
        value: overhead,
        unit: 'polls',
        detail: 'goal <= 2: promotion polls after it completed + DNS INSYNC polls',
      },
      {
        benchmark: 'failover',
        metric: 'write probe secret reads per failover',
        value: secretReads,
        unit: 'GetSecretValue calls',
        detail: 'the post-check reads the configured secret once per run; the write probe passed on PGlite',
      },
    ];
  } finally {
    await w.stopEndpoints();
    for (const m of [w.rds, w.cw, w.ddb, w.sfn, w.r53, w.ssm, w.sns, w.secrets]) m.restore();
  }
}
