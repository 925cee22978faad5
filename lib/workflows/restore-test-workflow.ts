/**
 * Weekly restore test (state-machines/restore-test.asl.json, issue 11): one schedule per database
 * (two with regionMode "both"), the SQL-check Lambda attached to the database's VPC, two security
 * groups (the checker's; the throwaway instance's, which admits 5432 from the checker's group only),
 * the reused database-restore steps with their own statements, deletes scoped to restore-test
 * instances of this deployment by name AND tag, and the alarms (restore-test-alarms.ts: projected 100 GiB RTO, no success in 8 days).
 * The reports go to a bucket in the backup region (restoreTestReportBucket, in the backup-region stack).
 */
import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { MANAGED_BY, TAG } from '../../lambdas/domain/backup/ownership-tags';
import { RESTORE_TAG } from '../../lambdas/domain/restore/restore-tags';
import { RESTORE_TEST_PURPOSE, restoreTestNamePrefix, scheduledRegionModes } from '../../lambdas/domain/restore-test/names';
import { RESTORE_TEST_SETTINGS, type RestoreTestSettings } from '../../lambdas/domain/settings/restore-test';
import { WORKFLOWS } from '../../lambdas/domain/workflows/registry';
import { REPORT_PREFIX } from '../../lambdas/services/restore-test-record';
import { type BackupConfig, resourcePrefix } from '../config';
import { AslWorkflow, deploymentWorkflowProps } from '../constructs/asl-workflow';
import { BackupBucket } from '../constructs/backup-bucket';
import type { SchedulerSupport } from '../constructs/scheduler-support';
import { because } from '../constructs/wildcard-reasons';
import { publishAlertStatements } from './alert-policies';
import { addRestoreSettingsEnvironment, databaseRestorePolicies } from './database-restore-workflow';
import { RestoreTestAlarms } from './restore-test-alarms';
import { decryptViaSecretsManager, rdsManagedSecrets } from './secret-policies';

export const RESTORE_TEST_WORKFLOW = WORKFLOWS.restoreTest.name;
export const REPORT_RETENTION_DAYS = 400;
const OWN = [
  'SweepRestoreTests',
  'PlanRestoreTest',
  'AdjustRestoreTestPlan',
  'RunRestoreTestChecks',
  'TeardownRestoreTest',
  'RecordRestoreTest',
];

export function restoreTestReportBucketName(c: Pick<BackupConfig, 'deploymentId' | 'account' | 'backupRegion'>): string {
  return `muejam-${c.deploymentId}-reports-${c.account}-${c.backupRegion}`;
}
export const reportKeyAlias = (c: Pick<BackupConfig, 'deploymentId'>) => `alias/${resourcePrefix(c)}-reports`;

/** The report bucket (backup-region stack): SSE-KMS, versioned, TLS only, reports expire after 400 days. */
export function restoreTestReportBucket(scope: Construct, c: BackupConfig): BackupBucket {
  return new BackupBucket(scope, 'RestoreTestReports', {
    bucketName: restoreTestReportBucketName(c),
    keyAlias: reportKeyAlias(c),
    retentionDays: REPORT_RETENTION_DAYS,
    exportObjectPattern: `${REPORT_PREFIX}*`,
    allowElastiCacheExport: false,
    description: `${resourcePrefix(c)}: encrypts the restore-test reports`,
  });
}

const LIST_REASON =
  'DescribeDBInstances without an identifier (the janitor lists every instance to find leftovers) needs db:*; it is read-only, and the deletes are limited by name and tag.';
const DESCRIBE_REASON =
  'The throwaway instance is named per run (<prefix>-rt-<db>-<yyyymmdd>) and the source database is read for its master secret; describe is read-only.';
const ENI_REASON =
  'A Lambda in a VPC manages its network interfaces; EC2 supports no resource-level permission for DescribeNetworkInterfaces and the create/delete calls Lambda makes.';
const SECRET_REASON = 'RDS-managed master secrets are named rds!db-<id> by RDS; reads only.';

/** The IAM statements of each handler of restore-test.asl.json, by PascalName. */
export function restoreTestPolicies(c: BackupConfig, alertTopic: sns.ITopic, alertKey: kms.IKey): Record<string, iam.PolicyStatement[]> {
  const regions = [c.primaryRegion, c.backupRegion];
  const rds = (region: string, resource: string) => `arn:${c.partition}:rds:${region}:${c.account}:${resource}`;
  const restorePolicies = databaseRestorePolicies(c, alertTopic, alertKey);
  const describe = (sid: string, reason: string) =>
    because(reason, new iam.PolicyStatement({ sid, actions: ['rds:DescribeDBInstances'], resources: regions.map((r) => rds(r, 'db:*')) }));
  const deleteOwn = because(
    "Only instances named <prefix>-rt-* AND tagged as this deployment's restore tests (managed-by, deployment, purpose=restore-test) may be deleted.",
    new iam.PolicyStatement({
      sid: 'DeleteOwnRestoreTestInstances',
      actions: ['rds:DeleteDBInstance'],
      resources: regions.map((r) => rds(r, `db:${restoreTestNamePrefix(c.snapshotPrefix)}*`)),
      conditions: {
        StringEquals: {
          [`aws:ResourceTag/${TAG.managedBy}`]: MANAGED_BY,
          [`aws:ResourceTag/${TAG.deployment}`]: c.deploymentId,
          [`aws:ResourceTag/${RESTORE_TAG.purpose}`]: RESTORE_TEST_PURPOSE,
        },
      },
    }),
  );
  const secrets = c.restoreTest.secretArn ? [c.restoreTest.secretArn] : regions.map((r) => rdsManagedSecrets(c, r));
  const bucket = restoreTestReportBucketName(c);
  return {
    SweepRestoreTests: [describe('ListInstances', LIST_REASON), deleteOwn, ...publishAlertStatements(alertTopic, alertKey)],
    PlanRestoreTest: [],
    AdjustRestoreTestPlan: [],
    ValidateDbRestore: restorePolicies.ValidateDbRestore,
    RestoreDbInstance: restorePolicies.RestoreDbInstance,
    CheckDbRestore: restorePolicies.CheckDbRestore,
    RunRestoreTestChecks: [
      describe('DescribeRestoredAndSource', DESCRIBE_REASON),
      because(
        SECRET_REASON,
        new iam.PolicyStatement({ sid: 'ReadMasterSecret', actions: ['secretsmanager:GetSecretValue'], resources: secrets }),
      ),
      decryptViaSecretsManager(
        c,
        'DecryptSecretViaSecretsManager',
        regions,
        "The master secret's key is the one Secrets Manager uses; decrypt only through Secrets Manager.",
      ),
      because(
        ENI_REASON,
        new iam.PolicyStatement({ sid: 'DescribeNetworkInterfaces', actions: ['ec2:DescribeNetworkInterfaces'], resources: ['*'] }),
      ),
      because(
        'Lambda creates and deletes the network interfaces of the checker (named by EC2 when made) in the configured subnets, with the checker security group.',
        new iam.PolicyStatement({
          sid: 'ManageOwnNetworkInterfaces',
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: [
            `arn:${c.partition}:ec2:${c.primaryRegion}:${c.account}:network-interface/*`,
            ...c.restoreTest.subnetIds.map((id) => `arn:${c.partition}:ec2:${c.primaryRegion}:${c.account}:subnet/${id}`),
            `arn:${c.partition}:ec2:${c.primaryRegion}:${c.account}:security-group/*`,
          ],
          conditions: { StringEquals: { 'ec2:Vpc': `arn:${c.partition}:ec2:${c.primaryRegion}:${c.account}:vpc/${c.restoreTest.vpcId}` } },
        }),
      ),
    ],
    TeardownRestoreTest: [describe('DescribeThisRunsInstance', DESCRIBE_REASON), deleteOwn],
    RecordRestoreTest: [
      because(
        `Reports are named per database, day and execution under ${REPORT_PREFIX} in this deployment's report bucket.`,
        new iam.PolicyStatement({
          sid: 'WriteReports',
          actions: ['s3:PutObject'],
          resources: [`arn:${c.partition}:s3:::${bucket}/${REPORT_PREFIX}*`],
        }),
      ),
      because(
        "The report bucket's key is found by its alias (it lives in the backup-region stack); used only through S3 in that region.",
        new iam.PolicyStatement({
          sid: 'EncryptReports',
          actions: ['kms:GenerateDataKey'],
          resources: [`arn:${c.partition}:kms:${c.backupRegion}:${c.account}:key/*`],
          conditions: {
            StringEquals: { 'kms:ViaService': `s3.${c.backupRegion}.amazonaws.com` },
            'ForAnyValue:StringEquals': { 'kms:ResourceAliases': reportKeyAlias(c) },
          },
        }),
      ),
      ...publishAlertStatements(alertTopic, alertKey),
    ],
    PublishAlert: publishAlertStatements(alertTopic, alertKey),
  };
}

/** What the restore-test Lambdas read (MUEJAM_SETTINGS_RESTORE_TEST); the primary network uses the stack's security group. */
export function restoreTestSettings(c: BackupConfig, instanceSecurityGroupId: string): RestoreTestSettings {
  const r = c.restoreTest;
  return {
    maxAgeHours: r.maxAgeHours,
    instanceClass: r.instanceClass,
    regionMode: r.regionMode,
    network: {
      ...(r.dbSubnetGroup ? { primary: { subnetGroup: r.dbSubnetGroup, securityGroupIds: [instanceSecurityGroupId] } } : {}),
      ...(r.backupDbSubnetGroup && r.backupSecurityGroupIds.length
        ? { backup: { subnetGroup: r.backupDbSubnetGroup, securityGroupIds: r.backupSecurityGroupIds } }
        : {}),
    },
    plan: r.plan,
    ...(r.secretArn ? { secretArn: r.secretArn } : {}),
    reportBucket: restoreTestReportBucketName(c),
    rtoHours: c.rtoHours,
  };
}

export interface RestoreTestWorkflowProps {
  readonly config: BackupConfig;
  readonly alertTopic: sns.ITopic;
  readonly encryptionKey: kms.IKey;
  readonly scheduling: SchedulerSupport;
}

export class RestoreTestWorkflow extends Construct {
  readonly workflow: AslWorkflow;
  readonly checkerSecurityGroup: ec2.CfnSecurityGroup;
  readonly instanceSecurityGroup: ec2.CfnSecurityGroup;
  readonly projectedRtoAlarms: cloudwatch.Alarm[];
  /** No restore test of the database passed in 8 days (restore-test-alarms.ts). */
  readonly noSuccessAlarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: RestoreTestWorkflowProps) {
    super(scope, id);
    const c = props.config;
    const r = c.restoreTest;
    if (!r.vpcId || r.subnetIds.length === 0)
      throw new Error('restore test: muejam.restoreTest.vpcId and subnetIds are required (the config refuses this first)');
    const prefix = resourcePrefix(c);

    this.checkerSecurityGroup = new ec2.CfnSecurityGroup(this, 'CheckerSecurityGroup', {
      vpcId: r.vpcId,
      groupDescription: `${prefix} restore-test SQL checker: PostgreSQL to the restore-test instances, HTTPS to the AWS APIs`,
      securityGroupEgress: [
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0', description: 'AWS APIs (RDS, Secrets Manager)' },
      ],
    });
    this.instanceSecurityGroup = new ec2.CfnSecurityGroup(this, 'InstanceSecurityGroup', {
      vpcId: r.vpcId,
      groupDescription: `${prefix} restore-test instances: PostgreSQL from the SQL checker only`,
      // No egress at all (CloudFormation would otherwise allow everything).
      securityGroupEgress: [{ ipProtocol: 'icmp', fromPort: 252, toPort: 86, cidrIp: '255.255.255.255/32', description: 'no egress' }],
    });
    new ec2.CfnSecurityGroupIngress(this, 'InstanceFromChecker', {
      groupId: this.instanceSecurityGroup.attrGroupId,
      ipProtocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      sourceSecurityGroupId: this.checkerSecurityGroup.attrGroupId,
      description: 'PostgreSQL from the restore-test SQL checker only',
    });
    new ec2.CfnSecurityGroupEgress(this, 'CheckerToInstance', {
      groupId: this.checkerSecurityGroup.attrGroupId,
      ipProtocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      destinationSecurityGroupId: this.instanceSecurityGroup.attrGroupId,
      description: 'PostgreSQL to the restore-test instances',
    });

    this.workflow = new AslWorkflow(this, 'Workflow', {
      workflowName: RESTORE_TEST_WORKFLOW,
      aslFile: WORKFLOWS.restoreTest.aslFile,
      handlerPolicies: restoreTestPolicies(c, props.alertTopic, props.encryptionKey),
      ...deploymentWorkflowProps(c, props.alertTopic, props.encryptionKey),
      timeout: Duration.hours(12),
    });
    addRestoreSettingsEnvironment(this.workflow, c);
    const env = RESTORE_TEST_SETTINGS.environment(restoreTestSettings(c, this.instanceSecurityGroup.attrGroupId));
    for (const name of OWN) for (const [k, v] of Object.entries(env)) this.workflow.handlers[name]?.fn.addEnvironment(k, v);

    // The SQL checker runs in the database's VPC, behind the checker security group.
    const checker = this.workflow.handlers.RunRestoreTestChecks.fn;
    (checker.node.defaultChild as lambda.CfnFunction).vpcConfig = {
      subnetIds: r.subnetIds,
      securityGroupIds: [this.checkerSecurityGroup.attrGroupId],
    };

    const stateMachine = this.workflow.stateMachine;
    const role = props.scheduling.schedulerRole(this, 'SchedulerRole', stateMachine);
    for (const db of c.databases) {
      for (const mode of scheduledRegionModes(r.regionMode)) {
        props.scheduling.schedule(this, `Schedule-${db}-${mode}`, {
          name: `${RESTORE_TEST_WORKFLOW}-${db}${r.regionMode === 'both' ? `-${mode}` : ''}`,
          description: `Restore test of ${db} (${r.schedule}, ${c.scheduleTimezone}, region ${mode}): restore the newest verified backup into a throwaway instance, SQL checks, RTO/RPO, teardown.`,
          expression: r.schedule,
          timezone: c.scheduleTimezone,
          stateMachine,
          role,
          input: JSON.stringify({ dbInstanceIdentifier: db, region: mode, scheduledTime: '<aws.scheduler.scheduled-time>' }),
        });
      }
    }

    const alarms = new RestoreTestAlarms(this, 'Alarms', {
      config: c,
      workflowName: RESTORE_TEST_WORKFLOW,
      alertTopic: props.alertTopic,
      encryptionKey: props.encryptionKey,
      scheduling: props.scheduling,
      settings: restoreTestSettings(c, this.instanceSecurityGroup.attrGroupId),
      reportKeyAlias: reportKeyAlias(c),
    });
    this.projectedRtoAlarms = alarms.projectedRtoAlarms;
    this.noSuccessAlarms = alarms.noSuccessAlarms;
  }
}
