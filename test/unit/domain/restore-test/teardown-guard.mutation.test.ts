/** Teardown ownership rules found unpinned by mutation testing (docs/CONTRIBUTING.md "Mutation testing"). */
import { ownershipTags } from '../../../../lambdas/domain/backup/ownership-tags';
import { teardownVerdict } from '../../../../lambdas/domain/restore-test/teardown-guard';

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
