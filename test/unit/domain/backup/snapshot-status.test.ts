import { classifySnapshotStatus } from '../../../../lambdas/domain/backup/snapshot-status';

describe('classifySnapshotStatus', () => {
  it('is ready only when available', () => {
    expect(classifySnapshotStatus('available')).toBe('ready');
  });
  it.each(['creating', 'copying', 'pending', 'modifying'])('waits while %s', (s) => {
    expect(classifySnapshotStatus(s)).toBe('waiting');
  });
  it.each(['failed', 'deleting', 'incompatible-restore', 'incompatible-parameters', 'inaccessible-encryption-credentials', 'error'])(
    'is terminal when %s',
    (s) => {
      expect(classifySnapshotStatus(s)).toBe('terminal');
    },
  );
  it('waits on an unknown status (bounded by the retry budget) rather than failing a backup AWS may finish', () => {
    expect(classifySnapshotStatus('some-new-status')).toBe('waiting');
    expect(classifySnapshotStatus(undefined)).toBe('waiting');
  });
});
