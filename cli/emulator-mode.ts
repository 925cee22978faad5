/**
 * With AWS_ENDPOINT_URL set, CLI commands run the real ASL locally (handlers
 * in-process) against that emulator, instead of starting a deployed state
 * machine. The emulator must hold the resources (database, backup-region key):
 * the workflow reports what is missing, as it would in AWS.
 */
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { makeClientFactory } from '../lambdas/runtime/clients';
import { type BackupConfig, resourcePrefix, toRuntimeConfig } from '../lib/config';
import { applyLocalEnvironment } from '../local/local-environment';
import { runStateMachineLocally } from '../local/run-state-machine';
import type { FollowResult } from './follow-execution';
import type { Output } from './output';
import { fromLocalEvent, type OutputDescriber, progressPrinter } from './progress';

export async function runWorkflowAgainstEmulator(o: {
  config: BackupConfig;
  aslFile: string;
  workflow: string;
  input: unknown;
  out: Output;
  describe?: OutputDescriber;
}): Promise<FollowResult> {
  const endpoint = process.env.AWS_ENDPOINT_URL!;
  o.out.info(`AWS_ENDPOINT_URL=${endpoint}: running ${o.aslFile} locally against that emulator`);
  const clients = makeClientFactory({ endpoint });
  const topic = await clients(SNSClient, o.config.primaryRegion).send(
    new CreateTopicCommand({ Name: `${resourcePrefix(o.config)}-alerts` }),
  );
  applyLocalEnvironment(toRuntimeConfig(o.config, topic.TopicArn!), endpoint);
  const print = progressPrinter(o.out, o.describe);
  const r = await runStateMachineLocally({
    aslFile: o.aslFile,
    input: o.input,
    region: o.config.primaryRegion,
    stateMachineName: `${resourcePrefix(o.config)}-${o.workflow}`,
    onEvent: (e) => print(fromLocalEvent(e)),
  });
  return { executionArn: r.executionArn, status: r.status, output: r.output, error: r.error, cause: r.cause };
}
