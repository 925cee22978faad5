/**
 * The one message shape published to the alert topic by every workflow.
 * The PagerDuty forwarder reads it (and CloudWatch alarm notifications);
 * a human reading the raw SNS email gets the `summary` line first.
 */
export type Severity = 'critical' | 'warning' | 'info';

export interface WorkflowAlert {
  source: 'muejam-backup-dr';
  /** "failure" opens (or updates) an incident; "recovery" resolves the one with the same dedupKey. */
  kind: 'failure' | 'recovery';
  deployment: string;
  /** Workflow name, e.g. "database-backup". */
  workflow: string;
  /** The protected resource: RDS instance id or ElastiCache replication group id. */
  resource: string;
  /** Human name of the step that failed ("copy to backup region"), or "" for recoveries. */
  step: string;
  /** Error name (NotReady, TerminalStatus, InvalidInput, States.Timeout, ...). */
  error: string;
  /** Human-readable cause. */
  cause: string;
  severity: Severity;
  executionArn: string;
  consoleUrl: string;
  /** Stable per workflow and resource, so one incident is opened, updated and resolved. */
  dedupKey: string;
  /** One line: what failed, where, why. */
  summary: string;
  time: string;
}

export function alertDedupKey(deployment: string, workflow: string, resource: string): string {
  return `muejam-backup-dr/${deployment}/${workflow}/${resource}`;
}

export function executionConsoleUrl(executionArn: string): string {
  const region = executionArn.split(':')[3] || 'us-east-1';
  return `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}

/** The Step Functions Catch output: `{ Error, Cause }`; Lambda errors put a JSON document in Cause. */
export interface CaughtError {
  Error?: string;
  Cause?: string;
}

/** The human message inside a caught error's Cause (Lambda's `errorMessage`), or the Cause itself. */
export function causeMessage(caught: CaughtError | undefined): string {
  const raw = caught?.Cause ?? '';
  try {
    const parsed = JSON.parse(raw) as { errorMessage?: string };
    if (parsed && typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // not JSON: a States.* error's plain text
  }
  return raw || '(no cause given)';
}

/** The protected resource named in a workflow's input, whichever workflow it is. */
export function resourceOf(input: unknown): string {
  const i = (input ?? {}) as Record<string, unknown>;
  for (const k of ['dbInstanceIdentifier', 'replicationGroupId', 'resource', 'sourceDbInstanceIdentifier']) {
    if (typeof i[k] === 'string' && i[k]) return i[k] as string;
  }
  return '(not named in the input)';
}

export function buildFailureAlert(o: {
  deployment: string;
  workflow: string;
  resource: string;
  step: string;
  caught: CaughtError | undefined;
  severity: Severity;
  executionArn: string;
  time: Date;
}): WorkflowAlert {
  const error = o.caught?.Error || 'Unknown';
  const cause = causeMessage(o.caught);
  return {
    source: 'muejam-backup-dr',
    kind: 'failure',
    deployment: o.deployment,
    workflow: o.workflow,
    resource: o.resource,
    step: o.step,
    error,
    cause,
    severity: o.severity,
    executionArn: o.executionArn,
    consoleUrl: executionConsoleUrl(o.executionArn),
    dedupKey: alertDedupKey(o.deployment, o.workflow, o.resource),
    summary: `[${o.deployment}] ${o.workflow} failed for ${o.resource} at step "${o.step}": ${error}: ${cause}`.slice(0, 1024),
    time: o.time.toISOString(),
  };
}

/**
 * The "all good again" message a workflow publishes at the end of every
 * successful run: the forwarder turns it into a PagerDuty resolve of the
 * incident with the same dedupKey (harmless when none is open).
 */
export function buildRecoveryAlert(o: {
  deployment: string;
  workflow: string;
  resource: string;
  executionArn: string;
  time: Date;
}): WorkflowAlert {
  return {
    source: 'muejam-backup-dr',
    kind: 'recovery',
    deployment: o.deployment,
    workflow: o.workflow,
    resource: o.resource,
    step: '',
    error: '',
    cause: '',
    severity: 'info',
    executionArn: o.executionArn,
    consoleUrl: executionConsoleUrl(o.executionArn),
    dedupKey: alertDedupKey(o.deployment, o.workflow, o.resource),
    summary: `[${o.deployment}] ${o.workflow} succeeded for ${o.resource}`,
    time: o.time.toISOString(),
  };
}
