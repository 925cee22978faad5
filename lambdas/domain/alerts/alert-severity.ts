/**
 * Which severity a workflow failure pages with (the PublishAlert step puts it
 * in WorkflowAlert.severity; the forwarder passes it on unchanged):
 *
 * - warning: retention runs and quota checks. Nothing is lost yet, the next
 *   run or a human in working hours can fix it.
 * - critical: everything else: backups (database, Redis), copies,
 *   verification, restores, restore tests, failover, RPO checks. A backup that
 *   failed, a failed verification or a breached RPO means the recovery point
 *   is at risk now.
 *
 * A backup that failed because a snapshot quota was reached is still a failed
 * backup, so it stays critical; "quota" here is the headroom warning before
 * that happens.
 */
import type { Severity } from './alert-message';

const WARNING_WORKFLOWS = /(^|-)(retention|quota)(-|$)/;

export function severityForWorkflow(workflow: string): Severity {
  return WARNING_WORKFLOWS.test(workflow) ? 'warning' : 'critical';
}
