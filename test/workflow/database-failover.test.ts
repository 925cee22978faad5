/**
 * Executes state-machines/database-failover.asl.json unchanged with the real
 * handlers in-process; AWS is the in-memory model of failover-world.ts.
 * Every guard branch, lock contention, resume after promotion, a DNS failure
 * after promotion and a stuck promotion (moto can show none of them).
 */
import { statesEntered } from '../../local/run-state-machine';
import {
  alerts,
  changes,
  DB,
  DENY_ALL,
  FAILOVER_INPUT,
  instance,
  RECORD,
  REPLICA,
  runFailover,
  setSettings,
  settings,
  world,
  ZONE,
  useFailoverWorld,
  replica,
  primary,
  failureAlert,
} from './failover-world';
import { awsError } from '../support/aws-error';

useFailoverWorld();

describe('database failover: the clean path', () => {
  it('fences, promotes, repoints DNS, moves the pointer, releases the lock and pages with RTO/RPO', async () => {
    const r = await runFailover();
    expect(r.status).toBe('SUCCEEDED');
    expect(changes()).toEqual([
      `ModifyDBInstance ${DB} ${DENY_ALL}`,
      `AddTagsToResource ${REPLICA}`,
      `PromoteReadReplica ${REPLICA} retention=7`,
      `UPSERT ${RECORD} 127.0.0.1 ttl=30`,
      `PutParameter ${REPLICA}`,
    ]);
    expect(world.lock).toBeUndefined();
    expect(world.calls.filter((c) => c.startsWith('Lock'))).toEqual(['LockAcquired', 'LockReleased']);
    expect(statesEntered(r)).toEqual([
      'AcquireLock',
      'EvaluateGuards',
      'ResumeOrFence',
      'FenceOldPrimary',
      'PromoteReplica',
      'WaitForPromotion',
      'CompleteFencing',
      'RepointDns',
      'WaitForDnsInSync',
      'RunPostChecks',
      'UpdatePointer',
      'ReleaseLock',
      'ReportFailover',
    ]);
    // 13 states + 2 promotion polls + 1 DNS poll.
    expect(r.transitions).toBe(16);
    expect(r.output.plan.guards.map((g: { guard: string; passed: boolean }) => `${g.guard}:${g.passed}`)).toEqual([
      'target-owned-by-deployment:true',
      'target-is-replica-of-primary:true',
      'target-available:true',
      'replication-normal:true',
      'target-not-backing-up:true',
      'lag-within-max:true',
      'primary-unhealthy:true',
    ]);
    expect(r.output.report).toMatchObject({
      database: DB,
      from: DB,
      to: REPLICA,
      rpoSeconds: 3,
      resumed: false,
      forced: false,
      warnings: [],
    });
    expect(r.output.report.nextSteps[0]).toContain(`npm run cli -- create-replica ${DB} --az`);
    const page = alerts().find((a) => a.error === 'FailoverCompleted');
    expect(page).toMatchObject({ kind: 'failure', severity: 'critical', resource: DB, step: 'failover completed' });
    expect(page.cause).toMatch(new RegExp(`failover of ${DB} completed: ${DB} -> ${REPLICA} .* RTO \\d+ s, RPO 3 s`));
    expect(failureAlert()).toBeUndefined();
  });

  it('a primary that is already stopped is not modified (already fenced); status + probe + alarm all say down', async () => {
    primary().DBInstanceStatus = 'stopped';
    const r = await runFailover();
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output.fence).toEqual({
      phase: 'before-promotion',
      action: 'nothing',
      note: `${DB} is stopped: already serving no connections`,
    });
    expect(changes()[0]).toBe(`AddTagsToResource ${REPLICA}`);
    expect(r.output.plan.guards.at(-1).evidence).toMatch(/^primary down on 3 of 3 signals/);
  });

  it('run twice: the second run is refused (the replica already serves the database) and changes nothing', async () => {
    await runFailover();
    const before = changes().length;
    const again = await runFailover(FAILOVER_INPUT, 'run-2');
    expect(again.status).toBe('FAILED');
    expect(again.error).toBe('FailoverRefused');
    expect(changes()).toHaveLength(before);
    expect(failureAlert().cause).toContain('target-is-not-current-primary');
    expect(world.lock).toBeUndefined();
  });
});

describe('database failover: every guard refuses with evidence and changes nothing', () => {
  const owned = () => replica().TagList!;
  const cases: [string, () => void, string][] = [
    [
      'target-owned-by-deployment',
      () => (replica().TagList = owned().filter((t) => t.Key !== 'muejam:deployment')),
      'is not tagged muejam:managed-by=muejam-backup-dr and muejam:deployment=wf',
    ],
    [
      'target-is-replica-of-primary',
      () => (replica().ReadReplicaSourceDBInstanceIdentifier = 'someone-elses-db'),
      'is a replica of someone-elses-db, not of muejam-db-prod',
    ],
    ['target-available', () => (replica().DBInstanceStatus = 'modifying'), 'status modifying (must be available)'],
    ['target-not-backing-up', () => (replica().DBInstanceStatus = 'backing-up'), 'PromoteReadReplica refuses it'],
    [
      'replication-normal',
      () => (replica().StatusInfos = [{ StatusType: 'read replication', Normal: false, Status: 'error', Message: 'IO thread stopped' }]),
      'read replication error, normal=false, IO thread stopped',
    ],
    [
      'replication-normal',
      () => (replica().StatusInfos = undefined),
      'RDS reports no read replication status: no evidence counts as unsafe',
    ],
    ['lag-within-max', () => (world.lag = [{ t: new Date(Date.now() - 20_000), v: 240 }]), 'ReplicaLag 240 s > max 60 s'],
    ['lag-within-max', () => (world.lag = [{ t: new Date(Date.now() - 400_000), v: 0 }]), 'no ReplicaLag datapoint in the last 300 s'],
    ['lag-within-max', () => (world.lag = []), 'no ReplicaLag datapoint in the last 300 s'],
    [
      'primary-unhealthy',
      () => {
        world.instances.set(DB, instance(DB, { ReadReplicaDBInstanceIdentifiers: [REPLICA] }));
        world.alarm = { state: 'OK', since: new Date(Date.now() - 3_600_000) };
      },
      '0 of 3 signals down, 2 needed (or force with a reason)',
    ],
    ['target-exists', () => world.instances.delete(REPLICA), `${REPLICA} does not exist`],
  ];
  it.each(cases)('%s: %s', async (guard, arrange, evidence) => {
    arrange();
    const r = await runFailover();
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('FailoverRefused');
    expect(changes()).toEqual([]);
    expect(world.lock).toBeUndefined();
    const a = failureAlert();
    expect(a).toMatchObject({
      workflow: 'database-failover',
      resource: DB,
      severity: 'critical',
      error: 'FailoverRefused',
      step: 'guards (refused; nothing was changed)',
    });
    expect(a.cause).toContain(`REFUSE ${guard}: `);
    expect(a.cause).toContain(evidence);
    expect(statesEntered(r)).toEqual([
      'AcquireLock',
      'EvaluateGuards',
      'EvaluateGuardsFailed',
      'ReleaseLockAfterFailure',
      'NotifyFailure',
      'FailoverFailed',
    ]);
  });

  it('primary-unhealthy: one signal alone (the alarm) is not enough', async () => {
    world.instances.set(DB, instance(DB, { ReadReplicaDBInstanceIdentifiers: [REPLICA] }));
    expect(world.alarm?.state).toBe('ALARM');
    const r = await runFailover();
    expect(r.error).toBe('FailoverRefused');
    expect(failureAlert().cause).toContain('1 of 3 signals down');
    expect(changes()).toEqual([]);
  });

  it('force with a reason fails over a healthy-looking primary and says so in the report and page', async () => {
    world.instances.set(DB, instance(DB, { ReadReplicaDBInstanceIdentifiers: [REPLICA] }));
    world.alarm = undefined;
    const r = await runFailover({ ...FAILOVER_INPUT, force: true, reason: 'planned AZ evacuation' });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output.report.forced).toBe(true);
    expect(r.output.plan.guards.find((g: { guard: string }) => g.guard === 'primary-unhealthy').evidence).toContain(
      'FORCED by the operator ("planned AZ evacuation")',
    );
    expect(alerts().find((a) => a.error === 'FailoverCompleted').cause).toContain('FORCED');
  });

  const badInput: [string, unknown, RegExp][] = [
    ['force without a reason', { dbInstanceIdentifier: DB, force: true }, /input\.reason: is required with "force": true/],
    ['an unknown database', { dbInstanceIdentifier: 'other-db', reason: 'x' }, /input\.dbInstanceIdentifier: unknown database "other-db"/],
    ['a misspelt field', { dbInstanceIdentifier: DB, reason: 'x', froce: true }, /did you mean `force`/],
  ];
  it.each(badInput)('bad input (%s) is refused before the lock; nothing changes', async (_what, input, message) => {
    const r = await runFailover(input);
    expect(r.error).toBe('InvalidInput');
    expect(failureAlert().cause).toMatch(message);
    expect(world.calls).toEqual([]);
    expect(statesEntered(r)).toEqual(['AcquireLock', 'AcquireLockFailed', 'ReleaseLockAfterFailure', 'NotifyFailure', 'FailoverFailed']);
  });

  it('--to an instance that is not a replica of this primary is refused', async () => {
    world.instances.set(
      'muejam-db-other',
      instance('muejam-db-other', { ReadReplicaSourceDBInstanceIdentifier: 'other-primary', TagList: replica().TagList }),
    );
    const r = await runFailover({ ...FAILOVER_INPUT, targetReplicaId: 'muejam-db-other' });
    expect(r.error).toBe('FailoverRefused');
    expect(failureAlert().cause).toContain(
      'REFUSE target-is-replica-of-primary: muejam-db-other is a replica of other-primary, not of muejam-db-prod',
    );
    expect(changes()).toEqual([]);
  });

  it('no DNS record configured: refused, nothing changed', async () => {
    setSettings({ databases: { [DB]: { replica: { id: REPLICA, availabilityZone: 'us-east-1b' }, denyAllSecurityGroupId: DENY_ALL } } });
    const r = await runFailover();
    expect(r.error).toBe('FailoverRefused');
    expect(failureAlert().cause).toContain('dns: no record is configured for this database');
    expect(changes()).toEqual([]);
  });

  it('security-group fencing without a deny-all group: refused, nothing changed', async () => {
    setSettings({
      databases: { [DB]: { replica: { id: REPLICA, availabilityZone: 'us-east-1b' }, dns: { hostedZoneId: ZONE, recordName: RECORD } } },
    });
    const r = await runFailover();
    expect(r.error).toBe('FailoverRefused');
    expect(failureAlert().cause).toContain('denyAllSecurityGroupId is not configured');
    expect(changes()).toEqual([]);
  });

  it('a drill may not repoint the production record', async () => {
    const r = await runFailover({ ...FAILOVER_INPUT, dns: { hostedZoneId: ZONE, recordName: RECORD } });
    expect(r.error).toBe('FailoverRefused');
    expect(failureAlert().cause).toContain('is the production record; a drill must use its own record');
    expect(changes()).toEqual([]);
  });
});

describe('database failover: single flight', () => {
  it('a second failover while one runs is refused; the running one keeps its lock', async () => {
    world.lock = { holder: 'arn:aws:states:us-east-1:123456789012:execution:m:run-0', since: '2026-12-03T03:00:00Z' };
    world.executions.set(world.lock.holder, 'RUNNING');
    const r = await runFailover();
    expect(r.error).toBe('FailoverLockHeld');
    expect(failureAlert().cause).toContain(
      'a failover of this database is already running: arn:aws:states:us-east-1:123456789012:execution:m:run-0',
    );
    expect(world.lock?.holder).toContain('run-0');
    expect(changes()).toEqual([]);
  });

  it('a lock left by an aborted execution is taken over (Step Functions says it ended)', async () => {
    world.lock = { holder: 'arn:aws:states:us-east-1:123456789012:execution:m:run-0', since: '2026-12-03T03:00:00Z' };
    world.executions.set(world.lock.holder, 'ABORTED');
    const r = await runFailover();
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output.lock.tookOverFrom).toContain('run-0');
    expect(world.lock).toBeUndefined();
  });

  it('two failovers started together: exactly one takes the lock and fails over; the other is refused', async () => {
    const [a, b] = await Promise.all([runFailover(FAILOVER_INPUT, 'run-a'), runFailover(FAILOVER_INPUT, 'run-b')]);
    const statuses = [a.error ?? a.status, b.error ?? b.status].sort();
    expect(statuses).toContain('SUCCEEDED');
    expect(changes().filter((c) => c.startsWith('PromoteReadReplica'))).toHaveLength(1);
    expect(world.lock).toBeUndefined();
  });
});

describe('database failover: after promotion', () => {
  it('a DNS failure after promotion alerts with the exact command to finish; a re-run resumes at the DNS step', async () => {
    world.failRoute53 = awsError('InvalidChangeBatch', 'RRSet of type CNAME with DNS name db.muejam.internal. is not permitted');
    const first = await runFailover();
    expect(first.status).toBe('FAILED');
    expect(first.error).toBe('FailoverStepFailed');
    const a = failureAlert();
    expect(a.step).toBe('repoint DNS');
    expect(a.cause).toContain(`Finish by hand: aws route53 change-resource-record-sets --hosted-zone-id ${ZONE} --change-batch '`);
    expect(a.cause).toContain(`"Name":"${RECORD}","Type":"CNAME","TTL":30,"ResourceRecords":[{"Value":"127.0.0.1"}]`);
    expect(a.cause).toContain(
      `re-run, which resumes at this step: npm run cli -- failover ${DB} --to ${REPLICA} --reason "primary unreachable since 03:02"`,
    );
    expect(world.lock).toBeUndefined();
    expect(world.pointer).toBeUndefined();

    world.failRoute53 = undefined;
    const promotionsBefore = changes().filter((c) => c.startsWith('PromoteReadReplica')).length;
    const again = await runFailover(FAILOVER_INPUT, 'run-2');
    expect(again.status).toBe('SUCCEEDED');
    expect(statesEntered(again).slice(0, 5)).toEqual([
      'AcquireLock',
      'EvaluateGuards',
      'ResumeOrFence',
      'WaitForPromotion',
      'CompleteFencing',
    ]);
    expect(statesEntered(again)).not.toContain('PromoteReplica');
    expect(statesEntered(again)).not.toContain('FenceOldPrimary');
    expect(changes().filter((c) => c.startsWith('PromoteReadReplica'))).toHaveLength(promotionsBefore);
    expect(again.output.plan.guards.map((g: { guard: string }) => g.guard)).toEqual([
      'target-owned-by-deployment',
      'promoted-by-this-deployment',
    ]);
    expect(world.records.get(RECORD)).toBe('127.0.0.1');
    expect(world.pointer).toBe(REPLICA);
    expect(again.output.report.resumed).toBe(true);
  });

  it('a promotion that never finishes exhausts the wait budget, then alerts with its state; the lock is released', async () => {
    world.promotionPolls = 10_000;
    const r = await runFailover();
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('NotReady');
    const a = failureAlert();
    expect(a.step).toBe('wait for promotion (budget about 90 minutes)');
    expect(a.cause).toContain(`${REPLICA} is modifying, still a replica of ${DB} (promotion in progress)`);
    expect(a.cause).toContain(`re-run (it resumes at the DNS step): npm run cli -- failover ${DB}`);
    expect(r.events.filter((e) => e.type === 'StateRetried' && e.state?.name === 'WaitForPromotion')).toHaveLength(50);
    expect(world.lock).toBeUndefined();
    expect(changes().some((c) => c.startsWith('UPSERT'))).toBe(false);
  });

  it('stop fencing stops the old primary right after promotion (AWS refuses to stop an instance with a replica)', async () => {
    setSettings({ ...settings, fencing: 'stop' });
    const r = await runFailover();
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output.fence.note).toBe('stop fencing runs after-promotion');
    expect(changes().slice(0, 3)).toEqual([
      `AddTagsToResource ${REPLICA}`,
      `PromoteReadReplica ${REPLICA} retention=7`,
      `StopDBInstance ${DB}`,
    ]);
    expect(primary().DBInstanceStatus).toBe('stopped');
  });

  it('fencing none: no fence, and the report and page carry the warning', async () => {
    setSettings({ ...settings, fencing: 'none' });
    const r = await runFailover();
    expect(r.status).toBe('SUCCEEDED');
    expect(changes().some((c) => c.startsWith('ModifyDBInstance') || c.startsWith('StopDBInstance'))).toBe(false);
    expect(r.output.report.warnings).toEqual([
      `fencing is off (muejam.failover.fencing=none): ${DB} may still accept writes from open connections`,
    ]);
    expect(alerts().find((a) => a.error === 'FailoverCompleted').cause).toContain('WARNING: fencing is off');
  });

  it('post-check: a new primary that accepts no connection fails the run with what to check; DNS already points at it', async () => {
    replica().Endpoint = { Address: '127.0.0.1', Port: 1 };
    const r = await runFailover();
    expect(r.error).toBe('FailoverStepFailed');
    expect(failureAlert().cause).toContain(`post-check: the new primary ${REPLICA} accepts no connection`);
    expect(world.lock).toBeUndefined();
  });
});
