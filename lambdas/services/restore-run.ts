/**
 * One database restore run in-process, the same steps in the same order as
 * state-machines/database-restore.asl.json: validate -> restore -> wait -> settings -> verify ->
 * record. Used by DisasterRecoveryService.restoreFromBackup / restorePointInTime (the seed's
 * verbs); the deployed system runs the state machine instead. Waiting is a bounded poll with an
 * injected sleep (no timing inside the steps).
 */
import { NotReady, TerminalStatus } from '../errors';
import type { DbRestorePlan, DbRestoreRef } from '../domain/restore/restore-plan';
import type { ExecutionRef } from './backup-service';
import type { DatabaseRestoreService, RestoreVerification, RestoreWaitResult } from './database-restore-service';
import type { DbRestoreResult, RestoreOutcomeService } from './restore-outcome-service';

export interface RestoreRunOptions {
  steps: Pick<DatabaseRestoreService, 'validateRestore' | 'startRestore' | 'waitForRestore' | 'applySettings' | 'verifyRestore'>;
  outcome: Pick<RestoreOutcomeService, 'recordSucceeded' | 'recordFailed'>;
  execution: ExecutionRef & { Input?: unknown };
  workflow?: string;
  /** Waits between polls (default: 30 s, as the ASL's first interval). */
  sleep?: (ms: number) => Promise<void>;
  pollIntervalMs?: number;
  /** Polls per wait before giving up (default 480: 4 h at 30 s). */
  maxPolls?: number;
}

async function poll<T>(what: string, fn: () => Promise<T>, o: RestoreRunOptions): Promise<T> {
  const max = o.maxPolls ?? 480;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if ((err as Error).name !== 'NotReady') throw err;
      if (i >= max) throw new TerminalStatus(`${what}: still not ready after ${max} polls (${(err as Error).message})`);
      await sleep(o.pollIntervalMs ?? 30_000);
    }
  }
}

export async function runDatabaseRestore(request: unknown, o: RestoreRunOptions): Promise<DbRestoreResult> {
  const workflow = o.workflow ?? 'database-restore';
  let plan: DbRestorePlan | undefined;
  let step = 'validate request';
  try {
    plan = await o.steps.validateRestore(request, o.execution);
    step = 'restore instance';
    const restore: DbRestoreRef = await o.steps.startRestore(plan, o.execution);
    step = 'wait until available';
    const available: RestoreWaitResult = await poll('wait until available', () => o.steps.waitForRestore(restore), o);
    step = 'apply settings';
    await o.steps.applySettings({ plan, restore });
    step = 'verify restore';
    const verification: RestoreVerification = await poll('verify restore', () => o.steps.verifyRestore({ plan, restore }), o);
    step = 'record outcome';
    return await o.outcome.recordSucceeded({ workflow, plan, restore, available, verification, execution: o.execution });
  } catch (err) {
    const e = err as Error;
    if (!(e instanceof NotReady)) {
      await o.outcome
        .recordFailed({
          workflow,
          failedStep: step,
          error: { Error: e.name, Cause: JSON.stringify({ errorMessage: e.message }) },
          plan,
          execution: o.execution,
        })
        // The caller gets the restore's own error even when the alert could not be published.
        .catch(() => undefined);
    }
    throw err;
  }
}
