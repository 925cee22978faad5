import { dataAge, rtoFigures } from '../../../../lambdas/domain/restore-test/figures';

const times = { restoreRequestedAt: '2026-12-06T04:00:00Z', availableAt: '2026-12-06T04:20:00Z', checksFinishedAt: '2026-12-06T04:20:30Z' };

describe('rtoFigures', () => {
  it('measures RTO and projects the restore linearly to 100 GiB', () => {
    const f = rtoFigures(times, 20, 4);
    expect(f).toEqual({
      restoreSeconds: 1200,
      checkSeconds: 30,
      rtoSeconds: 1230,
      allocatedStorageGiB: 20,
      throughputGiBPerHour: 60,
      projected100GiBRtoSeconds: 6030,
      rtoTargetSeconds: 14400,
      projectedWithinTarget: true,
    });
  });
  it('never projects below the measured restore for a database above 100 GiB', () => {
    expect(rtoFigures(times, 400, 4).projected100GiBRtoSeconds).toBe(1230);
  });
  it('says when the projection exceeds the target', () => {
    const f = rtoFigures(times, 5, 4); // 1200 s * 20 = 24000 s > 14400 s
    expect(f.projected100GiBRtoSeconds).toBe(24030);
    expect(f.projectedWithinTarget).toBe(false);
  });
  it('refuses bad inputs naming the field', () => {
    expect(() => rtoFigures({ ...times, availableAt: 'x' }, 20, 4)).toThrow(/^availableAt: /);
    expect(() => rtoFigures(times, 0, 4)).toThrow(/^allocatedStorageGiB: /);
    expect(() => rtoFigures(times, 20, 0)).toThrow(/^rtoHours: /);
  });
  it('reports zero throughput for an instant restore (emulator)', () => {
    expect(rtoFigures({ ...times, availableAt: times.restoreRequestedAt }, 20, 4).throughputGiBPerHour).toBe(0);
  });
});

describe('dataAge', () => {
  it('is the backup time minus the newest write', () => {
    expect(dataAge(new Date('2026-12-06T03:55:00Z'), new Date('2026-12-06T04:00:00Z'))).toEqual({
      dataAgeSeconds: 300,
      newestWrite: '2026-12-06T03:55:00.000Z',
      backupCreatedAt: '2026-12-06T04:00:00.000Z',
      skewed: false,
    });
  });
  it('reports a write after the backup time as skew with age 0', () => {
    expect(dataAge(new Date('2026-12-06T04:00:05Z'), new Date('2026-12-06T04:00:00Z'))).toMatchObject({ dataAgeSeconds: 0, skewed: true });
  });
});
