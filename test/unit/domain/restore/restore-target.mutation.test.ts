/** Restore target rules found unpinned by mutation testing (docs/CONTRIBUTING.md "Mutation testing"). */
import { TAG } from '../../../../lambdas/domain/backup/ownership-tags';
import { restoreTags } from '../../../../lambdas/domain/restore/restore-tags';
import {
  assertResumable,
  assertTargetAbsent,
  isDeploymentRestore,
  isRestoreOfExecution,
} from '../../../../lambdas/domain/restore/restore-target';

const LONG_EXECUTION = `exec-${'x'.repeat(300)}`;
const tagsOf = (execution: string) =>
  Object.fromEntries(
    restoreTags({
      deploymentId: 'prod',
      sourceDb: 'muejam-db-prod',
      regionRole: 'backup',
      execution,
      purpose: 'restore',
      restoredFrom: 'a',
      pointInTime: 't',
    }).map((t) => [t.Key, t.Value]),
  );

describe('restore target', () => {
  it('an existing target is refused naming its status, or "unknown" when RDS gives none', () => {
    expect(() => assertTargetAbsent('target', 'x', 'us-west-2', { status: 'available', tags: {} })).toThrow(/\(status available\)/);
    expect(() => assertTargetAbsent('target', 'x', 'us-west-2', { tags: {} })).toThrow(/\(status unknown\)/);
  });

  it('an execution longer than a tag value (256) still recognises the instance it tagged', () => {
    const tags = tagsOf(LONG_EXECUTION);
    expect(tags[TAG.execution]).toHaveLength(256);
    const who = { deploymentId: 'prod', purpose: 'restore', execution: LONG_EXECUTION };
    expect(isRestoreOfExecution(tags, who)).toBe(true);
    expect(() => assertResumable('x', 'us-west-2', { status: 'creating', tags }, who)).not.toThrow();
    expect(isRestoreOfExecution(tags, { ...who, execution: `${LONG_EXECUTION.slice(0, 255)}y` })).toBe(false);
  });

  it('post-restore settings: an instance with our deployment and purpose tags but made by another tool is not ours', () => {
    const tags = tagsOf('exec-1');
    expect(isDeploymentRestore(tags, 'prod')).toBe(true);
    expect(isDeploymentRestore({ ...tags, [TAG.managedBy]: 'someone-else' }, 'prod')).toBe(false);
    const { [TAG.managedBy]: _gone, ...unmanaged } = tags;
    expect(isDeploymentRestore(unmanaged, 'prod')).toBe(false);
  });
});
