/**
 * RDS identifiers and the deterministic snapshot names derived from the schedule.
 * Pure: no AWS SDK.
 */
import { InvalidInput } from '../../errors';

const RDS_IDENTIFIER = /^[a-zA-Z][a-zA-Z0-9-]*$/;

export const IDENTIFIER_RULE = 'letters, digits and hyphens; starts with a letter; no "--"; does not end with "-"';

/** Validates an RDS instance or snapshot identifier; throws InvalidInput naming the field. */
export function validateRdsIdentifier(field: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidInput(field, `is required: a string of 1-${maxLength} characters (${IDENTIFIER_RULE})`);
  }
  if (value.length > maxLength) {
    throw new InvalidInput(field, `"${value}" is ${value.length} characters long; at most ${maxLength} are allowed`);
  }
  if (!RDS_IDENTIFIER.test(value) || value.includes('--') || value.endsWith('-')) {
    throw new InvalidInput(field, `"${value}" is not a valid identifier (${IDENTIFIER_RULE})`);
  }
  return value;
}

/** Parses an ISO-8601 timestamp; throws InvalidInput naming the field. */
export function parseTimestamp(field: string, value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw new InvalidInput(field, `${JSON.stringify(value)} is not an ISO-8601 timestamp with a zone (e.g. 2026-11-24T06:00:00Z)`);
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new InvalidInput(field, `"${value}" is not a real date and time`);
  return d;
}

/** `YYYYMMDDTHHMMZ` of the minute containing `at`, in UTC. */
export function minuteStamp(at: Date): string {
  const iso = at.toISOString(); // 2026-11-24T06:00:12.345Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
}

/**
 * The snapshot name for a backup of `db` scheduled at `at`: `<prefix>-<db>-<YYYYMMDDTHHMMZ>`,
 * lower-cased as RDS stores it. The same schedule tick always gives the same name,
 * so a re-run continues with the snapshot it already made.
 */
export function snapshotName(prefix: string, db: string, at: Date): string {
  const name = `${prefix}-${db}-${minuteStamp(at)}`.toLowerCase();
  return validateRdsIdentifier('snapshotName', name, 255);
}

/** Picks the backup's reference time: the schedule's time when given, else the execution's start. */
export function backupTime(scheduledTime: unknown, executionStartTime: unknown): Date {
  if (scheduledTime !== undefined && scheduledTime !== null && scheduledTime !== '') {
    return parseTimestamp('scheduledTime', scheduledTime);
  }
  return parseTimestamp('$$.Execution.StartTime', executionStartTime);
}

/** A database id that is valid and one this deployment protects; the error names the field and the allowed ids. */
export function validateProtectedDatabase(field: string, value: unknown, protectedDatabases: readonly string[]): string {
  const db = validateRdsIdentifier(field, value, 63);
  if (!protectedDatabases.includes(db)) {
    const allowed = protectedDatabases.length ? protectedDatabases.join(', ') : '(none configured)';
    throw new InvalidInput(field, `unknown database "${db}"; this deployment protects: ${allowed}`);
  }
  return db;
}
