import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { findStateMachineArn, startAndFollow } from '../../../cli/follow-execution';
import type { Output } from '../../../cli/output';

const sfn = mockClient(SFNClient);
const lines: string[] = [];
const out: Output = {
  heading: (t) => lines.push(t),
  line: (t = '') => lines.push(t),
  ok: (t) => lines.push(t),
  fail: (t) => lines.push(t),
  info: (t) => lines.push(t),
  warn: (t) => lines.push(t),
  table: () => undefined,
};
const ARN = 'arn:aws:states:us-east-1:1:stateMachine:muejam-backup-dr-prod-database-backup';

beforeEach(() => {
  sfn.reset();
  lines.splice(0);
  sfn
    .on(ListStateMachinesCommand)
    .resolvesOnce({ stateMachines: [{ name: 'other', stateMachineArn: 'x', type: 'STANDARD', creationDate: new Date() }], nextToken: 't' })
    .resolves({
      stateMachines: [{ name: 'muejam-backup-dr-prod-database-backup', stateMachineArn: ARN, type: 'STANDARD', creationDate: new Date() }],
    });
});

describe('deployed mode', () => {
  it('finds the state machine across pages, or says to deploy', async () => {
    await expect(findStateMachineArn(new SFNClient({ region: 'us-east-1' }), 'muejam-backup-dr-prod-database-backup')).resolves.toBe(ARN);
    sfn.on(ListStateMachinesCommand).resolves({ stateMachines: [] });
    await expect(findStateMachineArn(new SFNClient({ region: 'us-east-1' }), 'nope')).rejects.toThrow(
      /state machine "nope" not found .*\(npx cdk deploy --all\)/,
    );
  });

  it('starts the execution and prints each new history event once until it ends', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date() });
    const ev = (id: number, name: string) => ({
      id,
      timestamp: new Date(),
      type: 'TaskStateEntered' as const,
      stateEnteredEventDetails: { name },
    });
    sfn
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({ events: [ev(1, 'CreateSnapshot')] })
      .resolves({ events: [ev(1, 'CreateSnapshot'), ev(2, 'WaitForSnapshot')] });
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ status: 'RUNNING', executionArn: 'arn:exec', stateMachineArn: ARN, startDate: new Date() })
      .resolves({ status: 'SUCCEEDED', output: '{"ok":true}', executionArn: 'arn:exec', stateMachineArn: ARN, startDate: new Date() });
    const r = await startAndFollow({
      sfn: new SFNClient({ region: 'us-east-1' }),
      stateMachineName: 'muejam-backup-dr-prod-database-backup',
      input: { dbInstanceIdentifier: 'db' },
      executionName: 'manual-1',
      out,
      pollMs: 1,
    });
    expect(r).toMatchObject({ status: 'SUCCEEDED', output: { ok: true } });
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input).toMatchObject({
      stateMachineArn: ARN,
      name: 'manual-1',
      input: '{"dbInstanceIdentifier":"db"}',
    });
    expect(lines.filter((l) => l.includes('→ CreateSnapshot'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('→ WaitForSnapshot'))).toHaveLength(1);
  });
});
