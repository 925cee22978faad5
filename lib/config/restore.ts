/**
 * Restore area: the settings of the instances a database restore creates (from the object form of
 * `muejam.databases`, see lib/config/databases.ts), point-in-time recovery in the backup region
 * (automated-backups replication retention) and its RPO alarm threshold. Flat keys `muejam.<name>`.
 */
import type { RestoreSettings } from '../../lambdas/domain/settings/restore';
import { defineArea } from './area';
import { contextValue, numberValue } from './context-values';
import { databaseRestoreSettingsValue } from './databases';

export interface RestoreConfig {
  /** Settings of restored instances, by protected database and region role (the restore Lambdas' MUEJAM_SETTINGS_RESTORE). */
  settings: RestoreSettings;
  /** Days of automated backups replicated to the backup region (StartDBInstanceAutomatedBackupsReplication). */
  pitrReplicationRetentionDays: number;
  /** The backup region's latest restorable time may lag this many minutes before the PITR lag alarm fires. */
  pitrLagAlarmMinutes: number;
}

export const RESTORE_DEFAULTS = { pitrReplicationRetentionDays: 7, pitrLagAlarmMinutes: 15 } as const;

const retention = numberValue(1, 35);
const lag = numberValue(1, 1440);

export const restoreArea = defineArea({
  name: 'restore',
  keyPrefix: '',
  fields: {
    databases: databaseRestoreSettingsValue,
    pitrReplicationRetentionDays: contextValue({ kind: 'number', default: RESTORE_DEFAULTS.pitrReplicationRetentionDays, ...retention }),
    pitrLagAlarmMinutes: contextValue({ kind: 'number', default: RESTORE_DEFAULTS.pitrLagAlarmMinutes, ...lag }),
  },
  build: (v): { restore: RestoreConfig } => ({
    restore: {
      settings: { databases: v.databases },
      pitrReplicationRetentionDays: v.pitrReplicationRetentionDays ?? RESTORE_DEFAULTS.pitrReplicationRetentionDays,
      pitrLagAlarmMinutes: v.pitrLagAlarmMinutes ?? RESTORE_DEFAULTS.pitrLagAlarmMinutes,
    },
  }),
});
