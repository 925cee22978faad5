/**
 * Database backup workflow (state-machines/database-backup.asl.json):
 * snapshot -> wait -> copy to the backup region -> wait -> verify both ->
 * metrics; any failure -> alert. One EventBridge Scheduler schedule per
 * configured database starts it every `backupSchedule`.
 *
 * IAM is least privilege per handler: every RDS statement names this
 * deployment's instances (`db:<db>`) and snapshots (`snapshot:<prefix>-<db>-*`,
 * the names BackupService gives them, the same in both regions); KMS
 * statements are narrowed by alias (backup key) or by `kms:ViaService`.
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { WORKFLOWS } from '../../lambdas/domain/workflows/registry';
import { type BackupConfig, backupKeyAlias } from '../config';
import { AslWorkflow, deploymentWorkflowProps } from '../constructs/asl-workflow';
import { DeploymentArns } from '../constructs/deployment-arns';
import type { SchedulerSupport } from '../constructs/scheduler-support';
import { because } from '../constructs/wildcard-reasons';
import { publishAlertStatements } from './alert-policies';

export interface DatabaseBackupWorkflowProps {
  readonly config: BackupConfig;
  readonly alertTopic: sns.ITopic;
  /** Key of the alert topic and of the log groups. */
  readonly encryptionKey: kms.IKey;
  readonly scheduling: SchedulerSupport;
}

/** The IAM statements of each handler of database-backup.asl.json, by PascalName. */
export function databaseBackupPolicies(c: BackupConfig, alertTopic: sns.ITopic, alertKey: kms.IKey): Record<string, iam.PolicyStatement[]> {
  const arns = new DeploymentArns(c);
  const { primaryRegion: primary, backupRegion: backup } = c;
  const dbs = c.databases.map((db) => arns.dbInstance(primary, db));
  const primarySnapshots = c.databases.map((db) => arns.dbSnapshots(primary, db));
  const backupSnapshots = c.databases.map((db) => arns.dbSnapshots(backup, db));
  const snapshotReason =
    'Snapshot names are made per schedule run (<prefix>-<db>-<YYYYMMDDTHHMMZ>); the pattern is limited to the snapshots this system names for the databases of this deployment.';
  const primaryKeyReason = `Source snapshots are encrypted with the database's own key, unknown at deploy time; the statement is limited to keys of this account in ${primary}`;
  const backupKeyReason = `Key ids are not known before the backup-region stack is deployed; access is limited to the key carrying the alias ${backupKeyAlias(c)} (kms:ResourceAliases condition) in ${backup}.`;

  const rds = (sid: string, actions: string[], resources: string[], reason?: string) => {
    const s = new iam.PolicyStatement({ sid, actions: actions.map((a) => `rds:${a}`), resources });
    return reason ? because(reason, s) : s;
  };
  const aliasCondition = { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': backupKeyAlias(c) } };
  const viaRds = (region: string) => ({ StringEquals: { 'kms:ViaService': `rds.${region}.amazonaws.com` } });

  const describePrimaryKeys = because(
    `${primaryKeyReason} (DescribeKey only, to detect snapshots under the AWS-managed aws/rds key).`,
    new iam.PolicyStatement({ sid: 'DescribeSourceKeys', actions: ['kms:DescribeKey'], resources: [arns.kmsKeys(primary)] }),
  );
  const describeBackupKey = because(
    backupKeyReason,
    new iam.PolicyStatement({
      sid: 'DescribeBackupRegionKey',
      actions: ['kms:DescribeKey'],
      resources: [arns.kmsKeys(backup)],
      conditions: aliasCondition,
    }),
  );

  return {
    CreateDbSnapshot: [
      rds('DescribeProtectedInstances', ['DescribeDBInstances'], dbs),
      rds('CreateSnapshots', ['CreateDBSnapshot'], [...dbs, ...primarySnapshots], snapshotReason),
      rds('TagNewSnapshots', ['AddTagsToResource'], primarySnapshots, snapshotReason),
      // Before creating anything: the backup-region key the copy will need exists (BackupService.createDatabaseBackup).
      describeBackupKey,
      rds('DescribeSnapshots', ['DescribeDBSnapshots'], [...dbs, ...primarySnapshots], snapshotReason),
      because(
        'rds:DescribeAccountAttributes (snapshot quota headroom) is an account-level read that supports no resource-level permission.',
        new iam.PolicyStatement({ sid: 'ReadSnapshotQuota', actions: ['rds:DescribeAccountAttributes'], resources: ['*'] }),
      ),
      describePrimaryKeys,
    ],
    // Quota headroom before the snapshot (lambdas/handlers/check-snapshot-quota.ts): read both regions, warn through the alert topic.
    CheckSnapshotQuota: [
      because(
        'rds:DescribeAccountAttributes (manual snapshot quota headroom, both regions) is an account-level read that supports no resource-level permission.',
        new iam.PolicyStatement({ sid: 'ReadSnapshotQuotaBothRegions', actions: ['rds:DescribeAccountAttributes'], resources: ['*'] }),
      ),
      ...publishAlertStatements(alertTopic, alertKey),
    ],
    CheckDbSnapshot: [
      rds('DescribeSnapshotsBothRegions', ['DescribeDBSnapshots'], [...dbs, ...primarySnapshots, ...backupSnapshots], snapshotReason),
    ],
    CopyDbSnapshot: [
      rds('CopyToBackupRegion', ['CopyDBSnapshot'], [...primarySnapshots, ...backupSnapshots], snapshotReason),
      rds('TagCopies', ['AddTagsToResource'], backupSnapshots, snapshotReason),
      rds('DescribeSnapshotsBothRegions', ['DescribeDBSnapshots'], [...dbs, ...primarySnapshots, ...backupSnapshots], snapshotReason),
      describeBackupKey,
      because(
        backupKeyReason,
        new iam.PolicyStatement({
          sid: 'EncryptCopiesWithBackupRegionKey',
          actions: ['kms:CreateGrant'],
          resources: [arns.kmsKeys(backup)],
          conditions: { ...aliasCondition, ...viaRds(backup), Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        }),
      ),
      describePrimaryKeys,
      because(
        `${primaryKeyReason}, and only through RDS in ${primary} (kms:ViaService condition).`,
        new iam.PolicyStatement({
          sid: 'ReadSourceSnapshotKeyThroughRds',
          actions: ['kms:CreateGrant', 'kms:DescribeKey'],
          resources: [arns.kmsKeys(primary)],
          conditions: viaRds(primary),
        }),
      ),
    ],
    VerifyDbBackup: [
      rds('DescribeSnapshotsBothRegions', ['DescribeDBSnapshots'], [...dbs, ...primarySnapshots, ...backupSnapshots], snapshotReason),
      rds('DescribeProtectedInstances', ['DescribeDBInstances'], dbs),
      describePrimaryKeys,
      describeBackupKey,
      rds('TagVerifiedSnapshots', ['AddTagsToResource'], [...primarySnapshots, ...backupSnapshots], snapshotReason),
    ],
    // Publishes the recovery message that resolves an open incident (no extra state).
    RecordBackupMetrics: publishAlertStatements(alertTopic, alertKey),
    PublishAlert: publishAlertStatements(alertTopic, alertKey),
  };
}

export class DatabaseBackupWorkflow extends Construct {
  readonly workflow: AslWorkflow;

  constructor(scope: Construct, id: string, props: DatabaseBackupWorkflowProps) {
    super(scope, id);
    const c = props.config;
    this.workflow = new AslWorkflow(this, 'Workflow', {
      workflowName: WORKFLOWS.databaseBackup.name,
      aslFile: WORKFLOWS.databaseBackup.aslFile,
      handlerPolicies: databaseBackupPolicies(c, props.alertTopic, props.encryptionKey),
      ...deploymentWorkflowProps(c, props.alertTopic, props.encryptionKey),
      timeout: Duration.hours(24),
    });

    const stateMachine = this.workflow.stateMachine;
    const role = props.scheduling.schedulerRole(this, 'SchedulerRole', stateMachine);
    for (const db of c.databases) {
      props.scheduling.schedule(this, `Schedule-${db}`, {
        name: `${WORKFLOWS.databaseBackup.name}-${db}`,
        description: `Backs up RDS instance ${db} (${c.backupSchedule}, ${c.scheduleTimezone}): snapshot, copy to ${c.backupRegion}, verify.`,
        expression: c.backupSchedule,
        timezone: c.scheduleTimezone,
        stateMachine,
        role,
        input: JSON.stringify({ dbInstanceIdentifier: db, scheduledTime: '<aws.scheduler.scheduled-time>' }),
      });
    }
  }
}
