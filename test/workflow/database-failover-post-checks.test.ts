/**
 * The failover's write probe, executing state-machines/database-failover.asl.json unchanged with
 * the real handlers in-process: the new primary is a real PostgreSQL engine (PGlite) that the
 * probe connects to with the credentials it finds, proves out of recovery and writes to. What a
 * read-only new primary does to the run (fails after DNS, the re-run resumes), and what a probe
 * that cannot run says (a warning, never a silent pass).
 */
import { statesEntered } from '../../local/run-state-machine';
import {
  alerts,
  changes,
  DB,
  FAILOVER_INPUT,
  pg,
  RECORD,
  REPLICA,
  resetWorld,
  runFailover,
  SECRET,
  setSettings,
  settings,
  world,
  useFailoverWorld,
  failureAlert,
  secretReads,
} from './failover-world';

useFailoverWorld();

const completedPage = () => alerts().find((a) => a.error === 'FailoverCompleted');
const withoutSecretArn = () => ({
  ...settings,
  databases: { [DB]: { ...settings.databases[DB], secretArn: undefined } },
});
const MANAGED = (id: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-${id}-XyZ123`;
const CREDENTIALS = JSON.stringify({ username: 'postgres', password: 'local' });
/** PGlite serves one backend, so a session setting made here holds for the probe's connection too. */
const setReadOnly = (on: boolean) => pg.withClient((c) => c.query(`SET default_transaction_read_only = ${on ? 'on' : 'off'}`));

describe('failover post-check: the write probe', () => {
  it('proves the new primary takes writes with the configured secret, and leaves nothing behind', async () => {
    const r = await runFailover();
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output.postChecks.writeProbe).toMatchObject({
      status: 'passed',
      credentialsFrom: `configured secret (muejam.failover.databases.${DB}.secretArn) ${SECRET}`,
    });
    expect(r.output.postChecks.writeProbe.detail).toMatch(
      /took a write: pg_is_in_recovery\(\) = false, a row written and read back in transaction \d+$/,
    );
    expect(secretReads()).toEqual([SECRET]);
    expect(r.output.report.warnings).toEqual([]);
    expect(completedPage().cause).not.toContain('WARNING');
    const left = await pg.withClient((c) =>
      c.query("SELECT count(*)::int AS n FROM pg_class WHERE relname = 'muejam_failover_write_probe'"),
    );
    expect(left.rows[0].n).toBe(0);
  });

  it('a new primary that refuses writes fails the run after DNS with the cause; fixed, the re-run resumes and finishes', async () => {
    await setReadOnly(true);
    let first: Awaited<ReturnType<typeof runFailover>>;
    try {
      first = await runFailover();
    } finally {
      await setReadOnly(false);
    }
    expect(first.status).toBe('FAILED');
    expect(first.error).toBe('FailoverStepFailed');
    expect(statesEntered(first)).toContain('RunPostChecksFailed');
    const a = failureAlert();
    expect(a.cause).toContain(`post-check: the write probe of the new primary ${REPLICA} failed`);
    expect(a.cause).toContain('25006');
    expect(a.cause).toContain(`DNS already points at it`);
    expect(a.cause).toContain(`re-run: npm run cli -- failover ${DB} --to ${REPLICA}`);
    expect(world.records.get(RECORD)).toBe('127.0.0.1');
    expect(world.pointer).toBeUndefined();
    expect(world.lock).toBeUndefined();

    const promotions = () => changes().filter((c) => c.startsWith('PromoteReadReplica')).length;
    const before = promotions();
    const again = await runFailover(FAILOVER_INPUT, 'run-2');
    expect(again.status).toBe('SUCCEEDED');
    expect(again.output.report.resumed).toBe(true);
    expect(again.output.postChecks.writeProbe.status).toBe('passed');
    expect(promotions()).toBe(before);
    expect(world.pointer).toBe(REPLICA);
  });

  it.each([
    ['the promoted instance (before the old primary)', [REPLICA, DB], REPLICA],
    ["the old primary (a replica has the primary's users)", [DB], DB],
  ])('no secret configured: the RDS-managed master secret of %s opens it', async (_what, managedOn, expected) => {
    setSettings(withoutSecretArn());
    for (const id of managedOn) {
      world.instances.get(id)!.MasterUserSecret = { SecretArn: MANAGED(id), SecretStatus: 'active' };
      world.secrets.set(MANAGED(id), CREDENTIALS);
    }
    const r = await runFailover();
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output.postChecks.writeProbe).toMatchObject({
      status: 'passed',
      credentialsFrom: `the RDS-managed master secret of ${expected} ${MANAGED(expected)}`,
    });
  });

  it('no credentials anywhere: the failover finishes, and the report and page say the write probe did not run', async () => {
    setSettings(withoutSecretArn());
    const r = await runFailover();
    expect(r.status).toBe('SUCCEEDED');
    const warning = `write probe not run: no credentials for ${REPLICA} (set muejam.failover.databases.${DB}.secretArn, or manage its master password in Secrets Manager): no evidence that ${REPLICA} takes writes`;
    expect(r.output.report.warnings).toEqual([warning]);
    expect(completedPage().cause).toContain(`WARNING: ${warning}`);
    expect(secretReads()).toEqual([]);
  });

  it('a configured secret that cannot be read: not run, the warning names the secret and the error', async () => {
    world.secrets.delete(SECRET);
    const r = await runFailover();
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output.report.warnings).toEqual([
      `write probe not run: secret ${SECRET} is unreadable: ResourceNotFoundException: Secrets Manager can't find the specified secret.: no evidence that ${REPLICA} takes writes`,
    ]);
    expect(world.pointer).toBe(REPLICA);
  });

  it('a secret without a password: not run, and the password never appears anywhere', async () => {
    world.secrets.set(SECRET, JSON.stringify({ username: 'postgres' }));
    const r = await runFailover();
    expect(r.output.report.warnings[0]).toBe(
      `write probe not run: secret ${SECRET} has no password: no evidence that ${REPLICA} takes writes`,
    );
    world.secrets.set(SECRET, JSON.stringify({ username: 'postgres', password: 'hunter2-secret' }));
    resetWorld({ secrets: world.secrets });
    const ok = await runFailover(FAILOVER_INPUT, 'run-2');
    expect(ok.status).toBe('SUCCEEDED');
    expect(JSON.stringify(ok)).not.toContain('hunter2-secret');
    expect(JSON.stringify(alerts())).not.toContain('hunter2-secret');
  });
});
