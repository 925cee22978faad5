/**
 * Live progress of a workflow execution, the same lines whether the events
 * come from the local runner or from a deployed state machine's history.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { LocalEvent } from '../run-state-machine';
import { causeMessage } from '../../lambdas/domain/alerts/alert-message';
import type { Output } from './output';

export type ProgressEvent =
  | { kind: 'entered'; state: string }
  | { kind: 'succeeded'; state: string; output?: unknown }
  | { kind: 'retrying'; state: string; error: string; cause: string }
  | { kind: 'failed'; state: string; error: string; cause: string };

/** Describes a state's output in a few words (per workflow), or undefined for nothing to add. */
export type OutputDescriber = (state: string, output: unknown) => string | undefined;

function causeText(cause: unknown): string {
  return typeof cause === 'string' ? causeMessage({ Cause: cause }) : JSON.stringify(cause ?? '');
}

export function fromLocalEvent(e: LocalEvent): ProgressEvent | undefined {
  const state = e.state?.name ?? '';
  switch (e.type) {
    case 'StateEntered':
      return { kind: 'entered', state };
    case 'StateExited':
      return { kind: 'succeeded', state, output: e.state?.output };
    case 'StateRetried':
      return { kind: 'retrying', state, error: String(e.Error ?? 'retry'), cause: causeText(e.Cause) };
    case 'StateFailed':
      return { kind: 'failed', state, error: String(e.Error ?? 'Error'), cause: causeText(e.Cause) };
    default:
      return undefined;
  }
}

/** Maps one Step Functions history event (deployed mode) to a progress event. */
export function fromHistoryEvent(e: HistoryEvent): ProgressEvent | undefined {
  if (e.stateEnteredEventDetails) return { kind: 'entered', state: e.stateEnteredEventDetails.name ?? '' };
  if (e.stateExitedEventDetails) {
    const out = e.stateExitedEventDetails.output;
    let parsed: unknown = out;
    try {
      parsed = out ? JSON.parse(out) : undefined;
    } catch {
      /* keep text */
    }
    return { kind: 'succeeded', state: e.stateExitedEventDetails.name ?? '', output: parsed };
  }
  const failed =
    e.lambdaFunctionFailedEventDetails ?? e.taskFailedEventDetails ?? e.lambdaFunctionTimedOutEventDetails ?? e.taskTimedOutEventDetails;
  if (failed) return { kind: 'failed', state: '', error: failed.error ?? 'Error', cause: causeText(failed.cause) };
  return undefined;
}

/** Prints progress events; a retry of NotReady is shown as waiting, once per state (then dots). */
export function progressPrinter(out: Output, describe?: OutputDescriber, startedAt = Date.now()) {
  const waitingShown = new Set<string>();
  const failed = new Set<string>();
  const t = () => `[${((Date.now() - startedAt) / 1000).toFixed(1).padStart(6)} s]`;
  return (ev: ProgressEvent | undefined) => {
    if (!ev) return;
    switch (ev.kind) {
      case 'entered':
        if (!waitingShown.has(ev.state)) out.line(`  ${t()} → ${ev.state}`);
        break;
      case 'succeeded': {
        if (failed.delete(ev.state)) {
          out.info(`${t()} ${ev.state}: error caught, taking the failure path`);
          break;
        }
        const d = describe?.(ev.state, ev.output);
        out.ok(`${t()} ${ev.state}${d ? `: ${d}` : ''}`);
        break;
      }
      case 'retrying':
        if (ev.error === 'NotReady') {
          if (!waitingShown.has(ev.state)) out.info(`${t()} ${ev.state}: waiting (${ev.cause}); each poll is one state transition`);
          waitingShown.add(ev.state);
        } else {
          out.warn(`${t()} ${ev.state}: ${ev.error}: ${ev.cause}; retrying with backoff`);
        }
        break;
      case 'failed':
        failed.add(ev.state);
        out.fail(`${t()} ${ev.state ? `${ev.state}: ` : ''}${ev.error}: ${ev.cause}`);
        break;
    }
  };
}
