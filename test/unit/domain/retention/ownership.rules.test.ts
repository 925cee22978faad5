/**
 * The ownership rules, one tag at a time: each foreign snapshot below differs from one this
 * deployment made in exactly one fact, so no other check can hide a missing one.
 * Ownership = managed-by + deployment match, and the snapshot is in the region its region-role names.
 */
import {
  copySourceOf,
  isVerified,
  MANAGED_BY,
  RETENTION_TAGS,
  regionRoleOf,
  validateRetentionIdentity,
  whyNotOwned,
} from '../../../../lambdas/domain/retention/ownership';
import { planRetention } from '../../../../lambdas/domain/retention/plan';
import type { RetentionSnapshot } from '../../../../lambdas/domain/retention/types';
import { arnOf, copyOf, DAY, HOUR, IDENTITY, owned } from './fixtures';

const NOW = Date.parse('2026-11-24T03:00:00Z');
const OLD = NOW - 400 * DAY;
const THIRD_REGION = 'us-east-1';

function withTags(s: RetentionSnapshot, change: Record<string, string | undefined>): RetentionSnapshot {
  const tags = { ...s.tags };
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) delete tags[k];
    else tags[k] = v;
  }
  return { ...s, tags };
}
function inRegion(s: RetentionSnapshot, region: string): RetentionSnapshot {
  return { ...s, region, arn: arnOf(region, s.id) };
}
/** The decision for `subject`, planned next to a newer verified backup of its own region (which holds the floor of 1). */
function decide(subject: RetentionSnapshot) {
  const role = subject.region === IDENTITY.backupRegion ? 'backup' : 'primary';
  const newer = owned(NOW - HOUR, { role, id: 'newer' });
  const plan = planRetention({ snapshots: [subject, newer], now: new Date(NOW), identity: IDENTITY, policy: { floor: 1 } });
  return plan.decisions.find((d) => d.arn === subject.arn)!;
}

describe('a snapshot this deployment made is owned, and planned (not skipped)', () => {
  it.each([
    ['primary', 'expired-copy-never-verified'],
    ['backup', 'expired'],
  ] as const)('in its %s region with every ownership tag: a 400-day-old one is deleted (%s)', (role, rule) => {
    const s = owned(OLD, { role, id: 'subject' });
    expect(whyNotOwned(s, IDENTITY)).toBeUndefined();
    expect(decide(s)).toMatchObject({ action: 'delete', rule });
  });
});

describe('a snapshot that differs from ours in one fact only is never ours, however old', () => {
  const ours = owned(OLD, { id: 'subject' });

  it.each<[string, Record<string, string | undefined>, RegExp]>([
    [
      'managed-by names another tool',
      { [RETENTION_TAGS.managedBy]: 'aws-backup' },
      /not made by this system \(tag muejam:managed-by is "aws-backup"\)/,
    ],
    ['managed-by is missing', { [RETENTION_TAGS.managedBy]: undefined }, /not made by this system \(tag muejam:managed-by is null\)/],
    ['managed-by is empty', { [RETENTION_TAGS.managedBy]: '' }, /not made by this system/],
    ['deployment is another one', { [RETENTION_TAGS.deployment]: 'staging' }, /belongs to deployment "staging", not "prod"/],
    ['deployment is missing', { [RETENTION_TAGS.deployment]: undefined }, /belongs to deployment null, not "prod"/],
    [
      'region-role says backup in the primary region',
      { [RETENTION_TAGS.regionRole]: 'backup' },
      /region-role="backup" does not match its region eu-west-1 \(primary\)/,
    ],
    ['region-role is missing', { [RETENTION_TAGS.regionRole]: undefined }, /region-role=null does not match/],
  ])('%s', (_name, change, why) => {
    const s = withTags(ours, change);
    expect(whyNotOwned(s, IDENTITY)).toMatch(why);
    expect(decide(s)).toMatchObject({ action: 'skip', rule: 'not-owned' });
  });

  it('a backup-region snapshot whose region-role says primary', () => {
    const s = withTags(owned(OLD, { role: 'backup', id: 'subject' }), { [RETENTION_TAGS.regionRole]: 'primary' });
    expect(whyNotOwned(s, IDENTITY)).toMatch(/does not match its region eu-central-1 \(backup\)/);
    expect(decide(s)).toMatchObject({ action: 'skip', rule: 'not-owned' });
  });

  it.each<[string, string | undefined]>([
    ['tagged backup', 'backup'],
    ['tagged primary', 'primary'],
    ['without a region-role tag', undefined],
  ])('in a third region, %s (otherwise every tag of ours)', (_name, role) => {
    const s = withTags(inRegion(owned(OLD, { role: 'backup', id: 'subject' }), THIRD_REGION), { [RETENTION_TAGS.regionRole]: role });
    expect(whyNotOwned(s, IDENTITY)).toBe(
      'in region us-east-1, which is neither the primary (eu-west-1) nor the backup (eu-central-1) region',
    );
    expect(regionRoleOf(THIRD_REGION, IDENTITY)).toBeUndefined();
    const plan = planRetention({ snapshots: [s], now: new Date(NOW), identity: IDENTITY });
    expect(plan.decisions[0]).toMatchObject({ action: 'skip', rule: 'not-owned' });
  });

  it('the role of a region is the one the identity gives it', () => {
    expect(regionRoleOf(IDENTITY.primaryRegion, IDENTITY)).toBe('primary');
    expect(regionRoleOf(IDENTITY.backupRegion, IDENTITY)).toBe('backup');
  });

  it('the managed-by value is this system', () => {
    expect(MANAGED_BY).toBe('muejam-backup-dr');
    expect(ours.tags[RETENTION_TAGS.managedBy]).toBe(MANAGED_BY);
  });
});

describe('verified means a non-blank verified-at tag', () => {
  it.each<[string, string | undefined, boolean]>([
    ['an ISO time', '2026-11-24T04:00:00.000Z', true],
    ['missing', undefined, false],
    ['empty', '', false],
    ['whitespace only', '  \t ', false],
  ])('verified-at %s', (_name, value, verified) => {
    const s = withTags(owned(OLD), { [RETENTION_TAGS.verifiedAt]: value });
    expect(isVerified(s)).toBe(verified);
  });

  it.each(['', '   '])('a backup whose verified-at is %j does not hold a floor slot', (blank) => {
    // Floor 1, nothing else holds them: only a verified backup may be the floor.
    const older = owned(OLD, { id: 'older' });
    const blankVerified = withTags(owned(OLD + DAY, { id: 'blank' }), { [RETENTION_TAGS.verifiedAt]: blank });
    const plan = planRetention({
      snapshots: [older, blankVerified, copyOf(older), copyOf(blankVerified)],
      now: new Date(NOW),
      identity: IDENTITY,
      policy: { floor: 1 },
    });
    const primary = (id: string) => plan.decisions.find((d) => d.id === id && d.region === IDENTITY.primaryRegion)!;
    expect(primary('blank')).toMatchObject({ action: 'delete', verified: false });
    expect(primary('older')).toMatchObject({ action: 'keep', rule: 'floor', verified: true });
  });

  it.each(['', '   '])('a backup-region copy whose verified-at is %j does not make its primary look safely copied', (blank) => {
    // The subject is 4 days old (past keep-last by 3 days, within the 7-day grace); two newer backups hold the day and the floor.
    const subject = owned(NOW - 4 * DAY - 7 * HOUR, { id: 'subject' });
    const sameDayLater = owned(NOW - 4 * DAY - 6 * HOUR, { id: 'later' });
    const copy = withTags(copyOf(subject), { [RETENTION_TAGS.verifiedAt]: blank });
    const snapshots = [owned(NOW - HOUR), owned(NOW - 2 * HOUR), owned(NOW - 3 * HOUR), subject, sameDayLater, copy];
    const plan = planRetention({ snapshots, now: new Date(NOW), identity: IDENTITY });
    expect(plan.decisions.find((d) => d.arn === subject.arn)).toMatchObject({ action: 'keep', rule: 'awaiting-verified-copy' });
  });
});

describe('copy-of names the source of a copy', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['an ARN', 'arn:aws:rds:eu-west-1:1:snapshot:a', 'arn:aws:rds:eu-west-1:1:snapshot:a'],
    ['an ARN with surrounding blanks', '  arn:aws:rds:eu-west-1:1:snapshot:a ', 'arn:aws:rds:eu-west-1:1:snapshot:a'],
    ['missing', undefined, undefined],
    ['empty', '', undefined],
    ['blank', '   ', undefined],
  ])('%s', (_name, value, source) => {
    expect(copySourceOf(withTags(owned(OLD, { role: 'backup' }), { [RETENTION_TAGS.copyOf]: value }))).toBe(source);
  });

  it('a verified copy whose copy-of carries blanks around the ARN still marks its primary copied', () => {
    const subject = owned(NOW - 4 * DAY - 7 * HOUR, { id: 'subject' });
    const copy = withTags(copyOf(subject), { [RETENTION_TAGS.copyOf]: ` ${subject.arn}  ` });
    const snapshots = [owned(NOW - HOUR), owned(NOW - 2 * HOUR), owned(NOW - 3 * HOUR), subject, owned(NOW - 4 * DAY - 6 * HOUR), copy];
    const plan = planRetention({ snapshots, now: new Date(NOW), identity: IDENTITY });
    expect(plan.decisions.find((d) => d.arn === subject.arn)).toMatchObject({ action: 'delete', rule: 'expired' });
  });
});

describe('validateRetentionIdentity', () => {
  it.each([
    { deploymentId: 'prod', primaryRegion: 'eu-west-1', backupRegion: 'eu-central-1' },
    { deploymentId: 'a', primaryRegion: 'us-gov-west-1', backupRegion: 'ap-southeast-2' },
    { deploymentId: `p${'-'.repeat(30)}9`, primaryRegion: 'eu-west-1', backupRegion: 'eu-west-10' },
    { deploymentId: '1st', primaryRegion: 'eu-west-1', backupRegion: 'eu-west-2' },
  ])('accepts %j and returns exactly its three fields', (identity) => {
    expect(validateRetentionIdentity({ ...identity, extra: 'ignored' })).toEqual(identity);
  });

  it.each<[unknown, RegExp]>([
    [undefined, /^identity: must be an object/],
    [null, /^identity: must be an object/],
    ['prod', /^identity: must be an object/],
    [{ ...IDENTITY, deploymentId: 42 }, /^identity\.deploymentId: must be 1-32 lowercase/],
    [{ ...IDENTITY, deploymentId: '' }, /^identity\.deploymentId: /],
    [{ ...IDENTITY, deploymentId: 'x'.repeat(33) }, /^identity\.deploymentId: /],
    [{ ...IDENTITY, deploymentId: '-prod' }, /^identity\.deploymentId: /],
    [{ ...IDENTITY, deploymentId: 'Prod' }, /^identity\.deploymentId: /],
    [{ ...IDENTITY, deploymentId: 'prod!' }, /^identity\.deploymentId: /],
    [{ ...IDENTITY, deploymentId: 'pr od' }, /^identity\.deploymentId: /],
    [{ ...IDENTITY, primaryRegion: undefined }, /^identity\.primaryRegion: must be an AWS region name such as eu-west-1 \(got undefined\)/],
    [{ ...IDENTITY, primaryRegion: 'EU-west-1' }, /^identity\.primaryRegion: .*\(got "EU-west-1"\)/],
    [{ ...IDENTITY, primaryRegion: 'xeu-west-1' }, /^identity\.primaryRegion: /],
    [{ ...IDENTITY, primaryRegion: 'eu-west-1a' }, /^identity\.primaryRegion: /],
    [{ ...IDENTITY, primaryRegion: 'eu-west' }, /^identity\.primaryRegion: /],
    [{ ...IDENTITY, primaryRegion: 'euwest-1' }, /^identity\.primaryRegion: /],
    [{ ...IDENTITY, primaryRegion: 'eu--1' }, /^identity\.primaryRegion: /],
    [{ ...IDENTITY, backupRegion: 'mars' }, /^identity\.backupRegion: .*\(got "mars"\)/],
    [{ ...IDENTITY, backupRegion: 7 }, /^identity\.backupRegion: .*\(got 7\)/],
    [{ ...IDENTITY, backupRegion: IDENTITY.primaryRegion }, /^identity\.backupRegion: must differ from primaryRegion$/],
  ])('refuses %j, naming the field', (input, why) => {
    expect(() => validateRetentionIdentity(input)).toThrow(why);
  });

  it.each<[string, unknown]>([
    ['a list holding a region name', ['eu-west-2']],
    ['an object whose text is a region name', { toString: () => 'eu-west-2' }],
  ])('a region must be a string: %s is refused, even though its text is a region', (_name, region) => {
    expect(() => validateRetentionIdentity({ ...IDENTITY, backupRegion: region })).toThrow(
      /^identity\.backupRegion: must be an AWS region name/,
    );
  });

  it('names the field it was given', () => {
    expect(() => validateRetentionIdentity({ ...IDENTITY, backupRegion: 'x' }, 'request.identity')).toThrow(
      /^request\.identity\.backupRegion: /,
    );
  });
});
