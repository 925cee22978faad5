/** Teardown ownership rules found unpinned by mutation testing (docs/CONTRIBUTING.md "Mutation testing"). */
import { ownershipTags } from '../../../../lambdas/domain/backup/ownership-tags';
import { janitorVerdict, teardownVerdict } from '../../../../lambdas/domain/restore-test/teardown-guard';

describe('teardown of a restore test made by an execution whose name is longer than a tag value (256)', () => {
  const execution = `exec-${'x'.repeat(300)}`;
  const tags: Record<string, string> = {
    ...Object.fromEntries(
      ownershipTags({ deploymentId: 'prod', resource: 'muejam-db-prod', regionRole: 'primary', execution }).map((t) => [t.Key, t.Value]),
    ),
    'muejam:purpose': 'restore-test',
  };
  const target = { instanceId: 'muejam-rt-muejam-db-prod-20261206', deploymentId: 'prod', prefix: 'muejam', execution };

  it('deletes the instance it tagged (the tag holds the first 256 characters)', () => {
    expect(tags['muejam:execution']).toHaveLength(256);
    expect(teardownVerdict(target, { identifier: target.instanceId, status: 'available', tags }).action).toBe('delete');
  });

  it('refuses one tagged by an execution that differs within those 256 characters', () => {
    const other = { ...tags, 'muejam:execution': `${execution.slice(0, 255)}y` };
    expect(teardownVerdict(target, { identifier: target.instanceId, status: 'available', tags: other }).action).toBe('refuse');
  });
});

describe('teardown and the janitor read what RDS reports, in whatever case and completeness', () => {
  const tags = {
    'muejam:managed-by': 'muejam-backup-dr',
    'muejam:deployment': 'prod',
    'muejam:purpose': 'restore-test',
    'muejam:execution': 'exec-1',
  };
  const target = { instanceId: 'muejam-rt-muejam-db-prod-20261206', deploymentId: 'prod', prefix: 'muejam', execution: 'exec-1' };
  const now = new Date('2026-12-06T04:00:00Z');
  const policy = { deploymentId: 'prod', prefix: 'muejam', maxAgeHours: 24, now };

  it('the planned instance reported with an upper-case identifier is still the planned one', () => {
    expect(teardownVerdict(target, { identifier: target.instanceId.toUpperCase(), status: 'available', tags }).action).toBe('delete');
  });

  it('an instance without a reported status is deleted like any other of this run', () => {
    expect(teardownVerdict(target, { identifier: target.instanceId, tags }).action).toBe('delete');
  });

  it('a status of DELETING in capitals is "already deleting"', () => {
    expect(teardownVerdict(target, { identifier: target.instanceId, status: 'DELETING', tags }).action).toBe('already-deleting');
    const old = { identifier: target.instanceId, status: 'Deleting', tags, createdAt: new Date('2026-12-01T00:00:00Z') };
    expect(janitorVerdict(old, policy)).toEqual({ delete: false, reason: `${target.instanceId} is already being deleted` });
  });

  it('the janitor recognises a leftover whose identifier RDS reports in capitals', () => {
    const old = { identifier: target.instanceId.toUpperCase(), status: 'available', tags, createdAt: new Date('2026-12-01T00:00:00Z') };
    expect(janitorVerdict(old, policy).delete).toBe(true);
  });

  it('the janitor deletes a leftover without a reported status once it is too old', () => {
    expect(janitorVerdict({ identifier: target.instanceId, tags, createdAt: new Date('2026-12-01T00:00:00Z') }, policy).delete).toBe(true);
  });

  it('the janitor keeps an instance whose creation time is not a real time', () => {
    expect(janitorVerdict({ identifier: target.instanceId, status: 'available', tags, createdAt: new Date('x') }, policy)).toEqual({
      delete: false,
      reason: `${target.instanceId} reports no creation time yet (still being created); kept`,
    });
  });

  it.each([
    ['2026-12-05T03:30:00Z', 24.5, true],
    ['2026-12-05T03:57:00Z', 24.1, true],
    ['2026-12-05T03:58:00Z', 24, false],
  ])('created %s: %s h old, deleted %s (ages to a tenth of an hour; kept up to the maximum)', (created, ageHours, deleted) => {
    const v = janitorVerdict({ identifier: target.instanceId, status: 'available', tags, createdAt: new Date(created) }, policy);
    expect(v).toMatchObject({ delete: deleted, ageHours });
  });

  it.each([
    ['made by another tool', { 'muejam:managed-by': 'someone' }],
    ['without a purpose', { 'muejam:purpose': '' }],
  ])('the janitor keeps a restore-test-named instance %s', (_name, change) => {
    const old = {
      identifier: target.instanceId,
      status: 'available',
      tags: { ...tags, ...change },
      createdAt: new Date('2026-12-01T00:00:00Z'),
    };
    expect(janitorVerdict(old, policy)).toEqual({ delete: false, reason: `${target.instanceId} is not a restore test of deployment prod` });
  });
});
