import { leftBehind, leftBehindSentence } from '../../../../lambdas/domain/alerts/left-behind';

describe('what a failed run left, for its alert (issue 8)', () => {
  it('database backup: the snapshot and the copy it made, with their regions; reused ones are not "left"', () => {
    const state = {
      backup: { snapshotId: 'muejam-db-20261124t0600z', region: 'us-east-1', reused: false },
      copy: { snapshotId: 'muejam-db-20261124t0600z', region: 'us-west-2', reused: true },
    };
    expect(leftBehind('database-backup', state)).toEqual(['RDS snapshot muejam-db-20261124t0600z in us-east-1']);
  });

  it('redis backup: the ElastiCache snapshot and the S3 objects, with bucket and region', () => {
    const state = {
      backup: { backupName: 'muejam-redis-20261124', region: 'us-east-1', reused: false },
      exported: { bucket: 'redis-b-1', region: 'us-east-1', objects: [{ key: 'a' }, { key: 'b' }] },
      copy: { bucket: 'redis-b-2', region: 'us-west-2', keys: ['a'], reused: false },
    };
    expect(leftBehind('redis-backup', state)).toEqual([
      'ElastiCache snapshot muejam-redis-20261124 in us-east-1',
      '2 exported object(s) in s3://redis-b-1 (us-east-1)',
      '1 copied object(s) in s3://redis-b-2 (us-west-2)',
    ]);
  });

  it('a run that failed before making anything (bad input, missing key) says nothing', () => {
    expect(leftBehindSentence('database-backup', { dbInstanceIdentifier: 'x', error: { Error: 'InvalidInput' } })).toBe('');
    expect(leftBehindSentence('database-backup', 'not an object')).toBe('');
    expect(leftBehindSentence('database-retention', { backup: { snapshotId: 'x', region: 'y' } })).toBe('');
  });
});
