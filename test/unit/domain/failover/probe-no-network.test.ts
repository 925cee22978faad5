/**
 * A probe that cannot reach the database (the Lambda is not in its VPC) is no evidence: it never
 * counts as "primary down" (else the primary-down alarm and one more signal would confirm a
 * healthy primary down), and the probe is not even attempted outside the VPC.
 */
import { createServer } from 'node:net';
import { evaluatePrimaryHealth } from '../../../../lambdas/domain/failover/primary-health';
import { LOCAL_RUN_ENV } from '../../../../lambdas/services/local-endpoint-override';
import { PROBE_IN_VPC_ENV, probeConnection, probeHasNetworkPath } from '../../../../lambdas/services/connection-probe';
import { ago, NOW, upSignals } from './fixtures';

const noForce = { force: false, reason: '' };
const notRun = { reachable: false, notRun: true, detail: 'db:5432 not probed: no network path' };

describe('probe without a network path', () => {
  it('counts neither up nor down: the alarm alone cannot confirm an available primary down', () => {
    const v = evaluatePrimaryHealth(
      { ...upSignals(), probe: notRun, alarm: { name: 'a', state: 'ALARM', since: ago(3600) } },
      NOW,
      5,
      noForce,
    );
    expect(v).toMatchObject({ passed: false, confirmedDown: false, downSignals: 1 });
    expect(v.signals[1]).toEqual({ signal: 'connection-probe', down: false, noEvidence: true, evidence: notRun.detail });
    expect(v.evidence).toContain('connection-probe: no evidence (db:5432 not probed');
  });

  it('a stopped primary is still confirmed down by its status and the alarm', () => {
    const v = evaluatePrimaryHealth(
      { status: 'stopped', probe: notRun, alarm: { name: 'a', state: 'ALARM', since: ago(3600) } },
      NOW,
      5,
      noForce,
    );
    expect(v).toMatchObject({ passed: true, confirmedDown: true, downSignals: 2 });
  });

  it('is not attempted outside the VPC (deployed, not attached); attempted when attached or in a local run', async () => {
    const server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const outside = await probeConnection('127.0.0.1', port, 1000, {});
      expect(outside).toMatchObject({ reachable: false, notRun: true });
      expect(outside.detail).toContain("not probed: this Lambda is not attached to the database's VPC");
      expect(await probeConnection('127.0.0.1', port, 1000, { [PROBE_IN_VPC_ENV]: 'true' })).toMatchObject({ reachable: true });
      expect(probeHasNetworkPath({ [LOCAL_RUN_ENV]: 'true' })).toBe(true);
      expect(probeHasNetworkPath({ [PROBE_IN_VPC_ENV]: 'false' })).toBe(false);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
