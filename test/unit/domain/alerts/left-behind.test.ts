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

  it('redis restore: the new group it created, with its region and the delete command; a group it reused is not "left"', () => {
    const made = { restore: { replicationGroupId: 'muejam-redis-dr', region: 'us-west-2', reused: false } };
    expect(leftBehindSentence('redis-restore', made)).toBe(
      '; this run had made (left in place): ElastiCache replication group muejam-redis-dr in us-west-2 (before a retry with the same target: aws elasticache delete-replication-group --replication-group-id muejam-redis-dr --region us-west-2)',
    );
    expect(leftBehind('redis-restore', { restore: { ...made.restore, reused: true } })).toEqual([]);
    expect(leftBehind('redis-backup', made)).toEqual([]);
  });

  it('a run that failed before making anything (bad input, missing key) says nothing', () => {
    expect(leftBehindSentence('database-backup', { dbInstanceIdentifier: 'x', error: { Error: 'InvalidInput' } })).toBe('');
    expect(leftBehindSentence('database-backup', 'not an object')).toBe('');
    expect(leftBehindSentence('database-retention', { backup: { snapshotId: 'x', region: 'y' } })).toBe('');
  });
});
