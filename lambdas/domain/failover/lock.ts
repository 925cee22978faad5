/**
 * Single flight: one lock item per database in a DynamoDB table, taken with
 * a conditional write (no timing trick). The holder is an execution ARN.
 * Pure: what to do given what the table and Step Functions say.
 *
 * - free, or already held by this execution (a retried step): take / keep it;
 * - held by an execution Step Functions reports as RUNNING: refuse;
 * - held by an execution that ended without releasing (aborted, timed out):
 *   take it over, conditionally on that same holder (evidence, not age).
 */

export interface LockItem {
  holder: string;
  since: string;
}

/** Status of the holder's execution: a Step Functions status, or "unknown" when it cannot be described. */
export type HolderStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE' | 'NOT_FOUND' | 'unknown';

export type LockDecision =
  | { action: 'acquire'; expectHolder?: undefined }
  | { action: 'keep' }
  | { action: 'take-over'; expectHolder: string; note: string }
  | { action: 'refuse'; note: string };

export function lockDecision(existing: LockItem | undefined, me: string, holderStatus: HolderStatus): LockDecision {
  if (!existing) return { action: 'acquire' };
  if (existing.holder === me) return { action: 'keep' };
  const ended =
    holderStatus === 'SUCCEEDED' ||
    holderStatus === 'FAILED' ||
    holderStatus === 'TIMED_OUT' ||
    holderStatus === 'ABORTED' ||
    holderStatus === 'NOT_FOUND';
  if (ended) {
    return {
      action: 'take-over',
      expectHolder: existing.holder,
      note: `lock of ${existing.holder} (since ${existing.since}) left behind by an execution that is ${holderStatus}`,
    };
  }
  return {
    action: 'refuse',
    note: `a failover of this database is already running: ${existing.holder} (since ${existing.since}, status ${holderStatus}); nothing was changed`,
  };
}
