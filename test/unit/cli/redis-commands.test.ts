import { chooseRedisGroup } from '../../../cli/commands/redis-backup';
import { restoreInput, validateRestoreOptions } from '../../../cli/commands/redis-restore';

const ctx = { primaryRegion: 'us-east-1', backupRegion: 'us-west-2', redisGroups: ['muejam-redis-prod'], snapshotPrefix: 'muejam' };

describe('redis-backup [group]', () => {
  it('defaults to the only protected group and checks the one given', () => {
    expect(chooseRedisGroup('group', undefined, ['muejam-redis-prod'])).toBe('muejam-redis-prod');
    expect(chooseRedisGroup('group', 'b', ['a', 'b'])).toBe('b');
    expect(() => chooseRedisGroup('group', undefined, ['a', 'b'])).toThrow('group: is required: this deployment protects a, b');
    expect(() => chooseRedisGroup('group', 'c', ['a', 'b'])).toThrow(
      'group: unknown replication group "c"; this deployment protects: a, b',
    );
    expect(() => chooseRedisGroup('group', 'bad--name', ['a'])).toThrow(/group: "bad--name" is not a valid replication group id/);
  });
});

describe('redis-restore options', () => {
  it('map to the request fields, leaving out what was not given', () => {
    expect(restoreInput({ to: 'dr', region: 'primary', replicas: '0', securityGroups: 'sg-01234567' })).toEqual({
      replicationGroupId: 'dr',
      region: 'primary',
      replicasPerNodeGroup: 0,
      securityGroupIds: 'sg-01234567',
    });
    expect(validateRestoreOptions(restoreInput({ to: 'dr', replicas: '0' }), ctx)).toMatchObject({
      replicationGroupId: 'dr',
      region: 'us-west-2',
      replicasPerNodeGroup: 0,
    });
  });

  it.each([
    [{ to: 'muejam-redis-prod' }, /^--to \(replicationGroupId\): "muejam-redis-prod" is a protected production group/],
    [{ to: 'dr', replicas: '9' }, /^--replicas \(replicasPerNodeGroup\): 9 is not allowed; must be a whole number from 0 to 5/],
    [{ to: 'dr', region: 'mars-1' }, /^--region \(region\): "mars-1" is not allowed: "primary" \(us-east-1\) or "backup" \(us-west-2\)/],
    [{ to: 'dr', backup: 'latest' }, /^--backup \(backupName\): "latest" is not a backup name of this system/],
  ])('name the option the operator typed: %j', (opts, message) => {
    expect(() => validateRestoreOptions(restoreInput(opts), ctx)).toThrow(message);
  });
});
