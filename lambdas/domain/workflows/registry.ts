/**
 * The workflow registry: every Step Functions workflow of this system, once.
 *
 * A workflow's whole path is findable from its row here: its name (the state
 * machine name suffix and the `Workflow` metric dimension), its ASL file (which
 * names its handlers, lambdas/handlers/<kebab-name>.ts), the context key of its
 * schedule, what it protects, its CLI command and its rehearsal section. The CDK
 * constructs, the observability wiring, the CLI, the rehearsal and the tests read
 * these rows instead of writing the names again.
 *
 * Pure data: no SDK, no CDK, so every layer may import it.
 * Adding a workflow: add its row here first (docs/CONTRIBUTING.md, "How to add a workflow").
 */

/** What a workflow's runs are about: the `Resource` dimension of its metrics and alerts. */
export type ProtectedKind = 'database' | 'cache';

export interface WorkflowDefinition {
  /** kebab-case: `<prefix>-<name>` is the state machine name; the `Workflow` metric dimension. */
  readonly name: string;
  /** File under state-machines/. */
  readonly aslFile: string;
  /** Context key (without `muejam.`) of its EventBridge schedule; absent for manual-only workflows. */
  readonly scheduleKey?: string;
  /** The kind of resource each run is about. */
  readonly protects: ProtectedKind;
  /** True for the workflows that make backups (they get verification and RPO alarms). */
  readonly makesBackups: boolean;
  /** `npm run cli -- <cliCommand>` runs it by hand. */
  readonly cliCommand: string;
  /** Id of the `npm start` rehearsal section that shows it (local/rehearsal). */
  readonly rehearsalSection: string;
}

export const WORKFLOWS = {
  databaseBackup: {
    name: 'database-backup',
    aslFile: 'database-backup.asl.json',
    scheduleKey: 'backupSchedule',
    protects: 'database',
    makesBackups: true,
    cliCommand: 'backup',
    rehearsalSection: 'database-backup',
  },
  databaseRetention: {
    name: 'database-retention',
    aslFile: 'database-retention.asl.json',
    scheduleKey: 'retentionSchedule',
    protects: 'database',
    makesBackups: false,
    cliCommand: 'cleanup',
    rehearsalSection: 'database-retention',
  },
  redisBackup: {
    name: 'redis-backup',
    aslFile: 'redis-backup.asl.json',
    scheduleKey: 'redisBackupSchedule',
    protects: 'cache',
    makesBackups: true,
    cliCommand: 'redis-backup',
    rehearsalSection: 'redis',
  },
  redisRestore: {
    name: 'redis-restore',
    aslFile: 'redis-restore.asl.json',
    protects: 'cache',
    makesBackups: false,
    cliCommand: 'redis-restore',
    rehearsalSection: 'redis',
  },
  databaseFailover: {
    name: 'database-failover',
    aslFile: 'database-failover.asl.json',
    protects: 'database',
    makesBackups: false,
    cliCommand: 'failover',
    rehearsalSection: 'failover',
  },
  databaseReplica: {
    name: 'database-replica',
    aslFile: 'database-replica.asl.json',
    protects: 'database',
    makesBackups: false,
    cliCommand: 'create-replica',
    rehearsalSection: 'failover',
  },
  replicaHealth: {
    name: 'replica-health',
    aslFile: 'replica-health.asl.json',
    scheduleKey: 'failover.healthSchedule',
    protects: 'database',
    makesBackups: false,
    cliCommand: 'replica-health',
    rehearsalSection: 'failover',
  },
  drDrill: {
    name: 'dr-drill',
    aslFile: 'dr-drill.asl.json',
    scheduleKey: 'drill.schedule',
    protects: 'database',
    makesBackups: false,
    cliCommand: 'dr-drill',
    rehearsalSection: 'dr-drill',
  },
  // One state machine for both restore modes (snapshot / point in time); `restore-pitr` starts it too.
  databaseRestore: {
    name: 'database-restore',
    aslFile: 'database-restore.asl.json',
    protects: 'database',
    makesBackups: false,
    cliCommand: 'restore',
    rehearsalSection: 'database-restore',
  },
  restoreTest: {
    name: 'restore-test',
    aslFile: 'restore-test.asl.json',
    scheduleKey: 'restoreTest.schedule',
    protects: 'database',
    makesBackups: false,
    cliCommand: 'restore-test',
    rehearsalSection: 'restore-test',
  },
} as const satisfies Record<string, WorkflowDefinition>;

export type WorkflowKey = keyof typeof WORKFLOWS;
export type WorkflowName = (typeof WORKFLOWS)[WorkflowKey]['name'];

/** Every workflow, in registry order. */
export const ALL_WORKFLOWS: readonly WorkflowDefinition[] = Object.values(WORKFLOWS);

/** The row of a workflow name, or undefined. */
export function workflowByName(name: string): WorkflowDefinition | undefined {
  return ALL_WORKFLOWS.find((w) => w.name === name);
}

/** The workflows that make backups (their runs publish the Backup* metrics; they get verification and RPO alarms). */
export const BACKUP_WORKFLOWS: readonly WorkflowDefinition[] = ALL_WORKFLOWS.filter((w) => w.makesBackups);

/** True for the name of a workflow that makes backups. */
export function isBackupWorkflow(name: string): boolean {
  return BACKUP_WORKFLOWS.some((w) => w.name === name);
}

/** The workflow that makes the backups of one kind of resource (database-backup, redis-backup). */
export function backupWorkflowOf(kind: ProtectedKind): WorkflowDefinition {
  const w = BACKUP_WORKFLOWS.find((b) => b.protects === kind);
  if (!w) throw new Error(`no workflow of the registry makes backups of a ${kind}`);
  return w;
}
