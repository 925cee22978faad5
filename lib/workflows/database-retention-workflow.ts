/**
 * Database retention workflow (state-machines/database-retention.asl.json):
 * list both regions and plan -> delete this run's expired owned snapshots in
 * bounded parallel -> report; any failure -> alert (warning). One EventBridge
 * Scheduler schedule per configured database starts it daily
 * (`retentionSchedule`, default 03:00, in `scheduleTimezone`).
 *
 * IAM is least privilege per handler. The one destructive permission,
 * rds:DeleteDBSnapshot, is limited to the snapshot names this system gives
 * (`snapshot:<prefix>-<db>-*`) in the two regions AND to snapshots tagged
 * `muejam:deployment=<this deployment>` (aws:ResourceTag condition): a
 * person's snapshot, an automated one or another deployment's cannot be
 * deleted even if the plan were wrong.
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { WORKFLOWS } from '../../lambdas/domain/workflows/registry';
import { TAG } from '../../lambdas/domain/backup/ownership-tags';
import { retentionEnvironment } from '../../lambdas/services/retention-config';
import type { BackupConfig } from '../config';
import { AslWorkflow, deploymentWorkflowProps } from '../constructs/asl-workflow';
import { DeploymentArns } from '../constructs/deployment-arns';
import type { SchedulerSupport } from '../constructs/scheduler-support';
import { because } from '../constructs/wildcard-reasons';
import { publishAlertStatements } from './alert-policies';

export interface DatabaseRetentionWorkflowProps {
  readonly config: BackupConfig;
  readonly alertTopic: sns.ITopic;
  /** Key of the alert topic and of the log groups. */
  readonly encryptionKey: kms.IKey;
  readonly scheduling: SchedulerSupport;
}

/** The IAM statements of each handler of database-retention.asl.json, by PascalName. */
export function databaseRetentionPolicies(
  c: BackupConfig,
  alertTopic: sns.ITopic,
  alertKey: kms.IKey,
): Record<string, iam.PolicyStatement[]> {
  const arns = new DeploymentArns(c);
  const regions = [c.primaryRegion, c.backupRegion];
  const ownSnapshots = regions.flatMap((r) => c.databases.map((db) => arns.dbSnapshots(r, db)));
  const listedSnapshots = regions.map((r) => `arn:${c.partition}:rds:${r}:${c.account}:snapshot:*`);
  const instances = regions.flatMap((r) => c.databases.map((db) => arns.dbInstance(r, db)));

  return {
    PlanRetention: [
      because(
        'Listing reads every snapshot of a protected database (DescribeDBSnapshots filtered by DBInstanceIdentifier), including automated and hand-made ones the plan must see in order to leave them alone; read-only, limited to snapshots of this account in the primary and backup regions.',
        new iam.PolicyStatement({
          sid: 'ListSnapshotsBothRegions',
          actions: ['rds:DescribeDBSnapshots'],
          resources: [...instances, ...listedSnapshots],
        }),
      ),
      because(
        'rds:DescribeAccountAttributes (manual snapshot quota headroom for the report) is an account-level read that supports no resource-level permission.',
        new iam.PolicyStatement({ sid: 'ReadSnapshotQuota', actions: ['rds:DescribeAccountAttributes'], resources: ['*'] }),
      ),
    ],
    DeleteDbSnapshot: [
      because(
        'Snapshot names are made per schedule run (<prefix>-<db>-<YYYYMMDDTHHMMZ>); the pattern is limited to the snapshots this system names for the databases of this deployment, and the condition to snapshots tagged with this deployment.',
        new iam.PolicyStatement({
          sid: 'DeleteOwnSnapshotsOnly',
          actions: ['rds:DeleteDBSnapshot'],
          resources: ownSnapshots,
          conditions: { StringEquals: { [`aws:ResourceTag/${TAG.deployment}`]: c.deploymentId } },
        }),
      ),
    ],
    ReportRetention: [],
    PublishAlert: publishAlertStatements(alertTopic, alertKey),
  };
}

export class DatabaseRetentionWorkflow extends Construct {
  readonly workflow: AslWorkflow;

  constructor(scope: Construct, id: string, props: DatabaseRetentionWorkflowProps) {
    super(scope, id);
    const c = props.config;
    this.workflow = new AslWorkflow(this, 'Workflow', {
      workflowName: WORKFLOWS.databaseRetention.name,
      aslFile: WORKFLOWS.databaseRetention.aslFile,
      handlerPolicies: databaseRetentionPolicies(c, props.alertTopic, props.encryptionKey),
      ...deploymentWorkflowProps(c, props.alertTopic, props.encryptionKey),
      timeout: Duration.hours(6),
    });
    // The policy the plan applies: cdk.json's muejam.retention.* (validated by lib/config.ts).
    for (const [k, v] of Object.entries(retentionEnvironment({ policy: c.retention }))) {
      this.workflow.handlers.PlanRetention.fn.addEnvironment(k, v);
    }

    const stateMachine = this.workflow.stateMachine;
    const role = props.scheduling.schedulerRole(this, 'SchedulerRole', stateMachine);
    for (const db of c.databases) {
      props.scheduling.schedule(this, `Schedule-${db}`, {
        name: `${WORKFLOWS.databaseRetention.name}-${db}`,
        description: `Retention of RDS snapshots of ${db} in ${c.primaryRegion} and ${c.backupRegion} (${c.retentionSchedule}, ${c.scheduleTimezone}): deletes expired owned snapshots.`,
        expression: c.retentionSchedule,
        timezone: c.scheduleTimezone,
        stateMachine,
        role,
        input: JSON.stringify({ dbInstanceIdentifier: db }),
      });
    }
  }
}
