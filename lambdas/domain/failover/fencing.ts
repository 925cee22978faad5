/**
 * Fencing the old primary: a DNS change does not move open connections, so
 * the old primary must stop taking writes before (or, where AWS forbids it,
 * right after) the replica is promoted. Pure: it says what to do; the service does it.
 *
 * - `security-group`: swap the primary's VPC security groups for the
 *   configured deny-all group, before promotion.
 * - `stop`: StopDBInstance. AWS refuses to stop an instance that has a read
 *   replica, so this runs right after promotion detaches the replica (the
 *   window between promotion and stop is the risk; prefer `security-group`).
 * - `none`: nothing, with a warning in the run's report and alert.
 */
import type { InstanceFacts } from './instance-facts';

export const FENCING_MODES = ['security-group', 'stop', 'none'] as const;
export type FencingMode = (typeof FENCING_MODES)[number];
export type FencingPhase = 'before-promotion' | 'after-promotion';

export type FencingPlan =
  | { action: 'swap-security-groups'; instanceId: string; from: string[]; to: string[]; note: string }
  | { action: 'stop'; instanceId: string; note: string }
  | { action: 'nothing'; note: string; warning?: string };

/** Statuses in which RDS accepts ModifyDBInstance / StopDBInstance. */
const CHANGEABLE = new Set(['available', 'backing-up', 'storage-optimization', 'configuring-enhanced-monitoring', 'modifying']);
/** Statuses in which the instance serves no connections: already fenced. */
const NOT_SERVING = new Set(['not-found', 'stopped', 'stopping', 'deleting', 'failed', 'inaccessible-encryption-credentials']);

export function fencingPlan(
  mode: FencingMode,
  phase: FencingPhase,
  primary: Pick<InstanceFacts, 'id' | 'status' | 'securityGroupIds'>,
  denyAllSecurityGroupId?: string,
): FencingPlan {
  const here = mode === 'stop' ? 'after-promotion' : 'before-promotion';
  if (mode === 'none') {
    return phase === 'before-promotion'
      ? {
          action: 'nothing',
          note: 'fencing is off',
          warning: `fencing is off (muejam.failover.fencing=none): ${primary.id} may still accept writes from open connections`,
        }
      : { action: 'nothing', note: 'fencing is off' };
  }
  if (phase !== here) return { action: 'nothing', note: `${mode} fencing runs ${here}` };
  if (NOT_SERVING.has(primary.status))
    return { action: 'nothing', note: `${primary.id} is ${primary.status}: already serving no connections` };
  if (mode === 'security-group') {
    if (!denyAllSecurityGroupId)
      throw new Error('security-group fencing needs a deny-all security group id (muejam.failover.databases.<db>.denyAllSecurityGroupId)');
    const ids = primary.securityGroupIds;
    if (ids.length === 1 && ids[0] === denyAllSecurityGroupId) {
      return { action: 'nothing', note: `${primary.id} already has only the deny-all group ${denyAllSecurityGroupId}` };
    }
  }
  if (!CHANGEABLE.has(primary.status)) {
    return {
      action: 'nothing',
      note: `${primary.id} is ${primary.status}: RDS accepts no change in this status`,
      warning: `could not fence ${primary.id} (status ${primary.status}); fence it by hand once RDS accepts changes`,
    };
  }
  if (mode === 'stop') return { action: 'stop', instanceId: primary.id, note: `stop ${primary.id}` };
  return {
    action: 'swap-security-groups',
    instanceId: primary.id,
    from: [...primary.securityGroupIds],
    to: [denyAllSecurityGroupId as string],
    note: `replace ${primary.securityGroupIds.join(', ') || '(none)'} with deny-all ${denyAllSecurityGroupId}`,
  };
}
