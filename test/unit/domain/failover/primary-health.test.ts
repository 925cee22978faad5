import fc from 'fast-check';
import {
  DOWN_STATUSES,
  evaluatePrimaryHealth,
  judgeSignals,
  type PrimarySignals,
} from '../../../../lambdas/domain/failover/primary-health';
import { ago, downSignals, NOW, upSignals } from './fixtures';

const noForce = { force: false, reason: '' };

describe('primary really unhealthy: more than one signal', () => {
  it('passes when all three signals say down', () => {
    const v = evaluatePrimaryHealth(downSignals(), NOW, 5, noForce);
    expect(v).toMatchObject({ passed: true, confirmedDown: true, forced: false, downSignals: 3 });
    expect(v.evidence).toMatch(/^primary down on 3 of 3 signals; status: DOWN \(status stopped \(not serving\)\); connection-probe: DOWN/);
  });

  it('refuses on one signal alone (a failed probe from a degraded zone is not enough)', () => {
    const v = evaluatePrimaryHealth({ ...upSignals(), probe: { reachable: false, detail: 'timeout after 3000 ms' } }, NOW, 5, noForce);
    expect(v).toMatchObject({ passed: false, confirmedDown: false, downSignals: 1 });
    expect(v.evidence).toContain('1 of 3 signals down, 2 needed (or force with a reason)');
  });

  it('passes on two signals (status and probe) while the alarm has not been held long enough', () => {
    const v = evaluatePrimaryHealth(downSignals({ alarm: { name: 'a', state: 'ALARM', since: ago(60) } }), NOW, 5, noForce);
    expect(v).toMatchObject({ passed: true, downSignals: 2 });
    expect(v.signals[2]).toEqual({ signal: 'primary-down-alarm', down: false, evidence: 'a in ALARM for 1 min (< 5 min needed)' });
  });

  it('the alarm counts once held for confirmMinutes exactly', () => {
    const s = judgeSignals({ ...upSignals(), alarm: { name: 'a', state: 'ALARM', since: ago(300) } }, NOW, 5);
    expect(s[2]).toEqual({ signal: 'primary-down-alarm', down: true, evidence: 'a in ALARM for 5 min (>= 5 min needed)' });
    expect(judgeSignals({ ...upSignals(), alarm: { name: 'a', state: 'ALARM', since: ago(299) } }, NOW, 5)[2].down).toBe(false);
  });

  it('an alarm in ALARM without a time, OK, INSUFFICIENT_DATA or missing does not count', () => {
    for (const alarm of [
      { name: 'a', state: 'ALARM' as const },
      { name: 'a', state: 'OK' as const, since: ago(9999) },
      { name: 'a', state: 'INSUFFICIENT_DATA' as const, since: ago(9999) },
      { name: 'a', state: 'missing' as const },
    ]) {
      expect(judgeSignals({ ...upSignals(), alarm }, NOW, 0)[2].down).toBe(false);
    }
    expect(judgeSignals({ ...upSignals(), alarm: { name: 'a', state: 'OK', since: ago(1) } }, NOW, 0)[2].evidence).toBe('a is OK');
  });

  it('status: every not-serving status counts as down, serving ones do not', () => {
    for (const status of DOWN_STATUSES) expect(judgeSignals({ ...upSignals(), status }, NOW, 5)[0].down).toBe(true);
    for (const status of ['available', 'backing-up', 'modifying', 'rebooting', 'upgrading']) {
      expect(judgeSignals({ ...upSignals(), status }, NOW, 5)[0]).toEqual({
        signal: 'status',
        down: false,
        evidence: `status ${status} (serving)`,
      });
    }
  });

  it('force with a reason passes a healthy primary and says so; force without a reason does not', () => {
    const forced = evaluatePrimaryHealth(upSignals(), NOW, 5, { force: true, reason: ' planned AZ evacuation ' });
    expect(forced).toMatchObject({ passed: true, forced: true, confirmedDown: false });
    expect(forced.evidence).toContain('FORCED by the operator ("planned AZ evacuation") with 0 of 3 signals down');
    expect(evaluatePrimaryHealth(upSignals(), NOW, 5, { force: true, reason: '   ' }).passed).toBe(false);
    expect(evaluatePrimaryHealth(upSignals(), NOW, 5, { force: false, reason: 'why' }).passed).toBe(false);
  });

  it('a confirmed-down primary is not reported as forced', () => {
    expect(evaluatePrimaryHealth(downSignals(), NOW, 5, { force: true, reason: 'x' }).forced).toBe(false);
  });

  it('property: passes exactly when at least two signals are down, or force has a non-blank reason', () => {
    const signals = fc.record({
      status: fc.constantFrom('available', 'stopped', 'failed', 'backing-up', 'not-found', 'storage-full'),
      reachable: fc.boolean(),
      alarmState: fc.constantFrom('ALARM', 'OK', 'INSUFFICIENT_DATA', 'missing'),
      heldSeconds: fc.integer({ min: 0, max: 3600 }),
      confirm: fc.integer({ min: 0, max: 60 }),
      force: fc.boolean(),
      reason: fc.constantFrom('', ' ', 'AZ outage'),
    });
    fc.assert(
      fc.property(signals, (x) => {
        const s: PrimarySignals = {
          status: x.status,
          probe: { reachable: x.reachable, detail: '' },
          alarm: { name: 'a', state: x.alarmState as PrimarySignals['alarm']['state'], since: ago(x.heldSeconds) },
        };
        const down =
          Number(DOWN_STATUSES.has(x.status)) + Number(!x.reachable) + Number(x.alarmState === 'ALARM' && x.heldSeconds >= x.confirm * 60);
        const v = evaluatePrimaryHealth(s, NOW, x.confirm, { force: x.force, reason: x.reason });
        expect(v.downSignals).toBe(down);
        expect(v.passed).toBe(down >= 2 || (x.force && x.reason.trim() !== ''));
      }),
    );
  });
});
