/** What every rehearsal section gets: the emulator, the seeded world, output, and a way to run a workflow. */
import type { ClientFactory } from '../../lambdas/runtime/clients';
import type { WorkflowAlert } from '../../lambdas/domain/alerts/alert-message';
import type { RuntimeConfig } from '../../lambdas/runtime/runtime-config';
import type { Output } from '../console/output';
import { fromLocalEvent, type OutputDescriber, progressPrinter } from '../console/progress';
import { stateMachineName } from '../local-environment';
import { type LocalExecution, runStateMachineLocally, type StepHandler } from '../run-state-machine';
import { drainAlerts, type SeededWorld } from '../seed-world';

export interface RunWorkflowOptions {
  aslFile: string;
  workflow: string;
  input: unknown;
  executionName?: string;
  describe?: OutputDescriber;
  handlerOverrides?: Record<string, StepHandler>;
  substitutions?: Record<string, string>;
}

export interface RehearsalContext {
  endpoint: string;
  config: RuntimeConfig;
  clients: ClientFactory;
  world: SeededWorld;
  out: Output;
  /** Runs a real ASL file locally, printing each step as it happens. */
  runWorkflow(o: RunWorkflowOptions): Promise<LocalExecution>;
  /** Alerts published to the alert topic since the last call. */
  alerts(): Promise<WorkflowAlert[]>;
}

export interface SectionOutcome {
  ok: boolean;
  /** Label/value pairs for the final summary. */
  summary: [string, string][];
}

export interface RehearsalSection {
  id: string;
  title: string;
  run(ctx: RehearsalContext): Promise<SectionOutcome>;
}

export function makeContext(o: {
  endpoint: string;
  config: RuntimeConfig;
  clients: ClientFactory;
  world: SeededWorld;
  out: Output;
}): RehearsalContext {
  return {
    ...o,
    runWorkflow: async (r) => {
      const print = progressPrinter(o.out, r.describe);
      return runStateMachineLocally({
        aslFile: r.aslFile,
        input: r.input,
        region: o.config.primaryRegion,
        stateMachineName: stateMachineName(o.config.deploymentId, r.workflow),
        executionName: r.executionName,
        handlerOverrides: r.handlerOverrides,
        substitutions: r.substitutions,
        onEvent: (e) => print(fromLocalEvent(e)),
      });
    },
    alerts: () => drainAlerts(o.endpoint, o.config.primaryRegion, o.world.alertQueueUrl),
  };
}
