import { isNestedExecutionResource, nestedExecutionHandler, workflowOfStateMachine } from '../../../local/nested-execution';

const ARN = 'arn:aws:states:us-west-2:123456789012:stateMachine:muejam-backup-dr-prod-redis-restore';

describe('nested executions in the local runner', () => {
  it('recognises the startExecution.sync integrations only', () => {
    expect(isNestedExecutionResource('arn:aws:states:::states:startExecution.sync:2')).toBe(true);
    expect(isNestedExecutionResource('arn:aws:states:::states:startExecution.sync')).toBe(true);
    expect(isNestedExecutionResource('arn:aws:states:::states:startExecution')).toBe(false);
    expect(isNestedExecutionResource('arn:aws:lambda:us-east-1:123456789012:function:X')).toBe(false);
    expect(isNestedExecutionResource(undefined)).toBe(false);
  });

  it('finds the child workflow by the longest registry name the state machine ends with', () => {
    expect(workflowOfStateMachine('muejam-backup-dr-prod-redis-restore')?.name).toBe('redis-restore');
    expect(workflowOfStateMachine('muejam-backup-dr-prod-database-backup')?.aslFile).toBe('database-backup.asl.json');
    expect(workflowOfStateMachine('muejam-backup-dr-prod-nothing')).toBeUndefined();
  });

  it('runs the child with its input in its region and answers with the parsed output (sync:2)', async () => {
    const seen: unknown[] = [];
    const h = nestedExecutionHandler('arn:aws:states:::states:startExecution.sync:2', 'drill-1', async (child) => {
      seen.push(child);
      return { executionArn: `arn:x:${child.executionName}`, status: 'SUCCEEDED', output: { restored: true } };
    });
    const out = await h({ StateMachineArn: ARN, Input: { replicationGroupId: 'g' } });
    expect(seen).toEqual([
      {
        aslFile: 'redis-restore.asl.json',
        input: { replicationGroupId: 'g' },
        region: 'us-west-2',
        stateMachineName: 'muejam-backup-dr-prod-redis-restore',
        executionName: 'drill-1-redis-restore-1',
        workflow: 'redis-restore',
      },
    ]);
    expect(out).toMatchObject({
      Status: 'SUCCEEDED',
      Output: { restored: true },
      Input: { replicationGroupId: 'g' },
      Name: 'drill-1-redis-restore-1',
    });
  });

  it('answers .sync with the output as a JSON string, and parses a string Input', async () => {
    const h = nestedExecutionHandler('arn:aws:states:::states:startExecution.sync', 'p', async (c) => ({
      executionArn: 'arn:x',
      status: 'SUCCEEDED',
      output: c.input,
    }));
    await expect(h({ StateMachineArn: ARN, Input: '{"a":1}', Name: 'given' })).resolves.toMatchObject({ Output: '{"a":1}', Name: 'given' });
  });

  it('a failed child fails the Task with States.TaskFailed and the child error and cause', async () => {
    const h = nestedExecutionHandler('arn:aws:states:::states:startExecution.sync:2', 'p', async () => ({
      executionArn: 'arn:x',
      status: 'FAILED',
      error: 'VerificationFailed',
      cause: 'rows public.users: 0',
    }));
    const err = (await h({ StateMachineArn: ARN, Input: {} }).catch((e: Error) => e)) as Error;
    expect(err.name).toBe('States.TaskFailed');
    expect(JSON.parse(err.message)).toMatchObject({ Status: 'FAILED', Error: 'VerificationFailed', Cause: 'rows public.users: 0' });
  });

  it('refuses an ARN that is not a state machine of the registry, without running anything', async () => {
    const run = jest.fn();
    const h = nestedExecutionHandler('arn:aws:states:::states:startExecution.sync:2', 'p', run);
    await expect(h({ StateMachineArn: 'nope' })).rejects.toThrow('StateMachineArn: "nope" is not a state machine ARN');
    await expect(h({ StateMachineArn: ARN.replace('redis-restore', 'unknown') })).rejects.toThrow('no workflow of the registry');
    expect(run).not.toHaveBeenCalled();
  });
});
