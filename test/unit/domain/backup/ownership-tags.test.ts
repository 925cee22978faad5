import { copyTags, isOwned, MANAGED_BY, ownershipTags, TAG, tagsToRecord } from '../../../../lambdas/domain/backup/ownership-tags';

const mine = tagsToRecord(ownershipTags({ deploymentId: 'prod', resource: 'db1', regionRole: 'primary', execution: 'exec-1' }));

describe('ownership tags', () => {
  it('mark what this deployment made', () => {
    expect(mine).toEqual({
      [TAG.managedBy]: MANAGED_BY,
      [TAG.deployment]: 'prod',
      [TAG.resource]: 'db1',
      [TAG.regionRole]: 'primary',
      [TAG.execution]: 'exec-1',
    });
    expect(isOwned(mine, { deploymentId: 'prod', resource: 'db1', regionRole: 'primary' })).toBe(true);
  });
  it('do not match another deployment, resource or role, or untagged snapshots', () => {
    expect(isOwned(mine, { deploymentId: 'staging' })).toBe(false);
    expect(isOwned(mine, { deploymentId: 'prod', resource: 'db2' })).toBe(false);
    expect(isOwned(mine, { deploymentId: 'prod', regionRole: 'backup' })).toBe(false);
    expect(isOwned({}, { deploymentId: 'prod' })).toBe(false);
    expect(isOwned({ ...mine, [TAG.managedBy]: 'someone-else' }, { deploymentId: 'prod' })).toBe(false);
  });
  it('of a copy keep ownership, switch the role to backup and name the source', () => {
    const tags = tagsToRecord(copyTags({ ...mine, [TAG.verifiedAt]: 'x', team: 'data' }, 'arn:src', 'exec-2'));
    expect(tags[TAG.regionRole]).toBe('backup');
    expect(tags[TAG.copyOf]).toBe('arn:src');
    expect(tags[TAG.execution]).toBe('exec-2');
    expect(tags[TAG.verifiedAt]).toBeUndefined();
    expect(tags.team).toBe('data');
    expect(isOwned(tags, { deploymentId: 'prod', resource: 'db1', regionRole: 'backup' })).toBe(true);
  });
});
