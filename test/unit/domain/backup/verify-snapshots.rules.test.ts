/** Rule statements for snapshot verification found missing by mutation testing (docs/CONTRIBUTING.md "Mutation testing"). */
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

describe('verifySnapshotPair: facts that are missing never count as matching', () => {
  it.each<[string, keyof SnapshotFacts]>([
    ['engine', 'engine'],
    ['engine version', 'engineVersion'],
    ['allocated storage (GiB)', 'allocatedStorage'],
  ])('%s missing on both sides fails "copy %s matches source"', (what, field) => {
    const r = verify({ [field]: undefined }, { [field]: undefined });
    expect(r.isValid).toBe(false);
    expect(r.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([`copy ${what} matches source`]);
    expect(describeFailures(r)).toBe(`copy ${what} matches source: ${what}: source undefined, copy undefined`);
  });

  it('a fact missing on the copy only fails too', () => {
    expect(verify({}, { engine: undefined }).isValid).toBe(false);
  });

  it.each<[string, Partial<SnapshotFacts>, Partial<SnapshotFacts>, string]>([
    ['source', { kmsKeyId: undefined }, {}, 'source KMS key: s in us-east-1 uses key (none), expected arn:aws:kms:us-east-1:1:key/src'],
    ['copy', {}, { kmsKeyId: undefined }, 'copy KMS key: s in us-west-2 uses key (none), expected arn:aws:kms:us-west-2:1:key/dst'],
  ])('a %s snapshot without a KMS key id fails the key check, saying (none)', (_which, s, c, line) => {
    const r = verify(s, c);
    expect(r.isValid).toBe(false);
    expect(describeFailures(r)).toBe(line);
  });

  it('a key id is what follows "key/"; an id without it is itself; none is none', () => {
    expect(keyIdOf(undefined)).toBeUndefined();
    expect(keyIdOf('')).toBeUndefined();
    expect(keyIdOf('1234abcd-12ab-34cd-56ef-1234567890ab')).toBe('1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(keyIdOf('arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab')).toBe('1234abcd-12ab');
    expect(keyIdOf('key/1234abcd-12ab')).toBe('1234abcd-12ab');
  });

  it('reports each passing check with what it found', () => {
    const details = Object.fromEntries(verify({}, {}).checks.map((c) => [c.name, c.detail]));
    expect(details).toEqual({
      'source available': 's is available in us-east-1',
      'source encrypted': 's is encrypted (AES-256, KMS)',
      'source KMS key': `s uses ${srcKey}`,
      'copy available': 's is available in us-west-2',
      'copy encrypted': 's is encrypted (AES-256, KMS)',
      'copy KMS key': `s uses ${dstKey}`,
      'copy in backup region': 'copy is in us-west-2',
      'copy engine matches source': 'engine postgres',
      'copy engine version matches source': 'engine version 15.4',
      'copy allocated storage (GiB) matches source': 'allocated storage (GiB) 100',
    });
  });

  it('one line names every failed check, in order, joined by "; "', () => {
    const r = verify({ encrypted: false }, { status: 'copying' });
    expect(describeFailures(r)).toBe(
      'source encrypted: s in us-east-1 is NOT encrypted; copy available: s in us-west-2 is "copying", not available',
    );
  });
});
