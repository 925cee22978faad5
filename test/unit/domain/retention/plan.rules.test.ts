/**
 * Retention rules stated one at a time, each in a setting where nothing else decides the outcome
 * (found missing by mutation testing: docs/CONTRIBUTING.md "Mutation testing").
 * Default policy: keep-last 24 h, daily 30 d, weekly 90 d, monthly off, floor 3, grace 7 d.
 */
import { RETENTION_TAGS } from '../../../../lambdas/domain/retention/ownership';
import { planRetention } from '../../../../lambdas/domain/retention/plan';
import type { RetentionPlan, RetentionSnapshot } from '../../../../lambdas/domain/retention/types';
import { copyOf, DAY, HOUR, IDENTITY, owned } from './fixtures';

const NOW = Date.parse('2026-11-24T03:00:00Z');

function plan(snapshots: RetentionSnapshot[], policy = {}): RetentionPlan {
  return planRetention({ snapshots, now: new Date(NOW), identity: IDENTITY, policy });
}
const decisionOf = (p: RetentionPlan, s: RetentionSnapshot) => p.decisions.find((d) => d.arn === s.arn)!;

/**
 * A primary backup 4 days old that only keep-last ever held (past policy by 3 days, inside the 7-day grace):
 * three newer backups hold the floor, a later one the same day holds the day and the ISO week.
 */
function pastPolicyPrimary(): { subject: RetentionSnapshot; others: RetentionSnapshot[] } {
  const subject = owned(NOW - 4 * DAY - 7 * HOUR, { id: 'subject' });
  const others = [owned(NOW - HOUR), owned(NOW - 2 * HOUR), owned(NOW - 3 * HOUR), owned(NOW - 4 * DAY - 6 * HOUR, { id: 'later' })];
  return { subject, others };
}

describe('only a verified copy in the backup region lets a past-policy primary go without the grace', () => {
  it('the reference: with its verified backup-region copy it is deleted as soon as it is past policy', () => {
    const { subject, others } = pastPolicyPrimary();
    expect(decisionOf(plan([subject, ...others, copyOf(subject)]), subject)).toMatchObject({ action: 'delete', rule: 'expired' });
  });

  it('a verified primary-region snapshot tagged copy-of the subject does not count as its copy', () => {
    const { subject, others } = pastPolicyPrimary();
    const sameRegionCopy = owned(NOW - 5 * HOUR, { id: 'same-region-copy', copyOf: subject.arn });
    const p = plan([subject, ...others, sameRegionCopy]);
    expect(decisionOf(p, sameRegionCopy)).toMatchObject({ action: 'keep' }); // it is itself one of ours, a candidate
    expect(decisionOf(p, subject)).toMatchObject({ action: 'keep', rule: 'awaiting-verified-copy' });
  });

  it("another deployment's verified backup-region copy of the subject does not count", () => {
    const { subject, others } = pastPolicyPrimary();
    const foreignCopy = copyOf(subject, { deploymentId: 'staging' });
    expect(decisionOf(plan([subject, ...others, foreignCopy]), subject)).toMatchObject({ action: 'keep', rule: 'awaiting-verified-copy' });
  });

  it('a verified copy naming another primary does not count for the subject', () => {
    const { subject, others } = pastPolicyPrimary();
    const copyOfOther = copyOf(others[0]);
    expect(decisionOf(plan([subject, ...others, copyOfOther]), subject)).toMatchObject({ action: 'keep', rule: 'awaiting-verified-copy' });
  });

  it('a backup-region copy is never held back by the grace itself (only primaries wait for a copy)', () => {
    const { subject, others } = pastPolicyPrimary();
    const copy = copyOf(subject, { verified: false });
    const backupOthers = others.map((o) => copyOf(o));
    expect(decisionOf(plan([subject, ...others, copy, ...backupOthers]), copy)).toMatchObject({ action: 'delete', rule: 'expired' });
  });
});

describe('copy-of read from the tag', () => {
  it('a verified backup-region snapshot without copy-of marks no primary copied', () => {
    const { subject, others } = pastPolicyPrimary();
    const copy = copyOf(subject);
    delete copy.tags[RETENTION_TAGS.copyOf];
    expect(decisionOf(plan([subject, ...others, copy]), subject)).toMatchObject({ action: 'keep', rule: 'awaiting-verified-copy' });
  });
});
