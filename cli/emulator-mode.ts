/**
 * With AWS_ENDPOINT_URL set, CLI commands run the real ASL locally (handlers
 * in-process) against that emulator, instead of starting a deployed state
 * machine. The emulator must hold the resources (database, backup-region key):
 * the workflow reports what is missing, as it would in AWS.
 *
 * As Lambda's log pipeline does in AWS, the handlers' EMF output is put into
 * the emulator's CloudWatch (local/emf-bridge.ts), so `metrics` shows the run.
 * A step that calls what the emulator does not implement (`emulatorGaps`)
 * fails with a message naming that gap, not only the emulator's raw error.
 */
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { StepError } from '../lambdas/errors';
import { makeClientFactory } from '../lambdas/runtime/clients';
import { type BackupConfig, resourcePrefix, toRuntimeConfig } from '../lib/config';
import { EmfBridge } from '../local/emf-bridge';
import { applyLocalEnvironment } from '../local/local-environment';
import { handlerPath, runStateMachineLocally, type StepHandler } from '../local/run-state-machine';
import type { FollowResult } from './follow-execution';
import type { Output } from './output';
import { fromLocalEvent, type OutputDescriber, progressPrinter } from './progress';

/**
 * The real handler of `pascalName`, except that an untyped failure (an SDK or
 * emulator error, not one of lambdas/errors.ts) keeps its name and gets `gap`
 * in front of its message. Typed errors (PreconditionFailed, ...) pass unchanged.
 */
export function explainEmulatorGap(pascalName: string, gap: string, real?: StepHandler): StepHandler {
  return async (input) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const handler: StepHandler = real ?? require(handlerPath(pascalName)).handler;
    try {
      return await handler(input);
    } catch (err) {
      if (err instanceof StepError) throw err;
      const e = err as Error;
      const explained = new Error(`${gap} (the emulator answered: ${e.message})`);
      explained.name = e.name || 'Error';
      throw explained;
    }
  };
}

export async function runWorkflowAgainstEmulator(o: {
  config: BackupConfig;
  aslFile: string;
  workflow: string;
  input: unknown;
  out: Output;
  describe?: OutputDescriber;
  /** Steps (PascalName) that call what the emulator lacks -> the sentence that says so and what to do instead. */
  emulatorGaps?: Record<string, string>;
  /** The execution's name (default: local-<time>); the DR drill names its resources after it. */
  executionName?: string;
}): Promise<FollowResult> {
  const endpoint = process.env.AWS_ENDPOINT_URL!;
  o.out.info(`AWS_ENDPOINT_URL=${endpoint}: running ${o.aslFile} locally against that emulator`);
  const clients = makeClientFactory({ endpoint });
  const topic = await clients(SNSClient, o.config.primaryRegion).send(
    new CreateTopicCommand({ Name: `${resourcePrefix(o.config)}-alerts` }),
  );
  applyLocalEnvironment(toRuntimeConfig(o.config, topic.TopicArn!), endpoint);
  const print = progressPrinter(o.out, o.describe);
  const handlerOverrides = Object.fromEntries(
    Object.entries(o.emulatorGaps ?? {}).map(([step, gap]) => [step, explainEmulatorGap(step, gap)]),
  );
  const bridge = new EmfBridge({ endpoint, region: o.config.primaryRegion }).start();
  let r: Awaited<ReturnType<typeof runStateMachineLocally>>;
  try {
    r = await runStateMachineLocally({
      aslFile: o.aslFile,
      input: o.input,
      region: o.config.primaryRegion,
      stateMachineName: `${resourcePrefix(o.config)}-${o.workflow}`,
      executionName: o.executionName,
      handlerOverrides,
      onEvent: (e) => print(fromLocalEvent(e)),
    });
  } finally {
    await bridge.stop();
  }
  o.out.info(`${bridge.sent} metric datapoints of this run put into the emulator's CloudWatch (what Lambda does with EMF in AWS)`);
  return { executionArn: r.executionArn, status: r.status, output: r.output, error: r.error, cause: r.cause };
}
