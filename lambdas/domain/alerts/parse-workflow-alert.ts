/**
 * Validates a WorkflowAlert read from the alert topic. Every problem names
 * the field and what is allowed, so a malformed alert is still paged with a
 * useful reason (see sns-to-pagerduty.ts).
 */
import { InvalidInput } from '../../errors';
import type { Severity, WorkflowAlert } from './alert-message';

const KINDS = ['failure', 'recovery'] as const;
const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

/** True when the object claims to be one of ours (then it is validated strictly). */
export function looksLikeWorkflowAlert(value: unknown): value is Record<string, unknown> {
  return isObject(value) && value.source === 'muejam-backup-dr' && 'kind' in value;
}

export function parseWorkflowAlert(value: unknown): WorkflowAlert {
  if (!isObject(value)) throw new InvalidInput('alert', 'must be a JSON object');
  if (value.source !== 'muejam-backup-dr') throw new InvalidInput('source', 'must be "muejam-backup-dr"');
  const kind = value.kind;
  if (!KINDS.includes(kind as (typeof KINDS)[number])) {
    throw new InvalidInput('kind', `must be one of ${KINDS.join(', ')}`);
  }
  const severity = value.severity;
  if (!SEVERITIES.includes(severity as Severity)) {
    throw new InvalidInput('severity', `must be one of ${SEVERITIES.join(', ')}`);
  }
  const time = str(value, 'time', true);
  if (Number.isNaN(Date.parse(time))) throw new InvalidInput('time', 'must be an ISO 8601 date-time');
  const failure = kind === 'failure';
  return {
    source: 'muejam-backup-dr',
    kind: kind as WorkflowAlert['kind'],
    deployment: str(value, 'deployment', true),
    workflow: str(value, 'workflow', true),
    resource: str(value, 'resource', true),
    // A failure must say where and why; a recovery has no step or cause.
    step: str(value, 'step', false),
    error: str(value, 'error', failure),
    cause: str(value, 'cause', failure),
    severity: severity as Severity,
    executionArn: str(value, 'executionArn', false),
    consoleUrl: str(value, 'consoleUrl', false),
    dedupKey: str(value, 'dedupKey', true),
    summary: str(value, 'summary', false),
    time,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Record<string, unknown>, field: string, required: boolean): string {
  const v = o[field];
  if (v === undefined || v === null || v === '') {
    if (required) throw new InvalidInput(field, 'is required and must be a non-empty string');
    return '';
  }
  if (typeof v !== 'string') throw new InvalidInput(field, 'must be a string');
  if (required && !v.trim()) throw new InvalidInput(field, 'is required and must be a non-empty string');
  return v;
}
