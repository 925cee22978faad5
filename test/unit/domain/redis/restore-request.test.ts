import { validateRestoreRequest } from '../../../../lambdas/domain/redis/restore-request';

const ctx = { primaryRegion: 'us-east-1', backupRegion: 'us-west-2', redisGroups: ['muejam-redis-prod'], snapshotPrefix: 'muejam' };

describe('validateRestoreRequest', () => {
  it('fills defaults: the only protected group, the backup region, newest verified backup, 1 replica', () => {
    expect(validateRestoreRequest({ targetReplicationGroupId: 'muejam-redis-dr' }, ctx)).toEqual({
      sourceReplicationGroupId: 'muejam-redis-prod',
      targetReplicationGroupId: 'muejam-redis-dr',
      region: 'us-west-2',
      regionRole: 'backup',
      backupName: undefined,
      cacheNodeType: undefined,
      engine: undefined,
      engineVersion: undefined,
      numNodeGroups: undefined,
      replicasPerNodeGroup: 1,
      cacheSubnetGroupName: undefined,
      securityGroupIds: undefined,
      cacheParameterGroupName: undefined,
    });
  });

  it('accepts every field in its allowed form (strings from the CLI too)', () => {
    const r = validateRestoreRequest(
      {
        sourceReplicationGroupId: 'muejam-redis-prod',
        targetReplicationGroupId: 'Restore-1',
        region: 'us-east-1',
        backupName: 'muejam-muejam-redis-prod-20261124',
        cacheNodeType: 'cache.r7g.large',
        engine: 'valkey',
        engineVersion: '8.0',
        numNodeGroups: '3',
        replicasPerNodeGroup: 0,
        cacheSubnetGroupName: 'private-subnets',
        securityGroupIds: 'sg-0123456789abcdef0,sg-01234567',
        cacheParameterGroupName: 'default.valkey8',
      },
      ctx,
    );
    expect(r).toMatchObject({ targetReplicationGroupId: 'restore-1', region: 'us-east-1', regionRole: 'primary', numNodeGroups: 3, replicasPerNodeGroup: 0 });
    expect(r.securityGroupIds).toEqual(['sg-0123456789abcdef0', 'sg-01234567']);
  });

  it.each([
    [{ targetReplicationGroupId: 'muejam-redis-prod' }, /targetReplicationGroupId: .*protected production group/],
    [{ targetReplicationGroupId: 'x', sourceReplicationGroupId: 'other' }, /sourceReplicationGroupId: "other" is not protected.*allowed: muejam-redis-prod/],
    [{ targetReplicationGroupId: 'x', region: 'eu-west-1' }, /region: "eu-west-1" is not allowed: "primary" \(us-east-1\) or "backup" \(us-west-2\)/],
    [{ targetReplicationGroupId: 'x', backupName: 'muejam-other-20261124' }, /backupName: .*does not belong/],
    [{ targetReplicationGroupId: 'x', engine: 'memcached' }, /engine: "memcached" is not allowed/],
    [{ targetReplicationGroupId: 'x', cacheNodeType: 'r7g.large' }, /cacheNodeType: "r7g.large" is not allowed/],
    [{ targetReplicationGroupId: 'x', numNodeGroups: 0 }, /numNodeGroups: 0 is not allowed: a whole number from 1 to 500/],
    [{ targetReplicationGroupId: 'x', replicasPerNodeGroup: 6 }, /replicasPerNodeGroup: 6 is not allowed/],
    [{ targetReplicationGroupId: 'x', securityGroupIds: ['default'] }, /securityGroupIds: .*sg-0123456789abcdef0/],
    [{ targetReplicationGroupId: 'x', nodetype: 'cache.t3.micro' }, /nodetype: unknown field; allowed: sourceReplicationGroupId/],
    [{}, /targetReplicationGroupId: is required/],
  ])('refuses %j naming the field', (input, message) => {
    expect(() => validateRestoreRequest(input, ctx)).toThrow(message);
  });

  it('requires the source group when several are protected', () => {
    expect(() => validateRestoreRequest({ targetReplicationGroupId: 'x' }, { ...ctx, redisGroups: ['a', 'b'] })).toThrow(/sourceReplicationGroupId: is required/);
  });

  it('refuses a non-object input', () => {
    expect(() => validateRestoreRequest('muejam', ctx)).toThrow(/input: must be a JSON object/);
  });
});
