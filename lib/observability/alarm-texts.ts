/**
 * What every alarm says to the on-call engineer: severity tag (read by the
 * PagerDuty forwarder, see lambdas/domain/alerts/alarm-description.ts), what
 * happened, what to do first, and the runbook section (docs/runbook.md,
 * "Alarms"). One function per alarm kind so the table in the runbook and the
 * alarms cannot drift apart.
 */
import { formatAlarmDescription } from '../../lambdas/domain/alerts/alarm-description';
import type { PagerDutySeverity } from '../../lambdas/domain/alerts/pagerduty-event';

/** Where docs/runbook.md is read from (override with the Observability construct's `runbookUrl`). */
export const DEFAULT_RUNBOOK_URL = 'https://github.com/muejam/muejam-backup-dr/blob/main/docs/runbook.md';

export const RUNBOOK_ANCHORS = {
  workflowFailed: 'alarm-workflow-executions-failed',
  verificationFailed: 'alarm-verification-failed',
  rpoBreached: 'alarm-rpo-breached',
  lambdaErrors: 'alarm-lambda-errors',
  lambdaThrottles: 'alarm-lambda-throttles',
  alertDelivery: 'alarm-alert-delivery-failed',
} as const;

const link = (base: string, anchor: string) => `${base}#${anchor}`;

export const alarmTexts = {
  workflowFailed: (base: string, workflow: string, severity: PagerDutySeverity) =>
    formatAlarmDescription({
      severity,
      what: `Executions of the ${workflow} workflow failed or timed out in the last 5 minutes`,
      firstAction: `open the failed execution in the Step Functions console (muejam-backup-dr-*-${workflow}), read the failed step and its cause, then follow that step's row in the runbook`,
      runbookUrl: link(base, RUNBOOK_ANCHORS.workflowFailed),
    }),
  verificationFailed: (base: string, workflow: string, resource: string) =>
    formatAlarmDescription({
      severity: 'critical',
      what: `A ${workflow} backup of ${resource} failed verification: the newest backup cannot be trusted`,
      firstAction: 'read the failed checks in the execution\'s cause, compare both snapshots in the console, and start a new backup once the cause is fixed; do not delete the last verified backup',
      runbookUrl: link(base, RUNBOOK_ANCHORS.verificationFailed),
    }),
  rpoBreached: (base: string, resource: string, region: string, rpoHours: number) =>
    formatAlarmDescription({
      severity: 'critical',
      what: `The newest verified backup of ${resource} in ${region} is older than the ${rpoHours} h RPO, or the RPO check stopped reporting`,
      firstAction: `list the last backup executions of ${resource} (failed? not started? schedule disabled?) and check the check-rpo Lambda's logs; start a backup by hand if none is running`,
      runbookUrl: link(base, RUNBOOK_ANCHORS.rpoBreached),
    }),
  lambdaErrors: (base: string, fn: string, consequence: string) =>
    formatAlarmDescription({
      severity: 'warning',
      what: `The ${fn} Lambda failed in the last 5 minutes: ${consequence}`,
      firstAction: `read the errors in its log group (/aws/lambda/...${fn}...) and fix the cause (permissions, configuration, an unreachable endpoint)`,
      runbookUrl: link(base, RUNBOOK_ANCHORS.lambdaErrors),
    }),
  lambdaThrottles: (base: string, fn: string) =>
    formatAlarmDescription({
      severity: 'warning',
      what: `Invocations of the ${fn} Lambda were throttled in the last 5 minutes (account or reserved concurrency exhausted)`,
      firstAction: 'check the account\'s Lambda concurrency (ConcurrentExecutions) and what else runs in the account; steps retry throttles, so watch the workflows for failures',
      runbookUrl: link(base, RUNBOOK_ANCHORS.lambdaThrottles),
    }),
  alertDelivery: (base: string, what: string) =>
    formatAlarmDescription({
      severity: 'critical',
      what: `Alerts are not reaching PagerDuty: ${what}`,
      firstAction: 'read the dead-letter queue messages and the forwarder\'s logs (routing key secret set? PagerDuty reachable?), fix, then redrive the queue so no alert is lost',
      runbookUrl: link(base, RUNBOOK_ANCHORS.alertDelivery),
    }),
};
