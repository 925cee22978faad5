/**
 * From the outputs a drill part's steps left in the execution state to the part's outcome
 * (judged later against the goals) and its steps on the timeline. The times come from the
 * steps themselves (the restore call's startedAt, availableAt, verifiedAt, the SQL checks'
 * start and end, the promotion and DNS times), so the timeline shows what really happened.
 * Pure.
 */
import type { CheckEvidence } from './drill-test';
import type { PartOutcome, PartResult } from './drill-status';
import type { TimelineStep } from './drill-report';

export type DrillPart = 'inventory' | 'restore' | 'pitr' | 'failover';
export const DRILL_PARTS: readonly DrillPart[] = ['inventory', 'restore', 'pitr', 'failover'];

/** A caught error as Step Functions hands it over (`Catch` with ResultPath). */
export interface CaughtError {
  Error?: string;
  Cause?: string;
}

export interface SqlChecksLike {
  overallStatus?: string;
  tests?: { name: string; status: string; detail: string }[];
  startedAt?: string;
  finishedAt?: string;
  dataAge?: { seconds?: number };
}

/** What a restore-kind part (restore, pitr) left in its state. */
export interface RestorePartState {
  plan?: { pointInTime?: string; mode?: string; snapshot?: { id?: string }; targetDbInstanceIdentifier?: string };
  restore?: { dbInstanceIdentifier?: string; startedAt?: string };
  available?: { availableAt?: string };
  verification?: { isValid?: boolean; verifiedAt?: string; checks?: { name?: string; ok?: boolean; detail?: string }[] };
  /** The restore test's SQL-check step output ({ report }), or its report directly. */
  checksOutcome?: { report?: SqlChecksLike };
  checks?: SqlChecksLike;
  error?: CaughtError;
}

export interface FailoverPartState {
  /** The drill's failover decision (plan-drill-failover). */
  decision?: { refused?: boolean; guards?: { guard: string; passed: boolean; evidence: string }[]; plan?: { lagSeconds?: number } };
  replica?: { dbInstanceIdentifier?: string; requestedAt?: string };
  replicaReady?: { availableAt?: string };
  promotion?: { promotedAt?: string };
  promoted?: { availableAt?: string; endpoint?: string };
  dns?: { submittedAt?: string; recordName?: string };
  dnsSync?: { inSyncAt?: string; checkedAt?: string };
  skipped?: string;
  error?: CaughtError;
}

export interface PartRecord {
  outcome: PartOutcome;
  steps: TimelineStep[];
  endedAt: string;
}

const ms = (t: string | undefined) => (t && !Number.isNaN(Date.parse(t)) ? Date.parse(t) : undefined);
const secs = (from: number | undefined, to: number | undefined) =>
  from === undefined || to === undefined ? null : Math.max(0, Math.round((to - from) / 1000));

/** The error a step caught, in one line: its name and its cause (a nested execution's cause unwrapped). */
export function errorText(e: CaughtError | undefined): string {
  if (!e) return '';
  let cause = e.Cause ?? '';
  try {
    const parsed = JSON.parse(cause);
    if (parsed && typeof parsed === 'object') {
      if (typeof parsed.errorMessage === 'string') cause = parsed.errorMessage;
      else if (typeof parsed.Cause === 'string') return errorText({ Error: parsed.Error, Cause: parsed.Cause });
    }
  } catch {
    // a plain-text cause
  }
  return `${e.Error ?? 'Error'}: ${cause}`.slice(0, 600);
}

function step(
  name: string,
  test: DrillPart,
  from: number | undefined,
  to: number | undefined,
  status: TimelineStep['status'],
): TimelineStep[] {
  if (from === undefined || to === undefined) return [];
  return [{ name, test, startedAt: new Date(from).toISOString(), endedAt: new Date(Math.max(from, to)).toISOString(), status }];
}

/** A restore or point-in-time restore part: RTO from the restore call to checked data, RPO = age of the data restored. */
export function measureRestorePart(part: 'restore' | 'pitr', state: RestorePartState, since: string, now: Date): PartRecord {
  const s = { ...state, checks: state.checks ?? state.checksOutcome?.report };
  const start = ms(since);
  const restoreAt = ms(s.restore?.startedAt);
  const availableAt = ms(s.available?.availableAt);
  const verifiedAt = ms(s.verification?.verifiedAt);
  const checksStart = ms(s.checks?.startedAt);
  const checksEnd = ms(s.checks?.finishedAt);
  const end = now.getTime();
  const failedChecks = (s.checks?.tests ?? []).filter((t) => t.status === 'failed');
  const evidence: CheckEvidence[] = [
    ...(s.verification?.checks ?? []).map((c) => ({ check: `verify: ${c.name ?? 'check'}`, passed: c.ok === true, actual: c.detail })),
    ...(s.checks?.tests ?? [])
      .filter((t) => t.status !== 'skipped')
      .map((t) => ({ check: `SQL: ${t.name}`, passed: t.status === 'passed', actual: t.detail })),
  ];
  const pointInTime = ms(s.plan?.pointInTime);
  const dataAge = s.checks?.dataAge?.seconds;
  const rpoS = typeof dataAge === 'number' && Number.isFinite(dataAge) ? Math.round(dataAge) : secs(pointInTime, restoreAt);
  const rtoS = s.error ? null : secs(restoreAt, checksEnd ?? verifiedAt);
  let result: PartResult = 'completed';
  let detail: string;
  const what =
    part === 'pitr' ? 'point-in-time restore to the latest restorable time' : `restore of ${s.plan?.snapshot?.id ?? 'the newest copy'}`;
  if (s.error) {
    result = 'error';
    detail = `${what} failed: ${errorText(s.error)}`;
  } else if (failedChecks.length > 0 || s.checks?.overallStatus === 'failed') {
    result = 'checks-failed';
    detail = `${what}: ${failedChecks.length} SQL check(s) failed: ${failedChecks.map((t) => `${t.name} (${t.detail})`).join('; ')}`;
  } else {
    detail = `${what} into ${s.restore?.dbInstanceIdentifier ?? '?'}: available and verified${s.checks ? `, ${(s.checks.tests ?? []).filter((t) => t.status === 'passed').length} SQL checks passed` : ''}`;
  }
  const status = result === 'completed' ? 'passed' : 'failed';
  const steps = [
    ...step('request restore', part, start, restoreAt, restoreAt ? 'passed' : status),
    ...step('restore until available', part, restoreAt, availableAt ?? (s.error ? end : undefined), availableAt ? 'passed' : status),
    ...step('verify', part, availableAt, verifiedAt ?? (s.error && availableAt ? end : undefined), verifiedAt ? 'passed' : status),
    ...step('SQL checks', part, checksStart ?? verifiedAt, checksEnd, failedChecks.length ? 'failed' : 'passed'),
  ];
  if (steps.length === 0) steps.push(...step(part, part, start, end, status));
  return {
    outcome: { name: part, result, durationS: secs(start, end), rtoS, rpoS, detail, ...(evidence.length ? { evidence } : {}) },
    steps,
    endedAt: now.toISOString(),
  };
}

/** The failover rehearsal: RTO from the promotion call to the drill record in sync, RPO = replica lag when the guards passed. */
export function measureFailoverPart(s: FailoverPartState, since: string, now: Date): PartRecord {
  const start = ms(since);
  const end = now.getTime();
  const guards = s.decision?.guards ?? [];
  const evidence: CheckEvidence[] = guards.map((g) => ({ check: `guard: ${g.guard}`, passed: g.passed, actual: g.evidence }));
  const replicaAt = ms(s.replica?.requestedAt);
  const readyAt = ms(s.replicaReady?.availableAt);
  const promoteAt = ms(s.promotion?.promotedAt);
  const promotedAt = ms(s.promoted?.availableAt);
  const dnsAt = ms(s.dns?.submittedAt);
  const syncAt = ms(s.dnsSync?.inSyncAt ?? s.dnsSync?.checkedAt);
  if (s.skipped) {
    return {
      outcome: { name: 'failover', result: 'not-run', durationS: null, rtoS: null, rpoS: null, detail: s.skipped },
      steps: [],
      endedAt: now.toISOString(),
    };
  }
  let result: PartResult = 'completed';
  let detail = `promoted the drill replica ${s.replica?.dbInstanceIdentifier ?? '?'} and repointed ${s.dns?.recordName ?? 'the drill record'}`;
  const refused = s.decision?.refused === true || s.error?.Error === 'FailoverRefused';
  if (refused) {
    result = 'guard-refused';
    detail = `a failover guard refused; nothing was promoted: ${
      s.error
        ? errorText(s.error)
        : guards
            .filter((g) => !g.passed)
            .map((g) => g.evidence)
            .join('; ')
    }`;
  } else if (s.error) {
    result = 'error';
    detail = `failover rehearsal failed: ${errorText(s.error)}`;
  }
  const status = result === 'completed' ? 'passed' : result === 'guard-refused' ? 'refused' : 'failed';
  const steps = [
    ...step(
      'create drill replica',
      'failover',
      replicaAt ?? start,
      readyAt ?? (s.error && !promoteAt ? end : undefined),
      readyAt ? 'passed' : status,
    ),
    ...step('guards', 'failover', readyAt, promoteAt ?? (refused ? end : undefined), refused ? 'refused' : 'passed'),
    ...step('promote', 'failover', promoteAt, promotedAt ?? (s.error && promoteAt ? end : undefined), promotedAt ? 'passed' : status),
    ...step('repoint drill DNS', 'failover', dnsAt, syncAt ?? (s.error && dnsAt ? end : undefined), syncAt ? 'passed' : status),
  ];
  if (steps.length === 0) steps.push(...step('failover', 'failover', start, end, status));
  return {
    outcome: {
      name: 'failover',
      result,
      durationS: secs(start, end),
      rtoS: result === 'completed' ? secs(promoteAt, syncAt) : null,
      rpoS: result === 'completed' && typeof s.decision?.plan?.lagSeconds === 'number' ? s.decision.plan.lagSeconds : null,
      detail,
      ...(evidence.length ? { evidence } : {}),
    },
    steps,
    endedAt: now.toISOString(),
  };
}
