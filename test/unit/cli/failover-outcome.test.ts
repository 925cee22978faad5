/** What `failover` prints once the run succeeded: the new primary, the write probe's evidence, every warning, the next steps. */
import { failoverOutcomeLines } from '../../../cli/failover-format';

const report = {
  to: 'db-replica',
  endpoint: 'db-replica.abc.us-east-1.rds.amazonaws.com',
  rtoSeconds: 412,
  rpoSeconds: 3,
  nextSteps: ['create a replica'],
};

describe('failover outcome lines', () => {
  it('a passed write probe is printed with where its credentials came from, before the next steps', () => {
    const lines = failoverOutcomeLines('db', {
      report: { ...report, warnings: [] },
      postChecks: {
        writeProbe: { status: 'passed', detail: 'h:5432/postgres as app took a write', credentialsFrom: 'configured secret arn:x' },
      },
    });
    expect(lines).toEqual([
      { kind: 'ok', text: 'db now served by db-replica (db-replica.abc.us-east-1.rds.amazonaws.com); RTO 412 s, RPO 3 s' },
      { kind: 'ok', text: 'write probe: h:5432/postgres as app took a write (credentials: configured secret arn:x)' },
      { kind: 'info', text: 'next: create a replica' },
    ]);
  });

  it('a probe that did not run prints no success line; every report warning is printed as a warning', () => {
    const lines = failoverOutcomeLines('db', {
      report: { ...report, warnings: ['write probe not run: no credentials', 'fencing is off'] },
      postChecks: { writeProbe: { status: 'not-run', detail: 'write probe not run: no credentials' } },
    });
    expect(lines.filter((l) => l.text.startsWith('write probe'))).toEqual([]);
    expect(lines.filter((l) => l.kind === 'warn').map((l) => l.text)).toEqual([
      'WARNING: write probe not run: no credentials',
      'WARNING: fencing is off',
    ]);
  });
});
