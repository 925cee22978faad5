/** The restore guards that need AWS facts (target exists, snapshot ownership and verification), as pure functions. */
import { TAG } from '../../../../lambdas/domain/backup/ownership-tags';
import { checkNamedSnapshot, pickLatestVerified, type SnapshotCandidate } from '../../../../lambdas/domain/restore/restore-source';
import { restoreTags } from '../../../../lambdas/domain/restore/restore-tags';
import {
  assertResumable,
  assertTargetAbsent,
  isDeploymentRestore,
  isRestoreOfExecution,
} from '../../../../lambdas/domain/restore/restore-target';

const SCOPE = { deploymentId: 'prod', db: 'muejam-db-prod', regionRole: 'backup' as const, region: 'us-west-2' };
const own = (extra: Record<string, string> = {}) => ({
  [TAG.managedBy]: 'muejam-backup-dr',
  [TAG.deployment]: 'prod',
  [TAG.resource]: 'muejam-db-prod',
  [TAG.regionRole]: 'backup',
  ...extra,
});
const snap = (id: string, createdAt: string, tags: Record<string, string>, o: Partial<SnapshotCandidate> = {}): SnapshotCandidate => ({
  id,
  arn: `arn:aws:rds:us-west-2:1:snapshot:${id}`,
  dbInstanceIdentifier: 'muejam-db-prod',
  status: 'available',
  createdAt,
  encrypted: true,
  tags,
  ...o,
});
const verified = (id: string, at: string) => snap(id, at, own({ [TAG.verifiedAt]: at }));

function refusal(f: () => unknown): { name: string; field?: string; message: string } {
  try {
    f();
  } catch (e) {
    return e as { name: string; field?: string; message: string };
  }
  throw new Error('expected a refusal');
}

describe('latest verified snapshot', () => {
  test('the newest verified, available, owned backup of that database in that region wins', () => {
    const chosen = pickLatestVerified(
      [
        verified('a', '2026-12-02T00:00:00Z'),
        snap('newer-unverified', '2026-12-03T00:00:00Z', own()),
        snap('newer-other-deployment', '2026-12-03T01:00:00Z', own({ [TAG.deployment]: 'staging', [TAG.verifiedAt]: 'x' })),
        snap('newer-primary-role', '2026-12-03T02:00:00Z', own({ [TAG.regionRole]: 'primary', [TAG.verifiedAt]: 'x' })),
        snap('newer-copying', '2026-12-03T03:00:00Z', own({ [TAG.verifiedAt]: 'x' }), { status: 'copying' }),
        verified('b', '2026-12-02T12:00:00Z'),
      ],
      SCOPE,
    );
    expect(chosen.snapshot.id).toBe('b');
    expect(chosen.warnings).toEqual([]);
  });

  test('none usable: refused on snapshotId naming the database and region', () => {
    const e = refusal(() => pickLatestVerified([snap('x', '2026-12-03T00:00:00Z', own())], SCOPE));
    expect(e.field).toBe('snapshotId');
    expect(e.message).toContain('no verified, available backup of muejam-db-prod in us-west-2');
  });
});

describe('named snapshot', () => {
  test.each([
    ['does not exist', undefined, 'does not exist in us-west-2'],
    [
      'belongs to another database',
      snap('s', 't', own(), { dbInstanceIdentifier: 'muejam-db-reports' }),
      'is a backup of muejam-db-reports, not of muejam-db-prod',
    ],
    ['belongs to another deployment', snap('s', 't', own({ [TAG.deployment]: 'staging' })), 'was not made by deployment "prod"'],
    ["is not this system's at all", snap('s', 't', {}), 'was not made by deployment "prod"'],
    ['is not verified', snap('s', 't', own()), 'pass allowUnverified: true'],
  ])('a snapshot that %s is refused on snapshotId', (_what, found, text) => {
    const e = refusal(() => checkNamedSnapshot('s', found, SCOPE, false));
    expect(e.name).toBe('InvalidInput');
    expect(e.field).toBe('snapshotId');
    expect(e.message).toContain(text);
  });

  test('an unverified snapshot is allowed only with allowUnverified, with a warning', () => {
    const c = checkNamedSnapshot('s', snap('s', 't', own()), SCOPE, true);
    expect(c.warnings[0]).toContain('is NOT verified');
    expect(c.verifiedAt).toBeUndefined();
  });

  test("allowUnverified does not let another deployment's snapshot through", () => {
    expect(refusal(() => checkNamedSnapshot('s', snap('s', 't', own({ [TAG.deployment]: 'x' })), SCOPE, true)).field).toBe('snapshotId');
  });

  test('a snapshot that is not available is a precondition failure', () => {
    expect(
      refusal(() => checkNamedSnapshot('s', snap('s', 't', own({ [TAG.verifiedAt]: 'x' }), { status: 'copying' }), SCOPE, false)).name,
    ).toBe('PreconditionFailed');
  });
});

describe('target', () => {
  test('an existing target is refused on targetDbInstanceIdentifier, whatever it is', () => {
    const e = refusal(() => assertTargetAbsent('targetDbInstanceIdentifier', 'x', 'us-west-2', { status: 'available', tags: {} }));
    expect(e.field).toBe('targetDbInstanceIdentifier');
    expect(e.message).toContain('already exists in us-west-2');
    expect(() => assertTargetAbsent('targetDbInstanceIdentifier', 'x', 'us-west-2', undefined)).not.toThrow();
  });

  const tags = Object.fromEntries(
    restoreTags({
      deploymentId: 'prod',
      sourceDb: 'muejam-db-prod',
      regionRole: 'backup',
      execution: 'exec-1',
      purpose: 'restore',
      restoredFrom: 'a',
      pointInTime: 't',
    }).map((t) => [t.Key, t.Value]),
  );
  const who = { deploymentId: 'prod', purpose: 'restore', execution: 'exec-1' };

  test('a retried restore continues only with the instance of the same execution, purpose and deployment', () => {
    expect(isRestoreOfExecution(tags, who)).toBe(true);
    expect(isRestoreOfExecution(tags, { ...who, execution: 'exec-2' })).toBe(false);
    expect(isRestoreOfExecution(tags, { ...who, purpose: 'restore-test' })).toBe(false);
    expect(isRestoreOfExecution(tags, { ...who, deploymentId: 'staging' })).toBe(false);
    expect(isRestoreOfExecution({ ...tags, [TAG.managedBy]: 'someone' }, who)).toBe(false);
    expect(() => assertResumable('x', 'r', { tags }, who)).not.toThrow();
    expect(refusal(() => assertResumable('x', 'r', { tags }, { ...who, execution: 'exec-2' })).name).toBe('PreconditionFailed');
    expect(refusal(() => assertResumable('x', 'r', undefined, who)).name).toBe('PreconditionFailed');
  });

  test("post-restore settings touch only instances tagged as this deployment's restores", () => {
    expect(isDeploymentRestore(tags, 'prod')).toBe(true);
    expect(isDeploymentRestore(tags, 'staging')).toBe(false);
    const { 'muejam:purpose': _p, ...noPurpose } = tags;
    expect(isDeploymentRestore(noPurpose, 'prod')).toBe(false);
    expect(isDeploymentRestore({}, 'prod')).toBe(false);
  });

  test('settings tags cannot override the ownership tags', () => {
    const t = restoreTags({
      deploymentId: 'prod',
      sourceDb: 'd',
      regionRole: 'primary',
      execution: 'e',
      purpose: 'restore',
      restoredFrom: 'a',
      pointInTime: 't',
      extra: { 'muejam:deployment': 'evil', team: 'db' },
    });
    expect(t.filter((x) => x.Key === 'muejam:deployment')).toEqual([{ Key: 'muejam:deployment', Value: 'prod' }]);
    expect(t).toContainEqual({ Key: 'team', Value: 'db' });
  });
});
