/** The 8-day freshness check of the restore test: last-success marker, watch start before the first success, errors. */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { freshness } from '../../../lambdas/domain/restore-test/freshness';
import { makeClientFactory } from '../../../lambdas/runtime/clients';
import { RestoreTestFreshness, watchStartKey } from '../../../lambdas/services/restore-test-freshness';
import { lastSuccessKey } from '../../../lambdas/services/restore-test-record';
import { captureEmf } from '../../../local/emf-bridge';
import { awsError } from '../../support/aws-error';

const s3 = mockClient(S3Client);
const now = new Date('2026-12-14T04:00:00Z');
const body = (o: unknown) => ({ Body: { transformToString: async () => JSON.stringify(o) } }) as never;
const check = async (databases = ['muejam-db-prod']) => {
  const capture = captureEmf();
  try {
    const out = await new RestoreTestFreshness({ databases, backupRegion: 'us-west-2' }, 'reports', makeClientFactory(), () => now).check();
    return { out, published: capture.values('RestoreTestSinceSuccess').map((v) => v.value) };
  } finally {
    capture.stop();
  }
};
beforeEach(() => s3.reset());

describe('restore-test freshness', () => {
  it('measures from the last success marker the record step writes', async () => {
    s3.on(GetObjectCommand, { Key: lastSuccessKey('muejam-db-prod') }).resolves(body({ finishedAt: '2026-12-06T05:00:00Z' }));
    const { out, published } = await check();
    expect(out['muejam-db-prod']).toEqual({ sinceSeconds: 687600, measuredFrom: 'last success', at: '2026-12-06T05:00:00.000Z' });
    expect(published).toEqual([687600]);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('before any success: starts watching (0 s now) and measures from that start later', async () => {
    s3.on(GetObjectCommand).rejects(awsError('NoSuchKey', 'The specified key does not exist.'));
    const first = await check();
    expect(first.out['muejam-db-prod']).toMatchObject({ sinceSeconds: 0, measuredFrom: 'first check without a success' });
    const [put] = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(put).toMatchObject({ Bucket: 'reports', Key: watchStartKey('muejam-db-prod') });
    expect(JSON.parse(String(put.Body))).toEqual({ since: now.toISOString() });

    s3.reset();
    s3.on(GetObjectCommand, { Key: lastSuccessKey('muejam-db-prod') }).rejects(awsError('NoSuchKey', 'none'));
    s3.on(GetObjectCommand, { Key: watchStartKey('muejam-db-prod') }).resolves(body({ since: '2026-12-05T04:00:00Z' }));
    const later = await check();
    expect(later.out['muejam-db-prod']).toMatchObject({ sinceSeconds: 9 * 86400, measuredFrom: 'first check without a success' });
    expect(later.published).toEqual([9 * 86400]);
  });

  it('an unreadable bucket is a step failure naming the object (the alarm then sees missing data)', async () => {
    s3.on(GetObjectCommand).rejects(awsError('AccessDenied', 'Access Denied'));
    await expect(check()).rejects.toThrow(/read s3:\/\/reports\/restore-tests\/muejam-db-prod\/last-success\.json in us-west-2/);
  });

  it('pure: an unreadable marker time falls back to the watch start, neither gives nothing', () => {
    expect(freshness({ lastSuccessAt: 'garbage', watchingSince: '2026-12-13T04:00:00Z' }, now)).toMatchObject({ sinceSeconds: 86400 });
    expect(freshness({}, now)).toBeUndefined();
    expect(freshness({ lastSuccessAt: '2026-12-15T00:00:00Z' }, now)?.sinceSeconds).toBe(0);
  });
});
