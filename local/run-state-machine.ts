/**
 * Executes a real ASL file from state-machines/ unchanged, with every
 * `${<Name>FunctionArn}` Task bound in-process to `lambdas/handlers/<name>.ts`
 * (the same naming rule the CDK construct uses). Used by the tests, the
 * rehearsal and the CLI against an emulator.
 */
import './polyfills';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import { isNestedExecutionResource, nestedExecutionHandler } from './nested-execution';

export const REPO_ROOT = resolve(__dirname, '..');
const PLACEHOLDER = /\$\{([A-Za-z0-9]+)FunctionArn\}/g;
const FAKE_ACCOUNT = '123456789012';

export type StepHandler = (input: unknown) => unknown;

export interface LocalRunOptions {
  /** File name under state-machines/, e.g. "database-backup.asl.json". */
  aslFile: string;
  input: unknown;
  region: string;
  /** Logical workflow name; the state machine is called `muejam-backup-dr-<deployment>-<workflow>`. */
  stateMachineName: string;
  executionName?: string;
  /** Other `${...}` substitutions (not function ARNs). */
  substitutions?: Record<string, string>;
  /** Pause between retries, in ms (AWS waits IntervalSeconds; locally we do not). Default 5. */
  retryDelayMs?: number;
  /** Replace the handler behind a placeholder (tests use this to inject failures). */
  handlerOverrides?: Record<string, StepHandler>;
  /** Called for every execution event as it happens (nested executions' events too, with `execution` set). */
  onEvent?: (event: LocalEvent) => void;
  /** Extra `${...}` substitutions of nested state machines (startExecution.sync), by workflow name. */
  nestedSubstitutions?: Record<string, Record<string, string>>;
}

export interface LocalEvent {
  type: string;
  timestamp: number;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  Error?: string;
  Cause?: unknown;
  retry?: { attempt: number };
  /** Set on the events of a nested execution: the child's workflow name. */
  execution?: string;
}

export interface LocalExecution {
  executionArn: string;
  status: 'SUCCEEDED' | 'FAILED';
  output?: any;
  error?: string;
  cause?: string;
  /** State transitions as Step Functions bills them: states entered + retries. */
  transitions: number;
  events: LocalEvent[];
  durationMs: number;
  /** The executions this one started (startExecution.sync), depth first; their transitions are billed on their own. */
  nested: LocalExecution[];
}

export function kebab(pascal: string): string {
  return pascal
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** The function placeholders an ASL file uses, in order of first appearance. */
export function functionPlaceholders(aslText: string): string[] {
  return [...new Set([...aslText.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

export function handlerPath(name: string): string {
  return join(REPO_ROOT, 'lambdas', 'handlers', `${kebab(name)}.ts`);
}

export function readAsl(aslFile: string): string {
  return readFileSync(join(REPO_ROOT, 'state-machines', aslFile), 'utf8');
}

type AnyState = {
  Type: string;
  Resource?: string;
  Retry?: unknown[];
  ItemProcessor?: { States: Record<string, AnyState> };
  Iterator?: { States: Record<string, AnyState> };
  Branches?: { States: Record<string, AnyState> }[];
};

function walkStates(states: Record<string, AnyState>, visit: (name: string, s: AnyState) => void): void {
  for (const [name, s] of Object.entries(states)) {
    visit(name, s);
    if (s.ItemProcessor) walkStates(s.ItemProcessor.States, visit);
    if (s.Iterator) walkStates(s.Iterator.States, visit);
    for (const b of s.Branches ?? []) walkStates(b.States, visit);
  }
}

/** Lambda-like invocation: JSON in, JSON out; errors keep their name and carry Lambda's JSON Cause. */
function asLambda(fn: StepHandler): (input: any) => Promise<any> {
  return async (input) => {
    try {
      const out = await fn(JSON.parse(JSON.stringify(input ?? null)));
      return out === undefined ? null : JSON.parse(JSON.stringify(out));
    } catch (err) {
      const e = err as Error;
      const wrapped = new Error(JSON.stringify({ errorType: e.name || 'Error', errorMessage: e.message }));
      wrapped.name = e.name || 'Error';
      throw wrapped;
    }
  };
}

/** The names of the states an execution entered, in order (a state retried or re-entered appears once per entry). */
export function statesEntered(r: Pick<LocalExecution, 'events'>): string[] {
  return r.events.filter((e) => e.type === 'StateEntered').map((e) => e.state!.name);
}

/** ASL texts (after substitution) already validated in this process. */
const VALIDATED_DEFINITIONS = new Set<string>();

export async function runStateMachineLocally(opts: LocalRunOptions): Promise<LocalExecution> {
  let text = readAsl(opts.aslFile);
  const names = functionPlaceholders(text);
  const fnArn = (n: string) => `arn:aws:lambda:${opts.region}:${FAKE_ACCOUNT}:function:${n}`;
  for (const n of names) text = text.split(`\${${n}FunctionArn}`).join(fnArn(n));
  for (const [k, v] of Object.entries(opts.substitutions ?? {})) text = text.split(`\${${k}}`).join(v);
  const leftover = text.match(/\$\{[A-Za-z0-9]+\}/);
  if (leftover) throw new Error(`${opts.aslFile}: no substitution given for ${leftover[0]}`);
  const definition = JSON.parse(text);

  const impl = new Map<string, (input: any) => Promise<any>>();
  for (const n of names) {
    const override = opts.handlerOverrides?.[n];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fn: StepHandler = override ?? require(handlerPath(n)).handler;
    if (typeof fn !== 'function') throw new Error(`${handlerPath(n)} does not export a handler function`);
    impl.set(fnArn(n), asLambda(fn));
  }
  const taskHandlers: Record<string, (input: any) => Promise<any>> = {};
  const retryOverrides: Record<string, number> = {};
  const waitOverrides: Record<string, number> = {};
  const stateMachineName = opts.stateMachineName;
  const executionName = opts.executionName ?? `local-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const nested: LocalExecution[] = [];
  walkStates(definition.States, (name, s) => {
    if (s.Type === 'Task' && s.Resource && isNestedExecutionResource(s.Resource)) {
      const onEvent = opts.onEvent;
      taskHandlers[name] = nestedExecutionHandler(s.Resource, executionName, async (child) => {
        const r = await runStateMachineLocally({
          ...opts,
          ...child,
          substitutions: { ...opts.substitutions, ...opts.nestedSubstitutions?.[child.workflow] },
          onEvent: onEvent ? (e) => onEvent({ ...e, execution: e.execution ?? child.workflow }) : undefined,
        });
        nested.push(r, ...r.nested);
        return r;
      });
    } else if (s.Type === 'Task') {
      const h = s.Resource ? impl.get(s.Resource) : undefined;
      if (!h) throw new Error(`${opts.aslFile}: Task "${name}" calls ${s.Resource}, which has no local handler`);
      taskHandlers[name] = h;
    }
    if (s.Type === 'Wait') waitOverrides[name] = 0;
    if (s.Retry) retryOverrides[name] = opts.retryDelayMs ?? 5;
  });

  const executionArn = `arn:aws:states:${opts.region}:${FAKE_ACCOUNT}:execution:${stateMachineName}:${executionName}`;
  const startTime = new Date().toISOString();
  // Validating a definition compiles the ASL schema (about a second on a loaded machine): once per distinct text per process.
  const validated = VALIDATED_DEFINITIONS.has(text);
  const machine = new StateMachine(definition, {
    validationOptions: validated ? { noValidate: true } : { checkPaths: true, checkArn: true },
  });
  VALIDATED_DEFINITIONS.add(text);
  const started = Date.now();
  const execution = machine.run(opts.input as any, {
    overrides: { taskResourceLocalHandlers: taskHandlers, retryIntervalOverrides: retryOverrides, waitTimeOverrides: waitOverrides },
    context: {
      Execution: {
        Id: executionArn,
        Name: executionName,
        StartTime: startTime,
        Input: opts.input as any,
        RoleArn: `arn:aws:iam::${FAKE_ACCOUNT}:role/local`,
      },
      StateMachine: { Id: `arn:aws:states:${opts.region}:${FAKE_ACCOUNT}:stateMachine:${stateMachineName}`, Name: stateMachineName },
    },
  });

  const events: LocalEvent[] = [];
  const collecting = (async () => {
    for await (const e of execution.eventLogs as AsyncIterable<LocalEvent>) {
      events.push(e);
      opts.onEvent?.(e);
    }
  })();

  let status: LocalExecution['status'] = 'SUCCEEDED';
  let output: unknown;
  let error: string | undefined;
  let cause: string | undefined;
  try {
    output = await execution.result;
  } catch (err) {
    status = 'FAILED';
    const e = err as Error & { cause?: unknown };
    error = e.name;
    cause = e.message;
  }
  await collecting;
  const failed = events.find((e) => e.type === 'ExecutionFailed');
  if (failed) {
    error = failed.Error ?? error;
    cause = typeof failed.Cause === 'string' ? failed.Cause : cause;
  }
  const transitions = events.filter((e) => e.type === 'StateEntered' || e.type === 'StateRetried').length;
  return { executionArn, status, output, error, cause, transitions, events, durationMs: Date.now() - started, nested };
}
