import fc from 'fast-check';
import {
  evaluateFailoverGuards,
  formatGuards,
  type GuardEvidence,
  guardAvailable,
  guardIsReplicaOfPrimary,
  guardNotBackingUp,
  guardReplicationNormal,
  guardTargetOwned,
  PROMOTED_FROM_TAG,
  wasPromotedFrom,
} from '../../../../lambdas/domain/failover/guards';
import { instanceFacts, isReplicaOf } from '../../../../lambdas/domain/failover/instance-facts';
import { ago, downSignals, NOW, primary, replica, upSignals } from './fixtures';

const settings = { maxLagSeconds: 60, confirmMinutes: 5 };
const noForce = { force: false, reason: '' };
const evidence = (o: Partial<GuardEvidence> = {}): GuardEvidence => ({
  database: 'muejam-db-prod',
  deploymentId: 'prod',
  primary: primary(),
  primarySignals: downSignals(),
  target: replica(),
  targetId: 'muejam-db-prod-replica',
  lag: [{ timestamp: ago(30), value: 4 }],
  now: NOW,
  ...o,
});
const refused = (e: GuardEvidence, r = noForce) =>
  evaluateFailoverGuards(e, settings, r)
    .guards.filter((x) => !x.passed)
    .map((x) => x.guard);

describe('failover guards', () => {
  it('a clean failover passes every guard, in order, with evidence, and reports the lag as RPO', () => {
    const out = evaluateFailoverGuards(evidence(), settings, noForce);
    expect(out.decision).toBe('proceed');
    expect(out.lagSeconds).toBe(4);
    expect(out.forced).toBe(false);
    expect(out.guards.map((x) => x.guard)).toEqual([
      'target-owned-by-deployment',
      'target-is-replica-of-primary',
      'target-available',
      'replication-normal',
      'target-not-backing-up',
      'lag-within-max',
      'primary-unhealthy',
    ]);
    expect(out.guards.every((x) => x.passed && x.evidence.length > 0)).toBe(true);
  });

  it('refuses a target that does not exist, and judges nothing else', () => {
    const out = evaluateFailoverGuards(evidence({ target: undefined, targetId: 'nope' }), settings, noForce);
    expect(out).toEqual({
      decision: 'refuse',
      forced: false,
      guards: [{ guard: 'target-exists', passed: false, evidence: 'nope does not exist' }],
    });
  });

  it('refuses when the target already serves the database (failover already completed): a no-op re-run', () => {
    const out = evaluateFailoverGuards(evidence({ primary: replica({ sourceId: undefined }) }), settings, noForce);
    expect(out.decision).toBe('refuse');
    expect(out.guards).toEqual([expect.objectContaining({ guard: 'target-is-not-current-primary', passed: false })]);
  });

  it('refuses a target another deployment (or nobody) owns', () => {
    expect(
      refused(evidence({ target: replica({ tags: { 'muejam:managed-by': 'muejam-backup-dr', 'muejam:deployment': 'staging' } }) })),
    ).toEqual(['target-owned-by-deployment']);
    expect(refused(evidence({ target: replica({ tags: { 'muejam:deployment': 'prod' } }) }))).toEqual(['target-owned-by-deployment']);
    expect(guardTargetOwned(replica({ tags: {} }), 'prod').evidence).toContain('has muejam:deployment=(none)');
  });

  it('refuses a target that is not a read replica of this primary', () => {
    expect(refused(evidence({ target: replica({ sourceId: undefined }) }))).toEqual(['target-is-replica-of-primary']);
    expect(refused(evidence({ target: replica({ sourceId: 'other-db' }) }))).toEqual(['target-is-replica-of-primary']);
    expect(guardIsReplicaOfPrimary(replica({ sourceId: 'other-db' }), primary()).evidence).toBe(
      'muejam-db-prod-replica is a replica of other-db, not of muejam-db-prod',
    );
    expect(guardIsReplicaOfPrimary(replica({ sourceId: undefined }), primary()).evidence).toContain('is not a read replica');
  });

  it('matches the source by id or by exact ARN only', () => {
    const p = primary();
    expect(isReplicaOf({ sourceId: p.arn }, p)).toBe(true);
    expect(isReplicaOf({ sourceId: 'muejam-db-prod' }, p)).toBe(true);
    expect(isReplicaOf({ sourceId: 'arn:aws:rds:eu-west-1:123456789012:db:muejam-db-prod' }, p)).toBe(false);
    expect(isReplicaOf({ sourceId: undefined }, p)).toBe(false);
    expect(isReplicaOf({ sourceId: 'x' }, { id: '', arn: '' })).toBe(false);
    expect(isReplicaOf({ sourceId: '' }, { id: '', arn: '' })).toBe(false);
  });

  it('refuses a target that is not available', () => {
    for (const status of ['modifying', 'rebooting', 'storage-full', 'creating']) {
      expect(refused(evidence({ target: replica({ status }) }))).toEqual(['target-available']);
    }
    expect(guardAvailable(replica({ status: 'modifying' })).evidence).toBe('muejam-db-prod-replica status modifying (must be available)');
  });

  it('refuses a backing-up target (PromoteReadReplica refuses it in AWS)', () => {
    expect(refused(evidence({ target: replica({ status: 'backing-up' }) }))).toEqual(['target-available', 'target-not-backing-up']);
    expect(guardNotBackingUp(replica({ status: 'backing-up' }))).toMatchObject({ passed: false });
    expect(guardNotBackingUp(replica({ status: 'available' }))).toMatchObject({ passed: true });
  });

  it('refuses when replication is not normal, and when RDS reports no replication status at all', () => {
    expect(
      refused(evidence({ target: replica({ replication: { status: 'error', normal: false, message: 'IO thread stopped' } }) })),
    ).toEqual(['replication-normal']);
    expect(refused(evidence({ target: replica({ replication: { status: 'replicating', normal: false } }) }))).toEqual([
      'replication-normal',
    ]);
    expect(refused(evidence({ target: replica({ replication: { status: 'stopped', normal: true } }) }))).toEqual(['replication-normal']);
    expect(refused(evidence({ target: replica({ replication: undefined }) }))).toEqual(['replication-normal']);
    expect(guardReplicationNormal(replica({ replication: { status: 'error', normal: false, message: 'IO' } })).evidence).toBe(
      'read replication error, normal=false, IO (must be replicating and normal)',
    );
    expect(guardReplicationNormal(replica()).evidence).toBe('read replication replicating, normal=true');
  });

  it('refuses when the lag is over the maximum or has no fresh datapoint', () => {
    expect(refused(evidence({ lag: [{ timestamp: ago(30), value: 61 }] }))).toEqual(['lag-within-max']);
    expect(refused(evidence({ lag: [{ timestamp: ago(301), value: 0 }] }))).toEqual(['lag-within-max']);
    expect(refused(evidence({ lag: [] }))).toEqual(['lag-within-max']);
  });

  it('refuses when the primary is not confirmed down; force with a reason overrides only that guard', () => {
    expect(refused(evidence({ primarySignals: upSignals() }))).toEqual(['primary-unhealthy']);
    const forced = evaluateFailoverGuards(evidence({ primarySignals: upSignals() }), settings, { force: true, reason: 'AZ drill' });
    expect(forced).toMatchObject({ decision: 'proceed', forced: true });
    const stillLagging = evaluateFailoverGuards(evidence({ primarySignals: upSignals(), lag: [] }), settings, {
      force: true,
      reason: 'AZ drill',
    });
    expect(stillLagging.decision).toBe('refuse');
    expect(stillLagging.guards.filter((x) => !x.passed).map((x) => x.guard)).toEqual(['lag-within-max']);
  });

  it('resumes after promotion when the target was promoted by this deployment from this primary (tags)', () => {
    const promoted = replica({
      sourceId: undefined,
      tags: { ...replica().tags, [PROMOTED_FROM_TAG]: 'muejam-db-prod', 'muejam:failover-execution': 'run-1' },
    });
    const out = evaluateFailoverGuards(evidence({ target: promoted, lag: [], primarySignals: upSignals() }), settings, noForce);
    expect(out.decision).toBe('resume-after-promotion');
    expect(out.guards.map((x) => x.guard)).toEqual(['target-owned-by-deployment', 'promoted-by-this-deployment']);
    expect(out.guards[1].evidence).toContain('by execution run-1: resuming after promotion');
  });

  it('does not resume for an instance promoted from another primary, for another database or deployment, or still a replica', () => {
    const base = { ...replica().tags, [PROMOTED_FROM_TAG]: 'muejam-db-prod' };
    expect(wasPromotedFrom(replica({ sourceId: undefined, tags: base }), 'muejam-db-prod', 'muejam-db-prod', 'prod')).toBe(true);
    expect(wasPromotedFrom(replica({ sourceId: 'muejam-db-prod', tags: base }), 'muejam-db-prod', 'muejam-db-prod', 'prod')).toBe(false);
    expect(wasPromotedFrom(replica({ sourceId: undefined, tags: base }), 'other', 'muejam-db-prod', 'prod')).toBe(false);
    expect(wasPromotedFrom(replica({ sourceId: undefined, tags: base }), 'muejam-db-prod', 'other-db', 'prod')).toBe(false);
    expect(wasPromotedFrom(replica({ sourceId: undefined, tags: base }), 'muejam-db-prod', 'muejam-db-prod', 'staging')).toBe(false);
    const notOwned = { [PROMOTED_FROM_TAG]: 'muejam-db-prod', 'muejam:resource': 'muejam-db-prod', 'muejam:deployment': 'prod' };
    const out = evaluateFailoverGuards(evidence({ target: replica({ sourceId: undefined, tags: notOwned }) }), settings, noForce);
    expect(out.decision).toBe('refuse');
  });

  it('reads the facts the guards judge from DescribeDBInstances', () => {
    const f = instanceFacts({
      DBInstanceIdentifier: 'r',
      DBInstanceArn: 'arn',
      DBInstanceStatus: 'available',
      ReadReplicaSourceDBInstanceIdentifier: 'p',
      StatusInfos: [
        { StatusType: 'other', Normal: false, Status: 'x' },
        { StatusType: 'read replication', Normal: true, Status: 'replicating' },
      ],
      StorageEncrypted: true,
      BackupRetentionPeriod: 3,
      Endpoint: { Address: 'r.host' },
      VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-1' }, {}],
      TagList: [{ Key: 'k', Value: 'v' }],
    });
    expect(f).toMatchObject({
      id: 'r',
      sourceId: 'p',
      replication: { status: 'replicating', normal: true },
      encrypted: true,
      backupRetentionDays: 3,
      endpoint: { address: 'r.host', port: 5432 },
      securityGroupIds: ['sg-1'],
      tags: { k: 'v' },
    });
    const empty = instanceFacts({ ReadReplicaSourceDBInstanceIdentifier: '', StatusInfos: [{ StatusType: 'read replication' }] });
    expect(empty).toMatchObject({
      id: '',
      status: 'unknown',
      sourceId: undefined,
      encrypted: false,
      backupRetentionDays: 0,
      endpoint: undefined,
    });
    expect(empty.replication).toEqual({ status: 'unknown', normal: false, message: undefined });
  });

  it('formats one line per guard', () => {
    expect(
      formatGuards([
        { guard: 'target-available', passed: true, evidence: 'e1' },
        { guard: 'lag-within-max', passed: false, evidence: 'e2' },
      ]),
    ).toBe('PASS target-available: e1\nREFUSE lag-within-max: e2');
  });

  it('property: proceeds only when every guard passes; any single bad fact refuses', () => {
    const world = fc.record({
      owned: fc.boolean(),
      replicaOf: fc.boolean(),
      status: fc.constantFrom('available', 'backing-up', 'modifying'),
      replication: fc.constantFrom('normal', 'error', 'absent'),
      lag: fc.constantFrom('ok', 'high', 'stale'),
      primaryDown: fc.boolean(),
    });
    fc.assert(
      fc.property(world, (w) => {
        const target = replica({
          status: w.status,
          sourceId: w.replicaOf ? 'muejam-db-prod' : 'other',
          replication:
            w.replication === 'normal'
              ? { status: 'replicating', normal: true }
              : w.replication === 'error'
                ? { status: 'error', normal: false }
                : undefined,
          tags: w.owned ? replica().tags : {},
        });
        const lag = w.lag === 'ok' ? [{ timestamp: ago(10), value: 1 }] : w.lag === 'high' ? [{ timestamp: ago(10), value: 999 }] : [];
        const out = evaluateFailoverGuards(
          evidence({ target, lag, primarySignals: w.primaryDown ? downSignals() : upSignals() }),
          settings,
          noForce,
        );
        const allGood = w.owned && w.replicaOf && w.status === 'available' && w.replication === 'normal' && w.lag === 'ok' && w.primaryDown;
        expect(out.decision).toBe(allGood ? 'proceed' : 'refuse');
        expect(out.guards).toHaveLength(7);
      }),
    );
  });
});
