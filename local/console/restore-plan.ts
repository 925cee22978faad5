/**
 * What the `restore` and `restore-pitr` commands (and the rehearsal) print: the plan before anything starts (source,
 * region, target, class, network, the window and where the time falls), a few words per step while
 * it runs, and the end (endpoint, the data's point in time, the measured RTO). Pure text.
 */
import type { InstanceSettings } from '../../lambdas/domain/restore/instance-settings';
import { formatDuration } from '../../lambdas/domain/restore/restore-outcome';
import type { DbRestorePlan } from '../../lambdas/domain/restore/restore-plan';
import type { DbRestoreResult } from '../../lambdas/services/restore-outcome-service';
import type { OutputDescriber } from './progress';

function setting(plan: DbRestorePlan, key: keyof InstanceSettings, shown: string | undefined): string {
  const origin = plan.settingsOrigin?.[key] ?? 'default';
  return `${shown ?? 'AWS default'} (${origin})`;
}

/** The plan's lines, in the order an on-call engineer checks them. */
export function restorePlanLines(plan: DbRestorePlan): string[] {
  const s = plan.settings;
  const source =
    plan.mode === 'snapshot'
      ? `snapshot ${plan.snapshot?.id} (data as of ${plan.snapshot?.createdAt}; ${plan.snapshot?.verifiedAt ? `verified ${plan.snapshot.verifiedAt}` : 'NOT verified'})`
      : `point in time ${plan.pitr?.useLatestRestorableTime ? `latest restorable (${plan.pointInTime} now)` : plan.pointInTime} of ${plan.dbInstanceIdentifier}` +
        (plan.pitr?.sourceAutomatedBackupsArn
          ? ` from the replicated automated backups ${plan.pitr.sourceAutomatedBackupsArn}`
          : ' from its automated backups');
  const lines = [
    `source:          ${source}`,
    `region:          ${plan.region} (${plan.regionRole})`,
    `target:          NEW instance ${plan.targetDbInstanceIdentifier} (purpose ${plan.purpose})`,
    `instance class:  ${setting(plan, 'instanceClass', s.instanceClass)}`,
    `subnet group:    ${setting(plan, 'subnetGroup', s.subnetGroup)}`,
    `security groups: ${setting(plan, 'securityGroupIds', s.securityGroupIds?.join(', '))}`,
    `parameter group: ${setting(plan, 'parameterGroup', s.parameterGroup)}`,
    `option group:    ${setting(plan, 'optionGroup', s.optionGroup)}`,
    `Multi-AZ ${s.multiAz ? 'on' : 'off'}, deletion protection ${s.deletionProtection ? 'on' : 'off'}, backup retention ${s.backupRetentionDays} days`,
  ];
  if (plan.pitr)
    lines.push(
      `window:          from ${plan.pitr.window.earliest ?? '(earliest not reported)'} to ${plan.pitr.window.latest}`,
      `the time falls:  ${plan.pitr.position}`,
    );
  return lines;
}

/** A few words about each restore step's result, for the live progress. */
export const describeDbRestoreStep: OutputDescriber = (state, output) => {
  const o = (output ?? {}) as Record<string, any>;
  switch (state) {
    case 'ValidateRequest':
      return `plan: ${o.plan?.mode} restore of ${o.plan?.dbInstanceIdentifier} into ${o.plan?.targetDbInstanceIdentifier} in ${o.plan?.region}`;
    case 'RestoreInstance':
      return `${o.restore?.resumed ? 'continuing with' : 'RDS accepted'} ${o.restore?.dbInstanceIdentifier}`;
    case 'WaitUntilAvailable':
      return `instance ${o.available?.status} at ${o.available?.availableAt}`;
    case 'ApplySettings':
      return o.settingsApplied?.modified?.length ? `modified: ${o.settingsApplied.modified.join(', ')}` : 'settings already as planned';
    case 'VerifyRestore':
      return `verified (${(o.verification?.checks ?? []).map((c: { name: string }) => c.name).join(', ')})`;
    case 'NotifyFailure':
      return 'critical alert published to the alert topic';
    default:
      return undefined;
  }
};

/** The end of a successful restore: where it is, what it holds, how long it took. */
export function restoreResultLines(r: DbRestoreResult): string[] {
  return [
    `endpoint:        ${r.endpoint ?? '(unknown)'}:${r.port ?? ''}`,
    `data as of:      ${r.restoredTo} (${formatDuration(r.restoredDataAgeSeconds)} before it was verified)`,
    `RTO measured:    ${formatDuration(r.rtoSeconds)} (request -> available ${formatDuration(r.requestToAvailableSeconds)} -> verified ${formatDuration(r.availableToVerifiedSeconds)})`,
    `next:            ${r.next}`,
  ];
}
