/**
 * The settings of the instance a restore creates, decided once by the validate step: the
 * database's configured restore settings for that region, else (primary region only) the source
 * instance's own, else AWS's defaults (with a warning: default VPC, default groups). Pure.
 *
 * Throwaway restores (any purpose other than "restore": restore tests, drills) never get deletion
 * protection, so their guaranteed teardown can delete them.
 */
import type { RegionRole } from '../backup/ownership-tags';
import type { RestoreRegionSettings } from '../settings/restore';
import { DEFAULT_RESTORE_PURPOSE } from './restore-tags';

export type SettingOrigin = 'configured' | 'source instance' | 'default';

export interface InstanceSettings {
  instanceClass?: string;
  subnetGroup?: string;
  securityGroupIds?: string[];
  parameterGroup?: string;
  optionGroup?: string;
  multiAz: boolean;
  deletionProtection: boolean;
  backupRetentionDays: number;
  tags: Record<string, string>;
}

export interface PlannedSettings {
  settings: InstanceSettings;
  /** Where each value came from, for the plan. */
  origin: Record<keyof InstanceSettings, SettingOrigin>;
  warnings: string[];
}

/** What the source instance itself uses (primary region). */
export type SourceSettings = Omit<Partial<InstanceSettings>, 'deletionProtection' | 'tags'>;

export const DEFAULT_RESTORED_BACKUP_RETENTION_DAYS = 7;

export function planInstanceSettings(o: {
  configured: RestoreRegionSettings | undefined;
  /** The source instance's settings when it is in the same region (primary); undefined in the backup region. */
  source: SourceSettings | undefined;
  regionRole: RegionRole;
  purpose: string;
}): PlannedSettings {
  const c = o.configured ?? {};
  const s = o.regionRole === 'primary' ? (o.source ?? {}) : {};
  const origin = {} as Record<keyof InstanceSettings, SettingOrigin>;
  const pick = <K extends keyof SourceSettings>(key: K, configured: SourceSettings[K] | undefined): SourceSettings[K] | undefined => {
    if (configured !== undefined) {
      origin[key] = 'configured';
      return configured;
    }
    if (s[key] !== undefined) {
      origin[key] = 'source instance';
      return s[key];
    }
    origin[key] = 'default';
    return undefined;
  };
  const warnings: string[] = [];
  const throwaway = o.purpose !== DEFAULT_RESTORE_PURPOSE;
  const settings: InstanceSettings = {
    instanceClass: pick('instanceClass', c.instanceClass),
    subnetGroup: pick('subnetGroup', c.subnetGroup),
    securityGroupIds: pick('securityGroupIds', c.securityGroupIds),
    parameterGroup: pick('parameterGroup', c.parameterGroup),
    optionGroup: pick('optionGroup', c.optionGroup),
    multiAz: pick('multiAz', c.multiAz) ?? false,
    backupRetentionDays: pick('backupRetentionDays', c.backupRetentionDays) ?? DEFAULT_RESTORED_BACKUP_RETENTION_DAYS,
    deletionProtection: throwaway ? false : (c.deletionProtection ?? true),
    tags: { ...(c.tags ?? {}) },
  };
  origin.deletionProtection = throwaway || c.deletionProtection === undefined ? 'default' : 'configured';
  origin.tags = c.tags ? 'configured' : 'default';
  if (throwaway && c.deletionProtection) warnings.push(`deletion protection is off: a "${o.purpose}" restore is deleted when its run ends`);
  if (!settings.subnetGroup) {
    warnings.push(
      `no subnet group configured for a ${o.regionRole}-region restore: the instance lands in the default VPC (set muejam.databases[].restore.${o.regionRole}.subnetGroup)`,
    );
  }
  if (!settings.securityGroupIds) {
    warnings.push(
      `no security groups configured for a ${o.regionRole}-region restore: the VPC's default security group applies (set muejam.databases[].restore.${o.regionRole}.securityGroupIds)`,
    );
  }
  if (!settings.parameterGroup) warnings.push('no parameter group: the engine default parameter group applies');
  return { settings, origin, warnings };
}

/** The RestoreDBInstanceFromDBSnapshot / RestoreDBInstanceToPointInTime parameters for these settings. */
export function restoreParameters(s: InstanceSettings) {
  return {
    DBInstanceClass: s.instanceClass,
    DBSubnetGroupName: s.subnetGroup,
    VpcSecurityGroupIds: s.securityGroupIds,
    DBParameterGroupName: s.parameterGroup,
    OptionGroupName: s.optionGroup,
    MultiAZ: s.multiAz,
    DeletionProtection: s.deletionProtection,
    BackupRetentionPeriod: s.backupRetentionDays,
    CopyTagsToSnapshot: true,
    PubliclyAccessible: false,
  };
}

/** What the restored instance really has (from DescribeDBInstances). */
export interface ActualSettings {
  instanceClass?: string;
  securityGroupIds: string[];
  parameterGroup?: string;
  multiAz?: boolean;
  deletionProtection?: boolean;
  backupRetentionDays?: number;
}

/** The ModifyDBInstance fields that bring the restored instance to the planned settings; empty when it already matches. */
export function settingsDrift(actual: ActualSettings, planned: InstanceSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (planned.instanceClass && actual.instanceClass !== planned.instanceClass) out.DBInstanceClass = planned.instanceClass;
  if (planned.securityGroupIds) {
    const want = [...planned.securityGroupIds].sort().join(',');
    if ([...actual.securityGroupIds].sort().join(',') !== want) out.VpcSecurityGroupIds = planned.securityGroupIds;
  }
  if (planned.parameterGroup && actual.parameterGroup !== planned.parameterGroup) out.DBParameterGroupName = planned.parameterGroup;
  if (actual.multiAz !== undefined && actual.multiAz !== planned.multiAz) out.MultiAZ = planned.multiAz;
  if (actual.deletionProtection !== planned.deletionProtection) out.DeletionProtection = planned.deletionProtection;
  if (actual.backupRetentionDays !== planned.backupRetentionDays) out.BackupRetentionPeriod = planned.backupRetentionDays;
  return out;
}
