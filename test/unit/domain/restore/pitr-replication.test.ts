/** The pure replication decision and the backup-region PITR lag (property-tested: never negative, monotone in now). */
import fc from 'fast-check';
import {
  backupRegionPitrLagSeconds,
  newestRestorableTime,
  type ReplicationFacts,
  replicationDecision,
} from '../../../../lambdas/domain/restore/pitr-replication';

const source = { arn: 'arn:aws:rds:us-east-1:1:db:d', encrypted: true, retentionDays: 7, status: 'available', replicationArns: [] };
const facts = (o: Partial<ReplicationFacts> = {}): ReplicationFacts => ({
  db: 'd',
  backupRegion: 'us-west-2',
  source,
  replicated: [],
  ...o,
});

test('start when nothing is replicated, running when a replicated backup is on, refusals with the reason', () => {
  expect(replicationDecision(facts())).toMatchObject({ action: 'start', sourceArn: source.arn });
  for (const status of ['replicating', 'pending', 'creating', 'active'])
    expect(replicationDecision(facts({ replicated: [{ arn: 'a', status }] }))).toMatchObject({ action: 'running', arn: 'a', status });
  expect(replicationDecision(facts({ replicated: [{ arn: 'a', status: 'retained' }] }))).toMatchObject({ action: 'start' });
  expect(
    replicationDecision(facts({ source: { ...source, replicationArns: ['arn:aws:rds:us-west-2:1:auto-backup:ab-1'] } })),
  ).toMatchObject({
    action: 'running',
  });
  // A replication to another region does not count.
  expect(
    replicationDecision(facts({ source: { ...source, replicationArns: ['arn:aws:rds:eu-west-1:1:auto-backup:ab-1'] } })),
  ).toMatchObject({
    action: 'start',
  });
  expect(replicationDecision(facts({ source: undefined }))).toMatchObject({ action: 'refuse' });
  expect(replicationDecision(facts({ source: { ...source, retentionDays: 0 } }))).toMatchObject({
    action: 'refuse',
    reason: expect.stringContaining('BackupRetentionPeriod 0'),
  });
  expect(replicationDecision(facts({ source: { ...source, encrypted: false } }))).toMatchObject({
    action: 'refuse',
    reason: expect.stringContaining('not encrypted'),
  });
  expect(replicationDecision(facts({ source: { ...source, status: 'deleting' } }))).toMatchObject({ action: 'refuse' });
});

test('property: a database already replicating is never started again, whatever else is true', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('replicating', 'pending', 'creating', 'active'),
      fc.boolean(),
      fc.integer({ min: 0, max: 35 }),
      fc.constantFrom('available', 'stopped', 'deleting', 'modifying'),
      (status, encrypted, retentionDays, instanceStatus) => {
        const d = replicationDecision(
          facts({ source: { ...source, encrypted, retentionDays, status: instanceStatus }, replicated: [{ arn: 'x', status }] }),
        );
        return d.action === 'running';
      },
    ),
  );
});

test('property: lag is whole seconds, never negative, and grows with now; the newest window end wins', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 10 ** 7 }), { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 0, max: 10 ** 6 }),
      (agesSeconds, later) => {
        const now = new Date('2026-12-03T05:00:00Z');
        const newest = newestRestorableTime(agesSeconds.map((a, i) => ({ arn: `a${i}`, latestTime: new Date(now.getTime() - a * 1000) })));
        const lag = backupRegionPitrLagSeconds(newest, now)!;
        const lagLater = backupRegionPitrLagSeconds(newest, new Date(now.getTime() + later * 1000))!;
        return lag === Math.min(...agesSeconds) && Number.isInteger(lag) && lag >= 0 && lagLater >= lag;
      },
    ),
  );
  expect(backupRegionPitrLagSeconds(undefined, new Date())).toBeNull();
  expect(newestRestorableTime([{ latestTime: new Date() }])).toBeUndefined();
});
