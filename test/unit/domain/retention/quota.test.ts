import { assessManualSnapshotQuota } from '../../../../lambdas/domain/retention/quota';

const quotas = (used: number, max: number) => [
  { AccountQuotaName: 'DBInstances', Used: 3, Max: 40 },
  { AccountQuotaName: 'ManualSnapshots', Used: used, Max: max },
];

describe('manual snapshot quota headroom', () => {
  it('reports headroom and percentage below the threshold', () => {
    expect(assessManualSnapshotQuota(quotas(40, 100), 'eu-west-1')).toMatchObject({
      region: 'eu-west-1',
      used: 40,
      max: 100,
      headroom: 60,
      usedPercent: 40,
      alert: false,
      alertAtPercent: 80,
    });
  });

  it.each([
    [79, 100, false],
    [80, 100, true],
    [99, 100, true],
    [100, 100, true],
    [79, 99, false], // 79.79 %
    [80, 99, true], // 80.8 %
  ])('%i of %i: alert %s (at 80 %%)', (used, max, alert) => {
    const q = assessManualSnapshotQuota(quotas(used, max), 'eu-west-1');
    expect(q.alert).toBe(alert);
    expect(q.message).toMatch(alert ? /at or above the 80% alert threshold/ : /headroom/);
  });

  it('never reports negative headroom when usage is above the maximum', () => {
    expect(assessManualSnapshotQuota(quotas(105, 100), 'eu-west-1')).toMatchObject({ headroom: 0, usedPercent: 105, alert: true });
  });

  it('takes another threshold', () => {
    expect(assessManualSnapshotQuota(quotas(60, 100), 'eu-west-1', 0.5).alert).toBe(true);
  });

  it.each([
    [undefined, 'eu-west-1', 0.8, /AccountQuotas: must be the array/],
    [[{ AccountQuotaName: 'DBInstances', Used: 1, Max: 2 }], 'eu-west-1', 0.8, /AccountQuotas: must contain a ManualSnapshots entry/],
    [[{ AccountQuotaName: 'ManualSnapshots', Max: 100 }], 'eu-west-1', 0.8, /ManualSnapshots\.Used: must be a whole number >= 0/],
    [[{ AccountQuotaName: 'ManualSnapshots', Used: 1, Max: 0 }], 'eu-west-1', 0.8, /ManualSnapshots\.Max: must be a whole number > 0/],
    [quotas(1, 2), 'eu-west-1', 1.5, /alertAtRatio: must be a number greater than 0 and at most 1/],
  ])('rejects %j with the field named', (q, region, ratio, msg) => {
    expect(() => assessManualSnapshotQuota(q as never, region, ratio)).toThrow(msg);
  });
});
