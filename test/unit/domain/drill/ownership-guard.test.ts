import { assertDrillOwned, drillDnsProblem, whyNotDrillOwned } from '../../../../lambdas/domain/drill/ownership-guard';
import { drillHash, drillInstanceName, drillInstanceNames } from '../../../../lambdas/domain/drill/drill-names';

const ID = { deploymentId: 'prod', drillId: 'drill-20260104T0500Z', protectedDatabases: ['muejam-db-prod'] };
const TAGS = {
  'muejam:managed-by': 'muejam-backup-dr',
  'muejam:deployment': 'prod',
  'muejam:purpose': 'dr-drill',
  'muejam:execution': 'drill-20260104T0500Z',
};

describe('drill ownership guard', () => {
  it("accepts this drill's own resource", () => {
    expect(whyNotDrillOwned('muejam-db-prod-dr1-r', TAGS, ID)).toBeUndefined();
    expect(() => assertDrillOwned('delete', 'muejam-db-prod-dr1-r', TAGS, ID)).not.toThrow();
  });
  it.each([
    ['muejam:managed-by', 'someone', 'is not made by this system'],
    ['muejam:deployment', 'staging', 'belongs to deployment "staging", not "prod"'],
    ['muejam:purpose', 'restore', 'is not a drill resource (muejam:purpose is "restore", not "dr-drill")'],
    ['muejam:execution', 'drill-20251005T0500Z', 'belongs to drill "drill-20251005T0500Z", not this drill'],
  ])('refuses when %s is %p', (key, value, why) => {
    expect(whyNotDrillOwned('x', { ...TAGS, [key]: value }, ID)).toContain(why);
  });
  it.each(['muejam:managed-by', 'muejam:deployment', 'muejam:purpose', 'muejam:execution'])('refuses when %s is missing', (key) => {
    const tags: Record<string, string> = { ...TAGS };
    delete tags[key];
    expect(whyNotDrillOwned('x', tags, ID)).toContain('null');
  });
  it('never touches a protected database, whatever its tags say (any case)', () => {
    expect(whyNotDrillOwned('MUEJAM-DB-PROD', TAGS, ID)).toBe('MUEJAM-DB-PROD is a database this deployment protects');
  });
  it('compares the execution tag as Step Functions stores it (first 256 characters)', () => {
    const long = 'd'.repeat(300);
    expect(whyNotDrillOwned('x', { ...TAGS, 'muejam:execution': long.slice(0, 256) }, { ...ID, drillId: long })).toBeUndefined();
  });
  it('refuses with PreconditionFailed naming the action and that nothing changed', () => {
    expect(() => assertDrillOwned('delete', 'x', {}, ID)).toThrow(
      expect.objectContaining({
        name: 'PreconditionFailed',
        message: expect.stringMatching(/^refusing to delete x: .*only resources this drill created are changed$/),
      }),
    );
  });
});

describe('drill DNS record', () => {
  const prod = { hostedZoneId: 'Z1', recordName: 'db.muejam.internal' };
  it('refuses the production record, however it is written', () => {
    expect(drillDnsProblem({ hostedZoneId: 'Z1', recordName: 'DB.muejam.internal.' }, prod)).toBe(
      'the drill DNS record db.muejam.internal is the production record; a drill must use its own record',
    );
  });
  it('refuses a missing or empty record', () => {
    expect(drillDnsProblem(undefined, prod)).toContain('no drill DNS record is configured');
    expect(drillDnsProblem({ hostedZoneId: 'Z1', recordName: ' ' }, prod)).toBe('the drill DNS record name is empty');
  });
  it('accepts its own record (with or without a production record)', () => {
    expect(drillDnsProblem({ hostedZoneId: 'Z1', recordName: 'drill.db.muejam.internal' }, prod)).toBeUndefined();
    expect(drillDnsProblem({ hostedZoneId: 'Z1', recordName: 'drill.db.muejam.internal' }, undefined)).toBeUndefined();
  });
});

describe('drill instance names', () => {
  it('are stable per drill, differ between drills and roles, and are valid identifiers', () => {
    const a = drillInstanceNames('muejam-db-prod', 'drill-1');
    expect(a).toEqual(drillInstanceNames('muejam-db-prod', 'drill-1'));
    expect(new Set(Object.values(a)).size).toBe(3);
    expect(a.restore).toBe(`muejam-db-prod-dr${drillHash('drill-1')}-r`);
    expect(drillInstanceName('muejam-db-prod', 'drill-2', 'restore')).not.toBe(a.restore);
  });
  it('fit in 63 characters without a trailing or double hyphen', () => {
    const long = `${'a'.repeat(50)}-${'b'.repeat(12)}`;
    const n = drillInstanceName(long, 'x', 'pitr');
    expect(n.length).toBeLessThanOrEqual(63);
    expect(n).not.toMatch(/--|-$/);
  });
  it('hash is FNV-1a (known value)', () => expect(drillHash('')).toBe('811c9dc5'));
});
