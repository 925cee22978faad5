import {
  newestVerified,
  pitrLagSeconds,
  regionRpo,
  rpoHoursFor,
  rpoPoints,
  rpoReport,
  validateRpoHours,
} from '../../../../lambdas/domain/metrics/rpo';

const now = new Date('2026-11-24T12:00:00Z');
const h = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3600_000);

describe('RPO', () => {
  const candidates = [
    { id: 'old-verified', region: 'us-east-1', status: 'available', recoveryPointTime: h(13), verifiedAt: h(12.5).toISOString() },
    { id: 'newer-verified', region: 'us-east-1', status: 'available', recoveryPointTime: h(7), verifiedAt: h(6.5).toISOString() },
    { id: 'newest-unverified', region: 'us-east-1', status: 'available', recoveryPointTime: h(1) },
    { id: 'verified-but-deleting', region: 'us-east-1', status: 'deleting', recoveryPointTime: h(0.5), verifiedAt: h(0.4).toISOString() },
    { id: 'being-created', region: 'us-east-1', status: 'creating', recoveryPointTime: undefined, verifiedAt: 'x' },
  ];

  it('takes the newest verified, available backup by recovery point time', () => {
    expect(newestVerified(candidates)).toEqual({
      snapshotId: 'newer-verified',
      recoveryPointTime: h(7).toISOString(),
      verifiedAt: h(6.5).toISOString(),
    });
    expect(newestVerified([])).toBeUndefined();
  });

  it('reports the age and breach against the RPO (strictly greater breaches)', () => {
    expect(regionRpo({ region: 'us-east-1', role: 'primary', candidates, now, rpoHours: 6 })).toMatchObject({
      ageSeconds: 7 * 3600,
      status: 'breached',
    });
    expect(regionRpo({ region: 'us-east-1', role: 'primary', candidates, now, rpoHours: 7 })).toMatchObject({ status: 'ok' });
    expect(regionRpo({ region: 'us-west-2', role: 'backup', candidates: [], now, rpoHours: 6 })).toEqual({
      region: 'us-west-2',
      role: 'backup',
      newest: null,
      ageSeconds: null,
      status: 'no-verified-backup',
    });
  });

  it('PITR lag is now - LatestRestorableTime, never negative', () => {
    expect(pitrLagSeconds(new Date(now.getTime() - 300_000), now)).toBe(300);
    expect(pitrLagSeconds(new Date(now.getTime() + 5_000), now)).toBe(0);
    expect(pitrLagSeconds(undefined, now)).toBeNull();
  });

  it('publishes an age per resource and region with a verified backup, and the PITR lag; nothing for a region without one', () => {
    const report = rpoReport({
      checkedAt: now,
      rpoHours: 6,
      resources: [
        {
          resource: 'db',
          kind: 'database',
          rpoHours: 6,
          pitrLagSeconds: 240,
          regions: [
            regionRpo({ region: 'us-east-1', role: 'primary', candidates, now, rpoHours: 6 }),
            regionRpo({ region: 'us-west-2', role: 'backup', candidates: [], now, rpoHours: 6 }),
          ],
        },
      ],
    });
    expect(report.compliant).toBe(false);
    expect(rpoPoints(report).map((p) => [p.metric.name, p.value, p.dimensions, p.timestamp?.toISOString()])).toEqual([
      ['NewestVerifiedBackupAge', 25200, { Resource: 'db', Region: 'us-east-1' }, now.toISOString()],
      ['PitrLag', 240, { Resource: 'db' }, now.toISOString()],
    ]);
  });

  it('is compliant only when every region of every resource is ok', () => {
    const ok = regionRpo({ region: 'a', role: 'primary', candidates, now, rpoHours: 8 });
    expect(
      rpoReport({
        checkedAt: now,
        rpoHours: 8,
        resources: [{ resource: 'x', kind: 'database', rpoHours: 8, pitrLagSeconds: null, regions: [ok, ok] }],
      }).compliant,
    ).toBe(true);
  });

  it('holds caches (backed up daily) to at least 26 h, databases to the configured RPO', () => {
    expect(rpoHoursFor('database', 6)).toBe(6);
    expect(rpoHoursFor('cache', 6)).toBe(26);
    expect(rpoHoursFor('cache', 48)).toBe(48);
  });

  it('validates the RPO hours', () => {
    expect(validateRpoHours('6')).toBe(6);
    expect(validateRpoHours(0.25)).toBe(0.25);
    expect(() => validateRpoHours('0')).toThrow('rpoHours: must be a number of hours from 0.25 to 168');
    expect(() => validateRpoHours('six', 'env RPO_HOURS')).toThrow('env RPO_HOURS: must be');
  });
});
