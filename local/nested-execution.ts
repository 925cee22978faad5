/**
 * Nested executions in the local runner. A Task whose Resource is
 * `arn:aws:states:::states:startExecution.sync:2` (or `.sync`) starts another state machine
 * and waits for it; in AWS that is Step Functions' own integration. Locally, the Task is
 * bound (aws-local-stepfunctions' taskResourceLocalHandlers) to a function that runs the
 * child's real ASL file with the same runner, in-process, and answers as the integration
 * does: DescribeExecution's fields with the child's output (`Output` parsed for `:2`, a
 * JSON string for `.sync`); a failed child fails the Task with `States.TaskFailed` and a
 * Cause holding the child's Error and Cause, so the parent's Catch sees what AWS would show.
 *
 * Why this and not a fake: the parent ASL stays byte-for-byte what CDK deploys, and the
 * child runs its real handlers, so a drill test exercises the restore, restore-test and
 * failover workflows as they are. The child's state machine is found from the ARN's name
 * (`<prefix>-<workflow>`) in the workflow registry.
 */
import { ALL_WORKFLOWS, type WorkflowDefinition } from '../lambdas/domain/workflows/registry';

const NESTED = /^arn:aws[a-z-]*:states:::states:startExecution\.sync(:2)?$/;

export function isNestedExecutionResource(resource: string | undefined): boolean {
  return resource !== undefined && NESTED.test(resource);
}

/** The registry row whose `<prefix>-<name>` is this state machine name (the longest name that fits). */
export function workflowOfStateMachine(stateMachineName: string): WorkflowDefinition | undefined {
  return [...ALL_WORKFLOWS].sort((a, b) => b.name.length - a.name.length).find((w) => stateMachineName.endsWith(`-${w.name}`));
}

/** What the runner needs to run a child (kept minimal to avoid a circular import). */
export interface ChildRun {
  aslFile: string;
  input: unknown;
  region: string;
  stateMachineName: string;
  executionName: string;
  workflow: string;
}

export interface ChildResult {
  executionArn: string;
  status: 'SUCCEEDED' | 'FAILED';
  output?: unknown;
  error?: string;
  cause?: string;
}

class TaskFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'States.TaskFailed';
  }
}

export function nestedExecutionHandler(
  resource: string,
  parentExecutionName: string,
  run: (child: ChildRun) => Promise<ChildResult>,
): (input: { StateMachineArn?: string; Input?: unknown; Name?: string }) => Promise<Record<string, unknown>> {
  const parsesOutput = resource.endsWith(':2');
  let started = 0;
  return async (params: { StateMachineArn?: string; Input?: unknown; Name?: string }) => {
    const arn = params?.StateMachineArn;
    const m = typeof arn === 'string' ? /^arn:aws[a-z-]*:states:([a-z0-9-]+):\d{12}:stateMachine:([A-Za-z0-9_-]+)$/.exec(arn) : null;
    if (!m) throw new TaskFailed(`StateMachineArn: ${JSON.stringify(arn)} is not a state machine ARN`);
    const [, region, stateMachineName] = m;
    const workflow = workflowOfStateMachine(stateMachineName);
    if (!workflow) throw new TaskFailed(`StateMachineArn: no workflow of the registry is called ${stateMachineName}`);
    const input = typeof params.Input === 'string' ? JSON.parse(params.Input) : (params.Input ?? {});
    const executionName = params.Name ?? `${parentExecutionName}-${workflow.name}-${++started}`.slice(0, 80);
    const startDate = Date.now();
    const child = await run({ aslFile: workflow.aslFile, input, region, stateMachineName, executionName, workflow: workflow.name });
    const described = {
      ExecutionArn: child.executionArn,
      StateMachineArn: arn,
      Name: executionName,
      Status: child.status,
      StartDate: startDate,
      StopDate: Date.now(),
      Input: parsesOutput ? input : JSON.stringify(input),
    };
    if (child.status === 'FAILED') {
      throw new TaskFailed(JSON.stringify({ ...described, Input: JSON.stringify(input), Error: child.error, Cause: child.cause }));
    }
    return { ...described, Output: parsesOutput ? (child.output ?? null) : JSON.stringify(child.output ?? null) };
  };
}
