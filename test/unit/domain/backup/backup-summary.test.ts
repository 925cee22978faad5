import { summarizeBackup } from '../../../../lambdas/domain/backup/backup-summary';

describe('summarizeBackup', () => {
  it('computes durations from the execution start and the copy request', () => {
    const s = summarizeBackup({
      backup: { dbInstanceIdentifier: 'db', snapshotId: 'snap', snapshotArn: 'arn:p' },
      copy: { snapshotArn: 'arn:b', kmsKeyArn: 'arn:k', requestedAt: '2026-11-24T06:10:00Z' },
      verification: { isValid: true, verifiedAt: '2026-11-24T07:00:00Z' },
      executionStartTime: '2026-11-24T06:00:00Z',
      now: new Date('2026-11-24T07:00:30Z'),
    });
    expect(s).toMatchObject({
      backupDurationSeconds: 3630,
      copyDurationSeconds: 3030,
      isValid: true,
      primarySnapshotArn: 'arn:p',
      backupSnapshotArn: 'arn:b',
    });
  });
});
