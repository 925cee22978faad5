/**
 * IAM of the DR drill's handlers (state-machines/dr-drill.asl.json), by PascalName. Every
 * mutating call is allowed only on drill instances (named `<db>-dr<hash>-<r|p|f>`) that carry, or
 * are created with, the drill tags: managed-by, this deployment, muejam:purpose=dr-drill and a
 * muejam:execution tag (aws:RequestTag on create, aws:ResourceTag afterwards). The Lambdas' role
 * is shared by every execution, so IAM cannot compare that execution tag with the calling
 * execution's id; the code's ownership guard does (lambdas/domain/drill/ownership-guard.ts, before
 * every replicate, promote and delete). Route 53: only the drill records of the configured zones,
 * never the production record (the plan refuses a drill record equal to it, too).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { MANAGED_BY, TAG } from '../../lambdas/domain/backup/ownership-tags';
import { DRILL_PURPOSE } from '../../lambdas/domain/drill/ownership-guard';
import { normalizeRecordName } from '../../lambdas/domain/failover/dns';
import { RESTORE_TAG } from '../../lambdas/domain/restore/restore-tags';
import { DRILL_REPORT_PREFIX } from '../../lambdas/domain/settings/drill';
import type { BackupConfig } from '../config';
import { DeploymentArns } from '../constructs/deployment-arns';
import { because } from '../constructs/wildcard-reasons';
import { rpoCheckStatements } from '../observability/rpo-check';
import { publishAlertStatements } from './alert-policies';
import { databaseRestorePolicies } from './database-restore-workflow';
import { reportKeyAlias, restoreTestPolicies, restoreTestReportBucketName } from './restore-test-workflow';

const DRILL_NAME_REASON =
  'Drill instances are named per drill run (<db>-dr<hash of the execution name>-<r|p|f>); the pattern names only drill instances of the protected databases, and the tag conditions only those created by a drill of this deployment.';
const DESCRIBE_REASON = 'Read-only: the drill follows the instances it creates (named per run) and lists what carries its tag.';

/** The drill tags a create call must carry (aws:RequestTag) and a later call must find (aws:ResourceTag). */
export function drillTagConditions(c: BackupConfig, kind: 'RequestTag' | 'ResourceTag') {
  return {
    StringEquals: {
      [`aws:${kind}/${TAG.managedBy}`]: MANAGED_BY,
      [`aws:${kind}/${TAG.deployment}`]: c.deploymentId,
      [`aws:${kind}/${RESTORE_TAG.purpose}`]: DRILL_PURPOSE,
    },
    Null: { [`aws:${kind}/${TAG.execution}`]: 'false' },
  };
}

/** The drill DNS records by zone (muejam.failover.databases.<db>.drillDns). */
export function drillRecords(c: BackupConfig): Map<string, string[]> {
  const byZone = new Map<string, string[]>();
  for (const db of c.databases) {
    const d = c.failover.databases[db]?.drillDns;
    if (!d) continue;
    byZone.set(d.hostedZoneId, [...new Set([...(byZone.get(d.hostedZoneId) ?? []), normalizeRecordName(d.recordName)])]);
  }
  return byZone;
}

export function drDrillPolicies(c: BackupConfig, alertTopic: sns.ITopic, alertKey: kms.IKey): Record<string, iam.PolicyStatement[]> {
  const arns = new DeploymentArns(c);
  const regions = [c.primaryRegion, c.backupRegion];
  const b = c.backupRegion;
  const rds = (region: string, resource: string) => `arn:${c.partition}:rds:${region}:${c.account}:${resource}`;
  const drillDbs = c.databases.map((db) => rds(b, `db:${db.toLowerCase()}-dr*`));
  const groups = ['pg:*', 'og:*', 'subgrp:*'].map((x) => rds(b, x));
  const restore = databaseRestorePolicies(c, alertTopic, alertKey);
  const keysThroughRds = restore.RestoreDbInstance.filter((s) => s.sid?.startsWith('UseKeysThroughRds'));
  const requestTags = drillTagConditions(c, 'RequestTag');
  const resourceTags = drillTagConditions(c, 'ResourceTag');
  const describe = because(
    DESCRIBE_REASON,
    new iam.PolicyStatement({
      sid: 'DescribeInstances',
      actions: ['rds:DescribeDBInstances'],
      resources: regions.map((r) => rds(r, 'db:*')),
    }),
  );
  const zones = drillRecords(c);
  const zoneArns = [...zones.keys()].map((z) => `arn:${c.partition}:route53:::hostedzone/${z}`);
  const changeDrillRecords = (actions: string[]) =>
    [...zones.entries()].map(
      ([zone, names], i) =>
        new iam.PolicyStatement({
          sid: `ChangeDrillRecordOnly${i}`,
          actions: ['route53:ChangeResourceRecordSets'],
          resources: [`arn:${c.partition}:route53:::hostedzone/${zone}`],
          conditions: {
            'ForAllValues:StringEquals': {
              'route53:ChangeResourceRecordSetsNormalizedRecordNames': names,
              'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME'],
              'route53:ChangeResourceRecordSetsActions': actions,
            },
          },
        }),
    );
  const listZones = zoneArns.length
    ? [new iam.PolicyStatement({ sid: 'ReadDrillZones', actions: ['route53:ListResourceRecordSets'], resources: zoneArns })]
    : [];
  const teardown = [
    describe,
    because(
      "Read-only: the teardown lists the snapshots in both regions to find those carrying this drill's tag.",
      new iam.PolicyStatement({
        sid: 'DescribeSnapshots',
        actions: ['rds:DescribeDBSnapshots'],
        resources: regions.map((r) => rds(r, 'snapshot:*')),
      }),
    ),
    because(
      DRILL_NAME_REASON,
      new iam.PolicyStatement({
        sid: 'DeleteDrillInstancesOnly',
        actions: ['rds:DeleteDBInstance'],
        resources: drillDbs,
        conditions: resourceTags,
      }),
    ),
    because(
      'A drill instance may leave a snapshot named by RDS; only snapshots carrying the drill tags of this deployment may be deleted.',
      new iam.PolicyStatement({
        sid: 'DeleteDrillSnapshotsOnly',
        actions: ['rds:DeleteDBSnapshot'],
        resources: regions.map((r) => rds(r, 'snapshot:*')),
        conditions: resourceTags,
      }),
    ),
    ...changeDrillRecords(['DELETE']),
    ...listZones,
  ];
  const bucket = `arn:${c.partition}:s3:::${restoreTestReportBucketName(c)}`;
  const reportKey = because(
    "The report bucket's key is found by its alias (it lives in the backup-region stack); used only through S3 in that region.",
    new iam.PolicyStatement({
      sid: 'ReportKeyThroughS3',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [`arn:${c.partition}:kms:${b}:${c.account}:key/*`],
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${b}.amazonaws.com` },
        'ForAnyValue:StringEquals': { 'kms:ResourceAliases': reportKeyAlias(c) },
      },
    }),
  );

  return {
    PlanDrDrill: [],
    CheckDrillInventory: rpoCheckStatements(c),
    MeasureDrillPart: [],
    ValidateDbRestore: restore.ValidateDbRestore,
    RestoreDbInstance: [
      because(
        DRILL_NAME_REASON,
        new iam.PolicyStatement({
          sid: 'RestoreDrillInstancesFromOurCopies',
          actions: ['rds:RestoreDBInstanceFromDBSnapshot'],
          resources: [...drillDbs, ...c.databases.map((db) => arns.dbSnapshots(b, db)), ...groups],
          conditions: requestTags,
        }),
      ),
      because(
        `${DRILL_NAME_REASON} The source is the replicated automated backups in ${b}.`,
        new iam.PolicyStatement({
          sid: 'RestoreDrillInstancesToPointInTime',
          actions: ['rds:RestoreDBInstanceToPointInTime'],
          resources: [...drillDbs, rds(b, 'auto-backup:*'), ...groups],
          conditions: requestTags,
        }),
      ),
      because(
        DRILL_NAME_REASON,
        new iam.PolicyStatement({
          sid: 'DrillTagOnCreate',
          actions: ['rds:AddTagsToResource'],
          resources: drillDbs,
          conditions: requestTags,
        }),
      ),
      describe,
      ...keysThroughRds,
    ],
    CheckDbRestore: [describe],
    ApplyDbRestoreSettings: [
      describe,
      because(
        DRILL_NAME_REASON,
        new iam.PolicyStatement({
          sid: 'ModifyDrillInstancesOnly',
          actions: ['rds:ModifyDBInstance'],
          resources: drillDbs,
          conditions: resourceTags,
        }),
      ),
      because(
        'ModifyDBInstance also authorizes the subnet, parameter and option groups named in the restore settings; using them is read-only.',
        new iam.PolicyStatement({ sid: 'DrillUseConfiguredGroups', actions: ['rds:ModifyDBInstance'], resources: groups }),
      ),
    ],
    VerifyDbRestore: [describe],
    RunRestoreTestChecks: restoreTestPolicies(c, alertTopic, alertKey).RunRestoreTestChecks,
    CreateDrillReplica: [
      describe,
      because(
        `${DRILL_NAME_REASON} CreateDBInstanceReadReplica authorizes on the new replica and on its source (the drill's restored instance).`,
        new iam.PolicyStatement({
          sid: 'ReplicateDrillInstancesOnly',
          actions: ['rds:CreateDBInstanceReadReplica', 'rds:AddTagsToResource'],
          resources: drillDbs,
          conditions: requestTags,
        }),
      ),
      ...keysThroughRds,
    ],
    CheckDrillReplica: [describe],
    PlanDrillFailover: [
      describe,
      because(
        'cloudwatch:GetMetricData (ReplicaLag datapoints) supports no resource-level permission; read-only.',
        new iam.PolicyStatement({ sid: 'ReadReplicaLag', actions: ['cloudwatch:GetMetricData'], resources: ['*'] }),
      ),
    ],
    PromoteReplica: [
      describe,
      because(
        DRILL_NAME_REASON,
        new iam.PolicyStatement({
          sid: 'PromoteDrillReplicasOnly',
          actions: ['rds:PromoteReadReplica', 'rds:AddTagsToResource'],
          resources: drillDbs,
          conditions: resourceTags,
        }),
      ),
    ],
    CheckPromotion: [describe],
    RepointDatabaseDns: changeDrillRecords(['UPSERT']),
    CheckDnsChange: [
      because(
        'Route 53 change ids are made by each change; GetChange is read-only and change/* is the narrowest resource Route 53 offers.',
        new iam.PolicyStatement({
          sid: 'ReadChangeStatus',
          actions: ['route53:GetChange'],
          resources: [`arn:${c.partition}:route53:::change/*`],
        }),
      ),
      ...listZones,
    ],
    TeardownDrDrill: teardown,
    CheckDrillTeardown: teardown,
    ReportDrDrill: [
      because(
        `Reports are named per database, day and drill under ${DRILL_REPORT_PREFIX} in this deployment's report bucket.`,
        new iam.PolicyStatement({ sid: 'WriteDrillReports', actions: ['s3:PutObject'], resources: [`${bucket}/${DRILL_REPORT_PREFIX}*`] }),
      ),
      reportKey,
      ...teardown.filter((s) => s.sid === 'DescribeInstances' || s.sid === 'DescribeSnapshots' || s.sid === 'ReadDrillZones'),
      ...publishAlertStatements(alertTopic, alertKey),
    ],
    PublishAlert: publishAlertStatements(alertTopic, alertKey),
  };
}

/** The daily freshness check: reads the last-success markers only. */
export function drillFreshnessStatements(c: BackupConfig): iam.PolicyStatement[] {
  const bucket = `arn:${c.partition}:s3:::${restoreTestReportBucketName(c)}`;
  const b = c.backupRegion;
  return [
    new iam.PolicyStatement({
      sid: 'ReadDrillMarkers',
      actions: ['s3:GetObject'],
      resources: c.databases.map((db) => `${bucket}/${DRILL_REPORT_PREFIX}${db}/last-success.json`),
    }),
    // Without ListBucket S3 answers a missing marker with AccessDenied instead of NoSuchKey.
    new iam.PolicyStatement({
      sid: 'TellMissingMarkers',
      actions: ['s3:ListBucket'],
      resources: [bucket],
      conditions: { StringLike: { 's3:prefix': [`${DRILL_REPORT_PREFIX}*`] } },
    }),
    because(
      "The report bucket's key is found by its alias (it lives in the backup-region stack); used only through S3 in that region.",
      new iam.PolicyStatement({
        sid: 'MarkerKey',
        actions: ['kms:Decrypt'],
        resources: [`arn:${c.partition}:kms:${b}:${c.account}:key/*`],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${b}.amazonaws.com` },
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': reportKeyAlias(c) },
        },
      }),
    ),
  ];
}
