/** Failover guard rules found unpinned by mutation testing (docs/CONTRIBUTING.md "Mutation testing"). */
import { evaluateFailoverGuards, FAILOVER_EXECUTION_TAG, PROMOTED_FROM_TAG } from '../../../../lambdas/domain/failover/guards';
import { evaluateLag, newestFreshDatapoint } from '../../../../lambdas/domain/failover/lag';
import { ago, downSignals, NOW, primary, replica } from './fixtures';

describe('resuming after promotion', () => {
  const promoted = replica({
    sourceId: undefined,
    replication: undefined,
    tags: { ...replica().tags, [PROMOTED_FROM_TAG]: 'muejam-db-prod', [FAILOVER_EXECUTION_TAG]: 'exec-1' },
  });
  const out = () =>
    evaluateFailoverGuards(
      {
        database: 'muejam-db-prod',
        deploymentId: 'prod',
        primary: primary(),
        primarySignals: downSignals(),
        target: promoted,
        targetId: promoted.id,
        lag: [],
        now: NOW,
      },
      { maxLagSeconds: 60, confirmMinutes: 5 },
      { force: false, reason: '' },
    );

  it('records the promotion by this deployment as a passed guard, with its evidence', () => {
    expect(out().decision).toBe('resume-after-promotion');
    expect(out().guards).toEqual([
      expect.objectContaining({ guard: 'target-owned-by-deployment', passed: true }),
      {
        guard: 'promoted-by-this-deployment',
        passed: true,
        evidence:
          'muejam-db-prod-replica is standalone, tagged muejam:promoted-from=muejam-db-prod by execution exec-1: resuming after promotion',
      },
    ]);
  });

  it('is never a forced failover (force was not asked for, and the promotion already happened)', () => {
    expect(out().forced).toBe(false);
  });
});

describe('replica lag evidence', () => {
  it('a fresh datapoint of 0 s (fully caught up) is evidence, not a missing value', () => {
    expect(newestFreshDatapoint([{ timestamp: ago(30), value: 0 }], NOW)).toEqual({ timestamp: ago(30), value: 0 });
    expect(evaluateLag([{ timestamp: ago(30), value: 0 }], NOW, 60)).toMatchObject({ ok: true, lagSeconds: 0 });
  });

  it('a negative lag is not a datapoint', () => {
    expect(newestFreshDatapoint([{ timestamp: ago(30), value: -1 }], NOW)).toBeUndefined();
  });
});
