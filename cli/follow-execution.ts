/**
 * Deployed mode: starts an execution of a deployed state machine and follows
 * it with live progress until it ends.
 */
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListStateMachinesCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { Output } from './output';
import { fromHistoryEvent, type OutputDescriber, progressPrinter } from './progress';

export async function findStateMachineArn(sfn: SFNClient, name: string): Promise<string> {
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ nextToken }));
    const hit = page.stateMachines?.find((m) => m.name === name);
    if (hit?.stateMachineArn) return hit.stateMachineArn;
    nextToken = page.nextToken;
  } while (nextToken);
  throw new Error(`state machine "${name}" not found in this account and region: is the stack deployed (npx cdk deploy --all)?`);
}

export interface FollowResult {
  executionArn: string;
  status: string;
  output?: unknown;
  error?: string;
  cause?: string;
}

export async function startAndFollow(o: {
  sfn: SFNClient;
  stateMachineName: string;
  input: unknown;
  executionName: string;
  out: Output;
  describe?: OutputDescriber;
  pollMs?: number;
}): Promise<FollowResult> {
  const arn = await findStateMachineArn(o.sfn, o.stateMachineName);
  const started = await o.sfn.send(
    new StartExecutionCommand({ stateMachineArn: arn, name: o.executionName, input: JSON.stringify(o.input) }),
  );
  const executionArn = started.executionArn!;
  o.out.info(`started ${executionArn}`);
  const print = progressPrinter(o.out, o.describe);
  let seen = 0;
  for (;;) {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await o.sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken, includeExecutionData: true }));
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    for (const e of events.filter((ev) => (ev.id ?? 0) > seen)) {
      print(fromHistoryEvent(e));
      seen = Math.max(seen, e.id ?? 0);
    }
    const d = await o.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING') {
      return {
        executionArn,
        status: d.status ?? 'UNKNOWN',
        output: d.output ? JSON.parse(d.output) : undefined,
        error: d.error,
        cause: d.cause,
      };
    }
    await new Promise((r) => setTimeout(r, o.pollMs ?? 5000));
  }
}
