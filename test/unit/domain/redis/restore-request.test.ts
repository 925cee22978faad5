import { validateRestoreRequest } from '../../../../lambdas/domain/redis/restore-request';

const ctx = { primaryRegion: 'us-east-1', backupRegion: 'us-west-2', redisGroups: ['muejam-redis-prod'], snapshotPrefix: 'muejam' };

describe('validateRestoreRequest', () => {
  it('fills defaults: the only protected group, the backup region, newest verified backup, 1 replica', () => {
    expect(validateRestoreRequest({ replicationGroupId: 'muejam-redis-dr' }, ctx)).toEqual({
      sourceReplicationGroupId: 'muejam-redis-prod',
      replicationGroupId: 'muejam-redis-dr',
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

  it('accepts every field in its allowed form (security groups as a comma list from the CLI too)', () => {
    const r = validateRestoreRequest(
      {
        sourceReplicationGroupId: 'muejam-redis-prod',
        replicationGroupId: 'restore-1',
        region: 'us-east-1',
        backupName: 'muejam-muejam-redis-prod-20261124',
        cacheNodeType: 'cache.r7g.large',
        engine: 'valkey',
        engineVersion: '8.0',
        numNodeGroups: 3,
        replicasPerNodeGroup: 0,
        cacheSubnetGroupName: 'private-subnets',
        securityGroupIds: 'sg-0123456789abcdef0,sg-01234567',
        cacheParameterGroupName: 'default.valkey8',
      },
      ctx,
    );
    expect(r).toMatchObject({
      replicationGroupId: 'restore-1',
      region: 'us-east-1',
      regionRole: 'primary',
      numNodeGroups: 3,
      replicasPerNodeGroup: 0,
    });
    expect(r.securityGroupIds).toEqual(['sg-0123456789abcdef0', 'sg-01234567']);
  });

  it.each([
    [{ replicationGroupId: 'muejam-redis-prod' }, /replicationGroupId: .*protected production group/],
    [
      { replicationGroupId: 'x', sourceReplicationGroupId: 'other' },
      /sourceReplicationGroupId: "other" is not protected.*allowed: muejam-redis-prod/,
    ],
    [
      { replicationGroupId: 'x', region: 'eu-west-1' },
      /region: "eu-west-1" is not allowed: "primary" \(us-east-1\) or "backup" \(us-west-2\)/,
    ],
    [{ replicationGroupId: 'x', backupName: 'muejam-other-20261124' }, /backupName: .*does not belong/],
    [{ replicationGroupId: 'x', engine: 'memcached' }, /engine: "memcached" is not allowed/],
    [{ replicationGroupId: 'x', cacheNodeType: 'r7g.large' }, /cacheNodeType: "r7g.large" is not allowed/],
    [{ replicationGroupId: 'x', numNodeGroups: 0 }, /numNodeGroups: 0 is not allowed; must be a whole number from 1 to 500/],
    [{ replicationGroupId: 'x', replicasPerNodeGroup: 6 }, /replicasPerNodeGroup: 6 is not allowed/],
    [{ replicationGroupId: 'x', securityGroupIds: ['default'] }, /securityGroupIds: .*sg-0123456789abcdef0/],
    [
      { replicationGroupId: 'x', nodetype: 'cache.t3.micro' },
      /nodetype: unknown field `nodetype`; did you mean `cacheNodeType`\? allowed: sourceReplicationGroupId/,
    ],
    [{}, /replicationGroupId: is required/],
  ])('refuses %j naming the field', (input, message) => {
    expect(() => validateRestoreRequest(input, ctx)).toThrow(message);
  });

  it('requires the source group when several are protected', () => {
    expect(() => validateRestoreRequest({ replicationGroupId: 'x' }, { ...ctx, redisGroups: ['a', 'b'] })).toThrow(
      /sourceReplicationGroupId: is required/,
    );
  });

  it('refuses a non-object input', () => {
    expect(() => validateRestoreRequest('muejam', ctx)).toThrow(/input: must be a JSON object/);
  });
});
