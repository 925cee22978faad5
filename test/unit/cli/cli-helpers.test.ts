import { formatTable } from '../../../cli/output';
import { loadDeploymentConfig, parseContextPairs } from '../../../cli/deployment-config';
import { validateDatabaseChoice } from '../../../cli/validate';
import { fromHistoryEvent, fromLocalEvent, progressPrinter } from '../../../cli/progress';
import type { Output } from '../../../cli/output';

describe('formatTable', () => {
  it('aligns columns under a rule', () => {
    expect(
      formatTable(
        ['tier', 'kept'],
        [
          ['daily', 30],
          ['weekly', 13],
        ],
      ),
    ).toEqual(['tier    kept', '------  ----', 'daily   30', 'weekly  13']);
  });
});

describe('parseContextPairs', () => {
  it('passes values as strings, as the CDK CLI does (config reads numbers and lists from strings)', () => {
    expect(
      parseContextPairs(['muejam.deploymentId=staging', 'muejam.databases=["a","b"]', 'muejam.rpoHours=3', 'muejam.account=111122223333']),
    ).toEqual({
      'muejam.deploymentId': 'staging',
      'muejam.databases': '["a","b"]',
      'muejam.rpoHours': '3',
      'muejam.account': '111122223333',
    });
  });

  it('gives the same configuration as cdk -c for numbers, lists and account ids', () => {
    // cdk.json's failover and drill name muejam-db-prod: other databases declare their own (here none)
    const c = loadDeploymentConfig([
      'muejam.account=111122223333',
      'muejam.rpoHours=12',
      'muejam.databases=a-db,b-db',
      'muejam.failover.databases={}',
      'muejam.drill.enabled=false',
    ]);
    expect(c.account).toBe('111122223333');
    expect(c.rpoHours).toBe(12);
    expect(c.databases).toEqual(['a-db', 'b-db']);
  });
  it('rejects a pair without "=" and says what is expected', () => {
    expect(() => parseContextPairs(['muejam.deploymentId'])).toThrow('-c muejam.deploymentId: expected key=value');
  });
});

describe('validateDatabaseChoice', () => {
  it('names the argument and the allowed databases', () => {
    expect(validateDatabaseChoice('db', 'muejam-db-prod', ['muejam-db-prod'])).toBe('muejam-db-prod');
    expect(() => validateDatabaseChoice('db', 'other', ['muejam-db-prod'])).toThrow(
      'db: unknown database "other"; this deployment protects: muejam-db-prod',
    );
    expect(() => validateDatabaseChoice('db', 'bad--id', ['bad--id'])).toThrow(/^db: "bad--id" is not a valid identifier/);
  });
});

describe('progress', () => {
  const lines: string[] = [];
  const out: Output = {
    heading: (t) => lines.push(`H ${t}`),
    line: (t = '') => lines.push(t),
    ok: (t) => lines.push(`OK ${t}`),
    fail: (t) => lines.push(`FAIL ${t}`),
    info: (t) => lines.push(`INFO ${t}`),
    warn: (t) => lines.push(`WARN ${t}`),
    table: () => undefined,
  };
  beforeEach(() => lines.splice(0));

  it('shows a wait once, not once per poll, and a caught failure as the failure path', () => {
    const print = progressPrinter(out, (s) => (s === 'A' ? 'done' : undefined), Date.now());
    print(fromLocalEvent({ type: 'StateEntered', timestamp: 0, state: { name: 'A', type: 'Task' } }));
    for (let i = 0; i < 3; i++)
      print(
        fromLocalEvent({
          type: 'StateRetried',
          timestamp: 0,
          state: { name: 'A', type: 'Task' },
          Error: 'NotReady',
          Cause: '{"errorMessage":"creating"}',
        }),
      );
    print(fromLocalEvent({ type: 'StateExited', timestamp: 0, state: { name: 'A', type: 'Task' } }));
    print(
      fromLocalEvent({
        type: 'StateFailed',
        timestamp: 0,
        state: { name: 'B', type: 'Task' },
        Error: 'Boom',
        Cause: '{"errorMessage":"it broke"}',
      }),
    );
    print(fromLocalEvent({ type: 'StateExited', timestamp: 0, state: { name: 'B', type: 'Task' } }));
    expect(lines.filter((l) => l.includes('waiting'))).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('OK') && l.endsWith('A: done'))).toBe(true);
    expect(lines.some((l) => l.startsWith('FAIL') && l.endsWith('B: Boom: it broke'))).toBe(true);
    expect(lines.some((l) => l.startsWith('INFO') && l.endsWith('B: error caught, taking the failure path'))).toBe(true);
  });

  it('maps deployed execution history events', () => {
    expect(
      fromHistoryEvent({ id: 1, timestamp: new Date(), type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'CreateSnapshot' } }),
    ).toEqual({ kind: 'entered', state: 'CreateSnapshot' });
    expect(
      fromHistoryEvent({
        id: 2,
        timestamp: new Date(),
        type: 'TaskStateExited',
        stateExitedEventDetails: { name: 'CreateSnapshot', output: '{"a":1}' },
      }),
    ).toEqual({ kind: 'succeeded', state: 'CreateSnapshot', output: { a: 1 } });
    expect(
      fromHistoryEvent({
        id: 3,
        timestamp: new Date(),
        type: 'LambdaFunctionFailed',
        lambdaFunctionFailedEventDetails: { error: 'NotReady', cause: '{"errorMessage":"creating"}' },
      }),
    ).toMatchObject({ kind: 'failed', error: 'NotReady', cause: 'creating' });
  });
});
