/**
 * The clock a retention plan runs at. Always the current time in AWS; the
 * local runner (tests, the rehearsal: MUEJAM_LOCAL_RUN=true) may move it, because
 * the emulator stamps every snapshot with the current time and a history of
 * expired backups can only be rehearsed by planning "later".
 */
import { InvalidInput } from '../../errors';

export interface PlanningClock {
  now: Date;
  /** True when the plan runs at an overridden time (local runs only). */
  overridden: boolean;
}

export function planningClock(clockOverride: unknown, o: { now: Date; overrideAllowed: boolean }): PlanningClock {
  if (clockOverride === undefined || clockOverride === null) return { now: o.now, overridden: false };
  if (!o.overrideAllowed) {
    throw new InvalidInput(
      'clockOverride',
      'is accepted only by the local runner (tests and the rehearsal); a deployed retention workflow always plans at the current time: remove the field',
    );
  }
  const ok = typeof clockOverride === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(clockOverride);
  const at = ok ? new Date(clockOverride as string) : undefined;
  if (!at || Number.isNaN(at.getTime())) {
    throw new InvalidInput(
      'clockOverride',
      `${JSON.stringify(clockOverride)} is not an ISO-8601 time with a zone (e.g. 2027-03-01T03:00:00Z)`,
    );
  }
  return { now: at, overridden: true };
}

/** The environment switch the local runner sets (local/local-environment.ts). */
export function clockOverrideAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MUEJAM_LOCAL_RUN === 'true';
}
