import { janitorVerdict, teardownVerdict } from '../../../../lambdas/domain/restore-test/teardown-guard';

const tags = {
  'muejam:managed-by': 'muejam-backup-dr',
  'muejam:deployment': 'prod',
  'muejam:purpose': 'restore-test',
  'muejam:execution': 'exec-1',
};
const target = { instanceId: 'muejam-rt-muejam-db-prod-20261206', deploymentId: 'prod', prefix: 'muejam', execution: 'exec-1' };
const mine = { identifier: target.instanceId, status: 'available', tags };

describe('teardownVerdict: only the instance this run created', () => {
  it('deletes the planned, tagged instance of this execution', () => {
    expect(teardownVerdict(target, mine)).toEqual({ action: 'delete', reason: expect.stringContaining('name and tags checked') });
  });
  it('is a no-op when the instance does not exist', () => {
    expect(teardownVerdict(target, undefined).action).toBe('absent');
  });
  it('reports an instance already being deleted', () => {
    expect(teardownVerdict(target, { ...mine, status: 'deleting' }).action).toBe('already-deleting');
  });
  it.each([
    ['a name that is not a restore-test name', { ...target, instanceId: 'muejam-db-prod' }, mine, 'is not a restore-test name'],
    ['another instance than planned', target, { ...mine, identifier: 'muejam-rt-other-20261206' }, 'not the planned'],
    ['another deployment', target, { ...mine, tags: { ...tags, 'muejam:deployment': 'staging' } }, 'not tagged as a restore test'],
    ['not managed by this system', target, { ...mine, tags: { ...tags, 'muejam:managed-by': 'someone' } }, 'not tagged as a restore test'],
    ['another purpose', target, { ...mine, tags: { ...tags, 'muejam:purpose': 'restore' } }, 'not tagged as a restore test'],
    [
      'no purpose tag',
      target,
      { ...mine, tags: { ...tags, 'muejam:purpose': undefined as unknown as string } },
      'not tagged as a restore test',
    ],
    ['another execution', target, { ...mine, tags: { ...tags, 'muejam:execution': 'exec-2' } }, 'made by execution exec-2'],
    [
      'no execution tag',
      target,
      { ...mine, tags: { ...tags, 'muejam:execution': undefined as unknown as string } },
      'made by execution (none)',
    ],
  ])('refuses %s', (_why, t, instance, reason) => {
    const v = teardownVerdict(t, instance);
    expect(v.action).toBe('refuse');
    expect(v.reason).toContain(reason);
    expect(v.reason).toContain('nothing deleted');
  });
  it('compares names as RDS stores them (lower-case)', () => {
    expect(teardownVerdict({ ...target, instanceId: target.instanceId.toUpperCase() }, mine).action).toBe('delete');
  });
});

describe('janitorVerdict', () => {
  const now = new Date('2026-12-06T04:00:00Z');
  const policy = { deploymentId: 'prod', prefix: 'muejam', maxAgeHours: 24, now };
  const old = { ...mine, createdAt: new Date('2026-12-05T03:00:00Z') };
  it('deletes a leftover older than the maximum age', () => {
    expect(janitorVerdict(old, policy)).toEqual({ delete: true, ageHours: 25, reason: expect.stringContaining('older than 24 h') });
  });
  it('keeps a young one, and one exactly at the maximum age', () => {
    expect(janitorVerdict({ ...mine, createdAt: new Date('2026-12-06T03:00:00Z') }, policy)).toMatchObject({ delete: false, ageHours: 1 });
    expect(janitorVerdict({ ...mine, createdAt: new Date('2026-12-05T04:00:00Z') }, policy)).toMatchObject({ delete: false, ageHours: 24 });
  });
  it.each([
    ['another deployment', { ...old, tags: { ...tags, 'muejam:deployment': 'staging' } }],
    ['a real restore', { ...old, tags: { ...tags, 'muejam:purpose': 'restore' } }],
    ['a name outside the restore-test shape', { ...old, identifier: 'muejam-db-prod' }],
    ['one already deleting', { ...old, status: 'deleting' }],
    ['one without a creation time', { ...mine, createdAt: undefined }],
  ])('keeps %s', (_why, instance) => {
    expect(janitorVerdict(instance, policy).delete).toBe(false);
  });
});
