/**
 * The resumable S3 copy and comparison (aws-sdk-client-mock): a finished copy is
 * found and skipped, a multipart copy left by an invocation that stopped continues
 * with the parts still missing, and every slice makes progress.
 */
import { mockClient } from 'aws-sdk-client-mock';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { compareAndVerifyResumable, copyObjectResumable, MiB } from '../../../lambdas/services/s3-resumable';
import { syntheticRdb } from '../../fixtures/rdb/synthetic-rdb';

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'us-west-2' });
const notFound = () => Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } });
const source = { bucket: 'src-bucket', key: 'muejam-g-20261124-0001.rdb', bytes: 12 * MiB, etag: '"abc"' };
const to = { bucket: 'dst-bucket', key: 'muejam-g-20261124-0001.rdb' };
const base = { target: client, source, to, singleCopyMaxBytes: 5 * MiB, partBytes: 5 * MiB };

beforeEach(() => s3.reset());

describe('copyObjectResumable', () => {
  it('skips a copy that is already there (same size and source ETag)', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: source.bytes, Metadata: { 'source-etag': 'abc' } });
    await expect(copyObjectResumable({ ...base, outOfTime: () => false })).resolves.toEqual({ state: 'done', reused: true, parts: 0 });
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(UploadPartCopyCommand)).toHaveLength(0);
  });

  it("copies a small object with one CopyObject pinned to the source ETag, keeping the target bucket's encryption", async () => {
    s3.on(HeadObjectCommand).rejects(notFound());
    s3.on(CopyObjectCommand).resolves({});
    const small = { ...source, bytes: 1000 };
    await expect(
      copyObjectResumable({ ...base, source: small, tags: [{ Key: 'muejam:deployment', Value: 'prod' }], outOfTime: () => false }),
    ).resolves.toMatchObject({ state: 'done', reused: false });
    const input = s3.commandCalls(CopyObjectCommand)[0].args[0].input;
    expect(input).toMatchObject({
      Bucket: 'dst-bucket',
      CopySource: 'src-bucket/muejam-g-20261124-0001.rdb',
      CopySourceIfMatch: '"abc"',
      MetadataDirective: 'REPLACE',
      Metadata: { 'source-etag': 'abc' },
      TaggingDirective: 'REPLACE',
      Tagging: 'muejam%3Adeployment=prod',
    });
    expect(input).not.toHaveProperty('ServerSideEncryption');
  });

  it('continues a multipart copy left by an earlier invocation: only the missing parts, then completes with all of them', async () => {
    s3.on(HeadObjectCommand).rejects(notFound());
    s3.on(ListMultipartUploadsCommand).resolves({
      Uploads: [
        { Key: to.key, UploadId: 'u-1', Initiated: new Date() },
        { Key: `${to.key}.other`, UploadId: 'x' },
      ],
    });
    s3.on(ListPartsCommand)
      .resolvesOnce({ Parts: [{ PartNumber: 1, ETag: '"p1"' }] })
      .resolves({
        Parts: [
          { PartNumber: 1, ETag: '"p1"' },
          { PartNumber: 2, ETag: '"p2"' },
          { PartNumber: 3, ETag: '"p3"' },
        ],
      });
    s3.on(UploadPartCopyCommand).resolves({});
    s3.on(CompleteMultipartUploadCommand).resolves({});
    await expect(copyObjectResumable({ ...base, outOfTime: () => false })).resolves.toEqual({ state: 'done', reused: false, parts: 3 });
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
    expect(
      s3
        .commandCalls(UploadPartCopyCommand)
        .map((c) => [c.args[0].input.UploadId, c.args[0].input.PartNumber, c.args[0].input.CopySourceRange]),
    ).toEqual([
      ['u-1', 2, `bytes=${5 * MiB}-${10 * MiB - 1}`],
      ['u-1', 3, `bytes=${10 * MiB}-${12 * MiB - 1}`],
    ]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)[0].args[0].input.MultipartUpload?.Parts?.map((p) => p.PartNumber)).toEqual([
      1, 2, 3,
    ]);
  });

  it('stops after one part when the slice is over, and says how far it got', async () => {
    s3.on(HeadObjectCommand).rejects(notFound());
    s3.on(ListMultipartUploadsCommand).resolves({ Uploads: [] });
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u-2' });
    s3.on(ListPartsCommand).resolves({ Parts: [] });
    s3.on(UploadPartCopyCommand).resolves({});
    await expect(copyObjectResumable({ ...base, serverSideEncryption: 'AES256', outOfTime: () => true })).resolves.toEqual({
      state: 'in-progress',
      partsDone: 1,
      parts: 3,
    });
    expect(s3.commandCalls(UploadPartCopyCommand)).toHaveLength(1);
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0].args[0].input).toMatchObject({
      ServerSideEncryption: 'AES256',
      Metadata: { 'source-etag': 'abc' },
    });
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });
});

describe('compareAndVerifyResumable', () => {
  const rdb = syntheticRdb({ records: [['k', 'v'.repeat(300)]] });
  const body = (bytes: Uint8Array) => ({ transformToByteArray: async () => bytes }) as any;
  const serve = (primary: Buffer, backup: Buffer) =>
    s3.on(GetObjectCommand).callsFake(async (i) => {
      const [a, b] = /bytes=(\d+)-(\d+)/.exec(i.Range!)!.slice(1).map(Number);
      const src = i.Bucket === 'p' ? primary : backup;
      return { Body: body(src.subarray(a, b + 1)) };
    });
  const opts = {
    primary: { s3: client, object: { bucket: 'p', key: 'k' }, etag: '"1"' },
    backup: { s3: client, object: { bucket: 'b', key: 'k' }, etag: '"2"' },
    bytes: rdb.length,
    chunkBytes: 100,
  };

  it('reads both copies range by range, pinned to their ETags, and verifies the RDB across resumed slices', async () => {
    serve(rdb, rdb);
    let state: any;
    let slices = 0;
    for (;;) {
      const r = await compareAndVerifyResumable({ ...opts, state, outOfTime: () => true });
      slices++;
      if (r.state === 'done') {
        expect(r.firstDifferenceAt).toBeUndefined();
        expect(r.comparedBytes).toBe(rdb.length);
        expect(r.verifier.finish()).toMatchObject({ valid: true });
        break;
      }
      state = JSON.parse(JSON.stringify(r.resume));
    }
    expect(slices).toBe(Math.ceil(rdb.length / 100));
    const ifMatch = new Set(s3.commandCalls(GetObjectCommand).map((c) => `${c.args[0].input.Bucket}:${c.args[0].input.IfMatch}`));
    expect(ifMatch).toEqual(new Set(['p:"1"', 'b:"2"']));
  });

  it('stops at the first differing byte', async () => {
    const other = Buffer.from(rdb);
    other[250] ^= 1;
    serve(rdb, other);
    const r = await compareAndVerifyResumable({ ...opts, outOfTime: () => false });
    expect(r).toMatchObject({ state: 'done', firstDifferenceAt: 250, comparedBytes: 250 });
  });
});
