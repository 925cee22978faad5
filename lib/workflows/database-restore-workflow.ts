/**
 * Database restore workflow (state-machines/database-restore.asl.json), started by hand (CLI
 * `restore` / `restore-pitr`, or the console): validate -> restore a NEW instance (snapshot or point
 * in time, either region) -> wait -> settings -> verify -> metrics and an information alert; any
 * failure -> a critical alert naming what was created. One state machine for both modes: the input's
 * `snapshotId` or `restoreTime` decides, every other step is the same.
 *
 * IAM (`databaseRestorePolicies`, also given by the restore test and the DR drill to the same
 * handlers): the restore calls are allowed only with this deployment's restore tags in the request
 * (aws:RequestTag muejam:managed-by, muejam:deployment, muejam:purpose present), from this
 * deployment's snapshots (`snapshot:<prefix>-<db>-*`), its protected instances (PITR, primary) and
 * the replicated automated backups (backup region). ModifyDBInstance only on instances tagged as
 * this deployment's restores (aws:ResourceTag). Nothing may delete or rename an instance.
 * An alarm fires when a restore took longer than `muejam.rtoHours`.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { type AlarmDescriptionParts, formatAlarmDescription } from '../../lambdas/domain/alerts/alarm-description';
import { MANAGED_BY, TAG } from '../../lambdas/domain/backup/ownership-tags';
import { METRICS } from '../../lambdas/domain/metrics/catalog';
import { RESTORE_TAG } from '../../lambdas/domain/restore/restore-tags';
import { restoreSettingsEnvironment } from '../../lambdas/domain/settings/restore';
import { WORKFLOWS } from '../../lambdas/domain/workflows/registry';
import { type BackupConfig, backupKeyAlias, resourcePrefix } from '../config';
import { AslWorkflow, deploymentWorkflowProps } from '../constructs/asl-workflow';
import { DeploymentArns } from '../constructs/deployment-arns';
import { because } from '../constructs/wildcard-reasons';
import { alarmName, ourMetric } from '../observability/alarms';
import { runbookReference } from '../observability/alarm-texts';
import type { SchedulerSupport } from '../constructs/scheduler-support';
import { publishAlertStatements } from './alert-policies';
import { PitrReplication } from './pitr-replication';

export const DATABASE_RESTORE_WORKFLOW = WORKFLOWS.databaseRestore.name;
export const RESTORE_OVER_RTO_ANCHOR = 'alarm-restore-over-rto';

/** The handlers of a database restore that read the restore settings (MUEJAM_SETTINGS_RESTORE). */
export const RESTORE_SETTINGS_HANDLERS = [
  'ValidateDbRestore',
  'RestoreDbInstance',
  'CheckDbRestore',
  'ApplyDbRestoreSettings',
  'VerifyDbRestore',
  'RecordDbRestore',
  'NotifyRestoreFailure',
];

const NEW_INSTANCE_REASON =
  "The restored instance is named by the operator (or the restore test / drill) at restore time; RDS authorizes the restore on the new db ARN, so the statement names db:* in the two regions of this deployment and allows it only with this deployment's restore tags in the request (aws:RequestTag).";
const DESCRIBE_REASON =
  'Read-only: the restore checks that the target name is free and follows the instance it created (named at restore time), in the two regions of this deployment.';
const GROUPS_REASON =
  'RestoreDBInstance* and ModifyDBInstance also authorize the subnet, parameter and option groups named in the restore settings; using them is read-only.';

/** The IAM statements of each handler of database-restore.asl.json, by PascalName. */
export function databaseRestorePolicies(
  c: BackupConfig,
  alertTopic: sns.ITopic,
  alertKey: kms.IKey,
): Record<string, iam.PolicyStatement[]> {
  const arns = new DeploymentArns(c);
  const regions = [c.primaryRegion, c.backupRegion];
  const rdsArn = (region: string, resource: string) => `arn:${c.partition}:rds:${region}:${c.account}:${resource}`;
  const anyDb = regions.map((r) => rdsArn(r, 'db:*'));
  const protectedDbs = c.databases.map((db) => arns.dbInstance(c.primaryRegion, db));
  const ourSnapshots = regions.flatMap((r) => c.databases.map((db) => arns.dbSnapshots(r, db)));
  const autoBackups = regions.map((r) => rdsArn(r, 'auto-backup:*'));
  const groups = regions.flatMap((r) => ['pg:*', 'og:*', 'subgrp:*'].map((x) => rdsArn(r, x)));
  const requestTags = {
    StringEquals: { [`aws:RequestTag/${TAG.managedBy}`]: MANAGED_BY, [`aws:RequestTag/${TAG.deployment}`]: c.deploymentId },
    Null: { [`aws:RequestTag/${RESTORE_TAG.purpose}`]: 'false' },
  };
  const resourceTags = {
    StringEquals: { [`aws:ResourceTag/${TAG.managedBy}`]: MANAGED_BY, [`aws:ResourceTag/${TAG.deployment}`]: c.deploymentId },
    Null: { [`aws:ResourceTag/${RESTORE_TAG.purpose}`]: 'false' },
  };
  const describeInstances = because(
    DESCRIBE_REASON,
    new iam.PolicyStatement({ sid: 'DescribeInstances', actions: ['rds:DescribeDBInstances'], resources: anyDb }),
  );
  const keyReason = `Snapshots and instances are encrypted with the database's own key (unknown at deploy time) in ${c.primaryRegion}, and with the key aliased ${backupKeyAlias(c)} in ${c.backupRegion}; a restore needs a grant for RDS on it, only through RDS (kms:ViaService).`;
  const useKeysThroughRds = regions.map((r, i) =>
    because(
      keyReason,
      new iam.PolicyStatement({
        sid: `UseKeysThroughRds${i}`,
        actions: ['kms:CreateGrant', 'kms:DescribeKey'],
        resources: [arns.kmsKeys(r)],
        conditions: { StringEquals: { 'kms:ViaService': `rds.${r}.amazonaws.com` } },
      }),
    ),
  );

  return {
    ValidateDbRestore: [
      describeInstances,
      because(
        'Read-only: an operator may name any snapshot; the validate step refuses one this deployment did not make (tags) with a clear message instead of AccessDenied.',
        new iam.PolicyStatement({
          sid: 'DescribeSnapshots',
          actions: ['rds:DescribeDBSnapshots'],
          resources: [...regions.map((r) => rdsArn(r, 'snapshot:*')), ...anyDb],
        }),
      ),
      because(
        'Read-only: the point-in-time window of the protected databases (their automated backups, replicated ones in the backup region).',
        new iam.PolicyStatement({
          sid: 'DescribeAutomatedBackups',
          actions: ['rds:DescribeDBInstanceAutomatedBackups'],
          resources: [...anyDb, ...autoBackups],
        }),
      ),
    ],
    RestoreDbInstance: [
      because(
        NEW_INSTANCE_REASON,
        new iam.PolicyStatement({
          sid: 'RestoreFromOurSnapshotsWithRestoreTags',
          actions: ['rds:RestoreDBInstanceFromDBSnapshot'],
          resources: [...anyDb, ...ourSnapshots, ...groups],
          conditions: requestTags,
        }),
      ),
      because(
        `${NEW_INSTANCE_REASON} The source is a protected instance (${c.databases.join(', ')}) in ${c.primaryRegion} or its replicated automated backups in ${c.backupRegion}.`,
        new iam.PolicyStatement({
          sid: 'RestoreToPointInTimeWithRestoreTags',
          actions: ['rds:RestoreDBInstanceToPointInTime'],
          resources: [...anyDb, ...protectedDbs, rdsArn(c.backupRegion, 'auto-backup:*'), ...groups],
          conditions: requestTags,
        }),
      ),
      because(
        NEW_INSTANCE_REASON,
        new iam.PolicyStatement({ sid: 'TagOnCreate', actions: ['rds:AddTagsToResource'], resources: anyDb, conditions: requestTags }),
      ),
      describeInstances,
      ...useKeysThroughRds,
    ],
    CheckDbRestore: [describeInstances],
    ApplyDbRestoreSettings: [
      describeInstances,
      because(
        "Only instances tagged as this deployment's restores (aws:ResourceTag muejam:managed-by, muejam:deployment, muejam:purpose), named at restore time.",
        new iam.PolicyStatement({
          sid: 'ModifyOwnRestoresOnly',
          actions: ['rds:ModifyDBInstance'],
          resources: anyDb,
          conditions: resourceTags,
        }),
      ),
      because(GROUPS_REASON, new iam.PolicyStatement({ sid: 'UseConfiguredGroups', actions: ['rds:ModifyDBInstance'], resources: groups })),
    ],
    VerifyDbRestore: [describeInstances],
    RecordDbRestore: publishAlertStatements(alertTopic, alertKey),
    NotifyRestoreFailure: [...publishAlertStatements(alertTopic, alertKey), describeInstances],
  };
}

/** Gives the restore handlers of `workflow` the restore settings (the restore test and drill call it too). */
export function addRestoreSettingsEnvironment(workflow: AslWorkflow, c: BackupConfig): void {
  const env = restoreSettingsEnvironment(c.restore.settings);
  for (const [name, handler] of Object.entries(workflow.handlers)) {
    if (!RESTORE_SETTINGS_HANDLERS.includes(name)) continue;
    for (const [k, v] of Object.entries(env)) handler.fn.addEnvironment(k, v);
  }
}

/** An alarm description whose runbook reference is the configured URL or the repository path (as lib/observability/alarm-texts.ts does). */
export function recoveryAlarmDescription(
  base: string | undefined,
  anchor: string,
  parts: Omit<AlarmDescriptionParts, 'runbookUrl'>,
): string {
  if (base) return formatAlarmDescription({ ...parts, runbookUrl: runbookReference(base, anchor) });
  const standIn = 'https://runbook.invalid';
  const text = formatAlarmDescription({ ...parts, runbookUrl: standIn });
  return `${text.slice(0, -standIn.length)}${runbookReference(undefined, anchor)}`;
}

export interface DatabaseRestoreWorkflowProps {
  readonly config: BackupConfig;
  readonly alertTopic: sns.ITopic;
  readonly encryptionKey: kms.IKey;
  /** The schedule group: given, the hourly automated-backups replication check is made (lib/workflows/pitr-replication.ts). */
  readonly scheduling?: SchedulerSupport;
}

export class DatabaseRestoreWorkflow extends Construct {
  readonly workflow: AslWorkflow;
  readonly overRtoAlarms: cloudwatch.Alarm[] = [];
  readonly pitrReplication?: PitrReplication;

  constructor(scope: Construct, id: string, props: DatabaseRestoreWorkflowProps) {
    super(scope, id);
    const c = props.config;
    this.workflow = new AslWorkflow(this, 'Workflow', {
      workflowName: DATABASE_RESTORE_WORKFLOW,
      aslFile: WORKFLOWS.databaseRestore.aslFile,
      handlerPolicies: databaseRestorePolicies(c, props.alertTopic, props.encryptionKey),
      ...deploymentWorkflowProps(c, props.alertTopic, props.encryptionKey),
      timeout: Duration.hours(12),
    });
    addRestoreSettingsEnvironment(this.workflow, c);
    if (props.scheduling)
      this.pitrReplication = new PitrReplication(this, 'PitrReplication', {
        ...props,
        scheduling: props.scheduling,
        describe: (anchor, what, firstAction) => recoveryAlarmDescription(c.runbookUrl, anchor, { severity: 'warning', what, firstAction }),
      });

    const action = new cwActions.SnsAction(props.alertTopic);
    for (const db of c.databases) {
      for (const [role, region] of [
        ['primary', c.primaryRegion],
        ['backup', c.backupRegion],
      ] as const) {
        const alarm = new cloudwatch.Alarm(this, `OverRto-${db}-${role}`, {
          alarmName: alarmName(resourcePrefix(c), DATABASE_RESTORE_WORKFLOW, db, role, 'over-rto'),
          alarmDescription: recoveryAlarmDescription(c.runbookUrl, RESTORE_OVER_RTO_ANCHOR, {
            severity: 'critical',
            what: `A restore of ${db} in the ${role} region (${region}) took longer than the RTO of ${c.rtoHours} h`,
            firstAction:
              'open the restore execution (its steps and RestoreDuration), tell the incident lead the RTO was missed, and find the slow step (wait until available, verify)',
          }),
          metric: ourMetric(
            c.metricsNamespace,
            METRICS.restoreDuration,
            { Workflow: DATABASE_RESTORE_WORKFLOW, Resource: db, Region: region },
            'Maximum',
            Duration.hours(1),
          ),
          threshold: c.rtoHours * 3600,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
        this.overRtoAlarms.push(alarm);
      }
    }
  }
}
