/**
 * The plan of one database restore, decided once by the validate step and carried through the
 * workflow's state to the later steps (restore, wait, settings, verify, record). Pure types plus
 * the check the later steps make on the plan they are handed.
 */
import { InvalidInput } from '../../errors';
import type { RegionRole, Tag } from '../backup/ownership-tags';
import type { InstanceSettings, SettingOrigin } from './instance-settings';
import type { RestoreExpectations } from './verify-restore';

export interface DbRestorePlan {
  mode: 'snapshot' | 'pitr';
  /** The protected database the data comes from. */
  dbInstanceIdentifier: string;
  /** The new instance. */
  targetDbInstanceIdentifier: string;
  region: string;
  regionRole: RegionRole;
  purpose: string;
  /** Snapshot restores: the snapshot restored. */
  snapshot?: { id: string; arn: string; createdAt: string; verifiedAt?: string };
  /** Point-in-time restores: the window and where the time falls in it. */
  pitr?: {
    useLatestRestorableTime: boolean;
    restoreTime?: string;
    window: { earliest?: string; latest: string };
    position: string;
    /** Primary region: the source instance. */
    sourceDbInstanceIdentifier?: string;
    /** Backup region: the replicated automated backups (SourceDBInstanceAutomatedBackupsArn). */
    sourceAutomatedBackupsArn?: string;
  };
  /** The point in time the restored data represents (snapshot: its capture time). */
  pointInTime: string;
  settings: InstanceSettings;
  settingsOrigin: Record<keyof InstanceSettings, SettingOrigin>;
  expected: RestoreExpectations;
  tags: Tag[];
  warnings: string[];
  /** When the restore was requested (the execution's start): RTO starts here. */
  requestedAt: string;
}

/** The restore step's result. */
export interface DbRestoreRef {
  dbInstanceIdentifier: string;
  region: string;
  dbInstanceArn: string;
  startedAt: string;
  /** True when a retried restore step found the instance its first attempt made. */
  resumed: boolean;
}

/** The later steps refuse a plan that is not one (a hand-edited or truncated state). */
export function checkPlan(plan: unknown): DbRestorePlan {
  const p = plan as Partial<DbRestorePlan> | undefined;
  for (const k of [
    'mode',
    'dbInstanceIdentifier',
    'targetDbInstanceIdentifier',
    'region',
    'regionRole',
    'purpose',
    'pointInTime',
    'requestedAt',
  ] as const) {
    if (typeof p?.[k] !== 'string' || !p[k])
      throw new InvalidInput(`plan.${k}`, "is required: pass the validate step's output ($.plan) unchanged");
  }
  if (!p!.settings || !Array.isArray(p!.tags))
    throw new InvalidInput('plan.settings', "is required: pass the validate step's output ($.plan) unchanged");
  if (p!.mode === 'snapshot' ? !p!.snapshot : !p!.pitr)
    throw new InvalidInput(`plan.${p!.mode === 'snapshot' ? 'snapshot' : 'pitr'}`, 'is required for this mode');
  return p as DbRestorePlan;
}

export function checkRestoreRef(ref: unknown): DbRestoreRef {
  const r = ref as Partial<DbRestoreRef> | undefined;
  for (const k of ['dbInstanceIdentifier', 'region', 'startedAt'] as const) {
    if (typeof r?.[k] !== 'string' || !r[k])
      throw new InvalidInput(`restore.${k}`, "is required: pass the restore step's output ($.restore) unchanged");
  }
  return r as DbRestoreRef;
}
