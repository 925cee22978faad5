/** Restore target rules found unpinned by mutation testing (docs/CONTRIBUTING.md "Mutation testing"). */
import { TAG } from '../../../../lambdas/domain/backup/ownership-tags';
import { restoreTags } from '../../../../lambdas/domain/restore/restore-tags';
import {
  assertResumable,
  assertTargetAbsent,
  isDeploymentRestore,
  isRestoreOfExecution,
  validateRestoreTarget,
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

describe('a restore target is a new name, never a protected database', () => {
  const PROTECTED = ['muejam-db-prod', 'Muejam-DB-Reports'];

  it.each(['muejam-db-prod', 'MUEJAM-DB-PROD', 'muejam-db-reports'])('%s is refused: it names a protected database (any case)', (name) => {
    expect(() => validateRestoreTarget('targetDbInstanceIdentifier', name, PROTECTED)).toThrow(
      `targetDbInstanceIdentifier: "${name.toLowerCase()}" is a database this deployment protects; a restore never overwrites or replaces one: choose a new name (e.g. "${name.toLowerCase()}-restored")`,
    );
  });

  it('a new name is accepted as RDS stores it (lower-case)', () => {
    expect(validateRestoreTarget('targetDbInstanceIdentifier', 'Muejam-DB-Restored', PROTECTED)).toBe('muejam-db-restored');
  });

  it('a name a protected database starts with is a new name', () => {
    expect(validateRestoreTarget('targetDbInstanceIdentifier', 'muejam-db-prod-restored', PROTECTED)).toBe('muejam-db-prod-restored');
  });

  it('an instance identifier has at most 63 characters', () => {
    const id63 = `r${'x'.repeat(62)}`;
    expect(validateRestoreTarget('target', id63, PROTECTED)).toBe(id63);
    expect(() => validateRestoreTarget('target', `${id63}x`, PROTECTED)).toThrow(/^target: .* is 64 characters long; at most 63/);
  });
});

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

  it('post-restore settings: a restore of this system made for another deployment is not ours', () => {
    expect(isDeploymentRestore({ ...tagsOf('exec-1'), [TAG.deployment]: 'staging' }, 'prod')).toBe(false);
  });

  it('a retried restore: an instance of this deployment and execution made for another purpose is not the one to continue', () => {
    const tags = tagsOf('exec-1');
    const who = { deploymentId: 'prod', purpose: 'restore', execution: 'exec-1' };
    expect(isRestoreOfExecution({ ...tags, 'muejam:purpose': 'restore-test' }, who)).toBe(false);
    expect(isRestoreOfExecution({ ...tags, [TAG.deployment]: 'staging' }, who)).toBe(false);
    expect(() => assertResumable('x', 'us-west-2', { tags: { ...tags, [TAG.execution]: 'exec-2' } }, who)).toThrow(
      'an instance named "x" appeared in us-west-2 and is not the restore of execution exec-1; nothing was changed (it is left as it is)',
    );
  });
});
