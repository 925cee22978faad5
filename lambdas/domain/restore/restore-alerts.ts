/**
 * The alert texts of a database restore. Pure.
 *
 * Success: information severity, what was restored, where, by which execution and input.
 * Failure: the shared failure alert, with the cause extended by what the run created (so the
 * on-call engineer knows which instance exists and was left in place) or "nothing was created".
 */
import type { CaughtError } from '../alerts/alert-message';
import { causeMessage } from '../alerts/alert-message';
import { formatDuration, type RestoreFigures } from './restore-outcome';

export interface CreatedInstance {
  dbInstanceIdentifier: string;
  region: string;
  status?: string;
}

/** The failure's cause with what was created, as a Catch output (a Lambda-style JSON Cause). */
export function withCreatedNote(
  caught: CaughtError | undefined,
  created: CreatedInstance | undefined,
  planned?: { target: string; region: string },
): CaughtError {
  const note = created
    ? `created: RDS instance ${created.dbInstanceIdentifier} in ${created.region} (status ${created.status ?? 'unknown'}), left in place for inspection; delete it once it is not needed`
    : planned
      ? `nothing was created (no instance ${planned.target} of this run exists in ${planned.region})`
      : 'nothing was created';
  return { Error: caught?.Error, Cause: JSON.stringify({ errorMessage: `${causeMessage(caught)} | ${note}` }) };
}

export function restoreSucceededSummary(o: {
  deployment: string;
  workflow: string;
  db: string;
  target: string;
  region: string;
  mode: 'snapshot' | 'pitr';
  from: string;
  pointInTime: string;
  endpoint?: string;
  figures: RestoreFigures;
  executionArn: string;
  input: unknown;
}): string {
  const what = o.mode === 'snapshot' ? `snapshot ${o.from}` : `point in time ${o.pointInTime}`;
  return (
    `[${o.deployment}] ${o.workflow}: ${o.db} restored from ${what} to ${o.target} in ${o.region}` +
    ` (endpoint ${o.endpoint ?? 'unknown'}; data as of ${o.pointInTime}; RTO ${formatDuration(o.figures.rtoSeconds)})` +
    ` by ${o.executionArn} with input ${JSON.stringify(o.input ?? null)}`
  ).slice(0, 1024);
}
