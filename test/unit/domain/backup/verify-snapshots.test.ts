import { describeFailures, keyIdOf, type SnapshotFacts, verifySnapshotPair } from '../../../../lambdas/domain/backup/verify-snapshots';

const srcKey = 'arn:aws:kms:us-east-1:1:key/src';
const dstKey = 'arn:aws:kms:us-west-2:1:key/dst';
const source: SnapshotFacts = {
  id: 's',
  arn: 'a',
  region: 'us-east-1',
  status: 'available',
  encrypted: true,
  kmsKeyId: srcKey,
  engine: 'postgres',
  engineVersion: '15.4',
  allocatedStorage: 100,
};
const copy: SnapshotFacts = { ...source, region: 'us-west-2', kmsKeyId: dstKey };
const verify = (s: Partial<SnapshotFacts>, c: Partial<SnapshotFacts>) =>
  verifySnapshotPair({ source: { ...source, ...s }, copy: { ...copy, ...c }, expectedSourceKeyArn: srcKey, expectedCopyKeyArn: dstKey });

describe('verifySnapshotPair', () => {
  it('passes a good pair with every check named', () => {
    const r = verify({}, {});
    expect(r.isValid).toBe(true);
    expect(r.checks).toHaveLength(10);
    expect(r.checks.every((c) => c.ok)).toBe(true);
  });
  it.each<[string, Partial<SnapshotFacts>, Partial<SnapshotFacts>, RegExp]>([
    ['unencrypted copy', {}, { encrypted: false }, /copy encrypted: .* NOT encrypted/],
    ['copy under the wrong key', {}, { kmsKeyId: 'arn:aws:kms:us-west-2:1:key/other' }, /copy KMS key: .*expected/],
    ['copy still copying', {}, { status: 'copying' }, /copy available: .*"copying"/],
    ['engine version drift', {}, { engineVersion: '14.9' }, /engine version: source 15.4, copy 14.9/],
    ['storage mismatch', {}, { allocatedStorage: 50 }, /allocated storage/],
    ['copy in the same region', {}, { region: 'us-east-1' }, /same region/],
    ['source under an unexpected key', { kmsKeyId: 'arn:aws:kms:us-east-1:1:key/aws-rds' }, {}, /source KMS key/],
    ['missing source', { status: 'missing', encrypted: false }, {}, /source available: .*"missing"/],
  ])('fails on %s and says why', (_name, s, c, why) => {
    const r = verify(s, c);
    expect(r.isValid).toBe(false);
    expect(describeFailures(r)).toMatch(why);
  });
  it('compares keys by id whether given as ARN or id', () => {
    expect(keyIdOf('arn:aws:kms:us-east-1:1:key/abc')).toBe('abc');
    expect(keyIdOf('abc')).toBe('abc');
    expect(
      verifySnapshotPair({ source, copy: { ...copy, kmsKeyId: 'dst' }, expectedSourceKeyArn: srcKey, expectedCopyKeyArn: dstKey }).isValid,
    ).toBe(true);
  });
});
