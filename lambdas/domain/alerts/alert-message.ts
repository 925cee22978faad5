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
