import fc from 'fast-check';
import { fencingPlan } from '../../../../lambdas/domain/failover/fencing';
import { type HolderStatus, lockDecision } from '../../../../lambdas/domain/failover/lock';
import { primary } from './fixtures';

const DENY = 'sg-00000000000000000';

describe('fencing plan', () => {
  it('security-group: swaps every group for the deny-all group before promotion, nothing after', () => {
    const p = primary({ securityGroupIds: ['sg-0123456789abcdef0', 'sg-11111111'] });
    expect(fencingPlan('security-group', 'before-promotion', p, DENY)).toEqual({
      action: 'swap-security-groups',
      instanceId: 'muejam-db-prod',
      from: ['sg-0123456789abcdef0', 'sg-11111111'],
      to: [DENY],
      note: `replace sg-0123456789abcdef0, sg-11111111 with deny-all ${DENY}`,
    });
    expect(fencingPlan('security-group', 'after-promotion', p, DENY)).toEqual({
      action: 'nothing',
      note: 'security-group fencing runs before-promotion',
    });
  });

  it('security-group: run twice is a no-op (already only the deny-all group)', () => {
    expect(fencingPlan('security-group', 'before-promotion', primary({ securityGroupIds: [DENY] }), DENY)).toMatchObject({
      action: 'nothing',
    });
    expect(fencingPlan('security-group', 'before-promotion', primary({ securityGroupIds: [DENY, 'sg-11111111'] }), DENY)).toMatchObject({
      action: 'swap-security-groups',
    });
    expect(fencingPlan('security-group', 'before-promotion', primary({ securityGroupIds: [] }), DENY)).toMatchObject({
      action: 'swap-security-groups',
      note: `replace (none) with deny-all ${DENY}`,
    });
  });

  it('security-group without a deny-all group is a configuration error, never a silent skip', () => {
    expect(() => fencingPlan('security-group', 'before-promotion', primary(), undefined)).toThrow(/deny-all security group id/);
  });

  it('stop: after promotion only (AWS refuses to stop an instance that has a read replica)', () => {
    expect(fencingPlan('stop', 'before-promotion', primary(), undefined)).toEqual({
      action: 'nothing',
      note: 'stop fencing runs after-promotion',
    });
    expect(fencingPlan('stop', 'after-promotion', primary(), undefined)).toEqual({
      action: 'stop',
      instanceId: 'muejam-db-prod',
      note: 'stop muejam-db-prod',
    });
  });

  it('an instance already not serving needs no fencing (re-run, or the primary is gone)', () => {
    for (const status of ['stopped', 'stopping', 'not-found', 'failed', 'deleting']) {
      const plan = fencingPlan('stop', 'after-promotion', primary({ status }), undefined);
      expect(plan).toEqual({ action: 'nothing', note: `muejam-db-prod is ${status}: already serving no connections` });
      expect(fencingPlan('security-group', 'before-promotion', primary({ status }), DENY)).toMatchObject({ action: 'nothing' });
    }
  });

  it('a status in which RDS accepts no change: nothing, with a warning to fence by hand', () => {
    const plan = fencingPlan('security-group', 'before-promotion', primary({ status: 'rebooting' }), DENY);
    expect(plan).toMatchObject({
      action: 'nothing',
      warning: 'could not fence muejam-db-prod (status rebooting); fence it by hand once RDS accepts changes',
    });
    for (const status of ['available', 'backing-up', 'modifying', 'storage-optimization', 'configuring-enhanced-monitoring']) {
      expect(fencingPlan('stop', 'after-promotion', primary({ status }), undefined).action).toBe('stop');
    }
  });

  it('none: nothing, with a warning before promotion', () => {
    expect(fencingPlan('none', 'before-promotion', primary(), undefined)).toEqual({
      action: 'nothing',
      note: 'fencing is off',
      warning: 'fencing is off (muejam.failover.fencing=none): muejam-db-prod may still accept writes from open connections',
    });
    expect(fencingPlan('none', 'after-promotion', primary(), undefined)).toEqual({ action: 'nothing', note: 'fencing is off' });
  });
});

describe('failover lock decision', () => {
  const held = { holder: 'arn:exec:a', since: '2026-12-03T03:00:00Z' };
  it('acquires a free lock and keeps its own (a retried step)', () => {
    expect(lockDecision(undefined, 'arn:exec:b', 'unknown')).toEqual({ action: 'acquire' });
    expect(lockDecision(held, 'arn:exec:a', 'RUNNING')).toEqual({ action: 'keep' });
  });
  it('refuses while the holder runs, or when its status is unknown', () => {
    for (const s of ['RUNNING', 'unknown', 'PENDING_REDRIVE'] as HolderStatus[]) {
      const d = lockDecision(held, 'arn:exec:b', s);
      expect(d.action).toBe('refuse');
      expect((d as { note: string }).note).toBe(
        `a failover of this database is already running: arn:exec:a (since 2026-12-03T03:00:00Z, status ${s}); nothing was changed`,
      );
    }
  });
  it('takes over a lock left by an ended execution, expecting that holder', () => {
    for (const s of ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'NOT_FOUND'] as HolderStatus[]) {
      expect(lockDecision(held, 'arn:exec:b', s)).toMatchObject({ action: 'take-over', expectHolder: 'arn:exec:a' });
    }
  });
  it('property: never lets two different executions hold while the first runs', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        expect(lockDecision({ holder: a, since: 't' }, b, 'RUNNING').action).toBe('refuse');
      }),
    );
  });
});
