import { isoWeek, regionRoleFor, restoreTestInstanceName, scheduledRegionModes } from '../../../../lambdas/domain/restore-test/names';

describe('restoreTestInstanceName', () => {
  it('is <prefix>-rt-<db>-<yyyymmdd>', () => {
    expect(restoreTestInstanceName('muejam', 'muejam-db-prod', new Date('2026-12-06T04:00:00Z'))).toBe('muejam-rt-muejam-db-prod-20261206');
  });
  it('shortens a long database name to fit 63 characters without a trailing hyphen', () => {
    const name = restoreTestInstanceName('muejam', `a${'-b'.repeat(40)}`, new Date('2026-12-06T04:00:00Z'));
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^muejam-rt-a(-b)+-20261206$/);
  });
  it('refuses a prefix that leaves no room', () => {
    expect(() => restoreTestInstanceName('p'.repeat(60), 'db', new Date())).toThrow(/^snapshotPrefix: /);
  });
});

describe('region choice', () => {
  it('alternates by ISO week', () => {
    expect(isoWeek(new Date('2026-12-06T04:00:00Z'))).toBe(49);
    expect(isoWeek(new Date('2027-01-01T00:00:00Z'))).toBe(53);
    expect(regionRoleFor('alternate', new Date('2026-12-06T04:00:00Z'))).toBe('backup');
    expect(regionRoleFor('alternate', new Date('2026-12-13T04:00:00Z'))).toBe('primary');
    expect(regionRoleFor('primary', new Date())).toBe('primary');
    expect(regionRoleFor('backup', new Date())).toBe('backup');
  });
  it('refuses both and anything else as a run region', () => {
    expect(() => regionRoleFor('both', new Date())).toThrow(/^region: "both" is not allowed/);
    expect(() => regionRoleFor('eu-west-1', new Date())).toThrow(/^region: /);
  });
  it('makes two scheduled runs for both', () => {
    expect(scheduledRegionModes('both')).toEqual(['primary', 'backup']);
    expect(scheduledRegionModes('alternate')).toEqual(['alternate']);
  });
});
