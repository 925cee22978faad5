/**
 * What every alarm says to the on-call engineer: severity tag (read by the
 * PagerDuty forwarder, see lambdas/domain/alerts/alarm-description.ts), what
 * happened, what to do first, and the runbook section (docs/runbook.md,
 * "Alarms"). One function per alarm kind so the table in the runbook and the
 * alarms cannot drift apart.
 *
 * The runbook reference: `<runbookUrl>#<anchor>` when the deployment
 * configures `muejam.runbookUrl` (a link, also sent to PagerDuty); otherwise
 * the repository path `docs/runbook.md#<anchor>`, which is where the runbook
 * really is: no guessed hosting address.
 */
import { formatAlarmDescription, type AlarmDescriptionParts } from '../../lambdas/domain/alerts/alarm-description';
import type { PagerDutySeverity } from '../../lambdas/domain/alerts/pagerduty-event';

/** Where the runbook is when no runbook URL is configured: its path in this repository. */
export const RUNBOOK_REPOSITORY_PATH = 'docs/runbook.md';

export const RUNBOOK_ANCHORS = {
  workflowFailed: 'alarm-workflow-executions-failed',
  verificationFailed: 'alarm-verification-failed',
  rpoBreached: 'alarm-rpo-breached',
  lambdaErrors: 'alarm-lambda-errors',
  lambdaThrottles: 'alarm-lambda-throttles',
  alertDelivery: 'alarm-alert-delivery-failed',
  scheduleDeadLetters: 'alarm-schedule-dead-letters',
  routingKeyPlaceholder: 'alarm-routing-key-placeholder',
} as const;

/** The runbook section as on-call finds it: the configured URL with the anchor, or the repository path. */
export function runbookReference(base: string | undefined, anchor: string): string {
  return base ? `${base}#${anchor}` : `${RUNBOOK_REPOSITORY_PATH}#${anchor} (muejam-backup-dr repository)`;
}

/** formatAlarmDescription, whose last part is the runbook reference: a link when a URL is configured, else the repository path. */
function describe(base: string | undefined, anchor: string, parts: Omit<AlarmDescriptionParts, 'runbookUrl'>): string {
  if (base) return formatAlarmDescription({ ...parts, runbookUrl: runbookReference(base, anchor) });
  // formatAlarmDescription accepts URLs only: format with a reserved stand-in URL, then put the repository path in its place.
  const standIn = 'https://runbook.invalid';
  const text = formatAlarmDescription({ ...parts, runbookUrl: standIn });
  return `${text.slice(0, -standIn.length)}${runbookReference(undefined, anchor)}`;
}

export const alarmTexts = {
  workflowFailed: (base: string | undefined, workflow: string, severity: PagerDutySeverity) =>
    describe(base, RUNBOOK_ANCHORS.workflowFailed, {
      severity,
      what: `Executions of the ${workflow} workflow failed or timed out in the last 5 minutes`,
      firstAction: `open the failed execution in the Step Functions console (muejam-backup-dr-*-${workflow}), read the failed step and its cause, then follow that step's row in the runbook`,
    }),
  verificationFailed: (base: string | undefined, workflow: string, resource: string) =>
    describe(base, RUNBOOK_ANCHORS.verificationFailed, {
      severity: 'critical',
      what: `A ${workflow} backup of ${resource} failed verification: the newest backup cannot be trusted`,
      firstAction:
        "read the failed checks in the execution's cause, compare both snapshots in the console, and start a new backup once the cause is fixed; do not delete the last verified backup",
    }),
  rpoBreached: (base: string | undefined, resource: string, region: string, rpoHours: number) =>
    describe(base, RUNBOOK_ANCHORS.rpoBreached, {
      severity: 'critical',
      what: `The newest verified backup of ${resource} in ${region} is older than the ${rpoHours} h RPO, or the RPO check stopped reporting`,
      firstAction: `list the last backup executions of ${resource} (failed? not started? schedule disabled?) and check the check-rpo Lambda's logs; start a backup by hand if none is running`,
    }),
  lambdaErrors: (base: string | undefined, fn: string, consequence: string) =>
    describe(base, RUNBOOK_ANCHORS.lambdaErrors, {
      severity: 'warning',
      what: `The ${fn} Lambda failed in the last 5 minutes: ${consequence}`,
      firstAction: `read the errors in its log group (/aws/lambda/...${fn}...) and fix the cause (permissions, configuration, an unreachable endpoint)`,
    }),
  lambdaThrottles: (base: string | undefined, fn: string) =>
    describe(base, RUNBOOK_ANCHORS.lambdaThrottles, {
      severity: 'warning',
      what: `Invocations of the ${fn} Lambda were throttled in the last 5 minutes (account or reserved concurrency exhausted)`,
      firstAction:
        "check the account's Lambda concurrency (ConcurrentExecutions) and what else runs in the account; steps retry throttles, so watch the workflows for failures",
    }),
  alertDelivery: (base: string | undefined, what: string) =>
    describe(base, RUNBOOK_ANCHORS.alertDelivery, {
      severity: 'critical',
      what: `Alerts are not reaching PagerDuty: ${what}`,
      firstAction:
        "read the dead-letter queue messages and the forwarder's logs (routing key secret set? PagerDuty reachable?), fix, then redrive the queue so no alert is lost",
    }),
  routingKeyPlaceholder: (base: string | undefined, secretName: string) =>
    describe(base, RUNBOOK_ANCHORS.routingKeyPlaceholder, {
      severity: 'critical',
      what: `Alerts are not reaching PagerDuty: the routing-key secret ${secretName} still holds the placeholder`,
      firstAction: `put the PagerDuty Events API v2 integration key in it (aws secretsmanager put-secret-value --secret-id ${secretName} --secret-string '{"routingKey":"<key>"}'), then replay the dead-lettered alerts`,
    }),
  scheduleDeadLetters: (base: string | undefined) =>
    describe(base, RUNBOOK_ANCHORS.scheduleDeadLetters, {
      severity: 'critical',
      what: 'A schedule could not start its workflow (or the RPO check) after every retry: a backup, retention run or RPO check did not run, and the next ones will likely fail the same way',
      firstAction:
        'read the messages in the schedule dead-letter queue (output ScheduleDeadLetterQueueUrl): the failed target and the error (role, missing or disabled target, throttling); fix, start the missed run by hand, then purge the queue',
    }),
};
