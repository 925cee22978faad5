/**
 * IAM of the failover, replica and replica-health handlers, by PascalName.
 * Least privilege: promote / modify / stop / tag only this deployment's
 * replicas (ARN pattern AND the muejam:deployment tag) and the configured
 * primaries (exact ARNs); Route 53 changes only on the configured records of
 * the configured zones (NormalizedRecordNames, CNAME, UPSERT); the lock
 * table only; the pointer parameters only.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { TAG } from '../../lambdas/domain/backup/ownership-tags';
import { normalizeRecordName } from '../../lambdas/domain/failover/dns';
import {
  databasePointerParameter,
  defaultReplicaId,
  failoverLockTableName,
  primaryDownAlarmName,
} from '../../lambdas/domain/failover/names';
import { type BackupConfig, resourcePrefix } from '../config';
import { DeploymentArns } from '../constructs/deployment-arns';
import { because } from '../constructs/wildcard-reasons';
import { publishAlertStatements } from './alert-policies';
import { decryptViaSecretsManager, rdsManagedSecrets } from './secret-policies';

export const FAILOVER_WORKFLOW = 'database-failover';
export const REPLICA_WORKFLOW = 'database-replica';
export const REPLICA_HEALTH_WORKFLOW = 'replica-health';

/** The ARNs the failover parts may act on. */
export function failoverArns(c: BackupConfig) {
  const arns = new DeploymentArns(c);
  const r = c.primaryRegion;
  const declared = Object.values(c.failover.databases)
    .map((d) => d.replica?.id)
    .filter((x): x is string => !!x);
  const replicaIds = [...new Set([...c.databases.map(defaultReplicaId), ...declared])];
  const arn = (service: string, resource: string, region = r) => `arn:${c.partition}:${service}:${region}:${c.account}:${resource}`;
  return {
    primaries: c.databases.map((db) => arns.dbInstance(r, db)),
    /** Replicas this deployment declares or creates (`<db>-replica` by default); after a failover one of them is the primary. */
    replicas: replicaIds.map((id) => arns.dbInstance(r, id)),
    lockTable: arn('dynamodb', `table/${failoverLockTableName(c.deploymentId)}`),
    pointers: c.databases.map((db) => arn('ssm', `parameter${databasePointerParameter(c.deploymentId, db)}`)),
    primaryDownAlarms: c.databases.map((db) => arn('cloudwatch', `alarm:${primaryDownAlarmName(c.deploymentId, db)}`)),
    failoverExecutions: arn('states', `execution:${resourcePrefix(c)}-${FAILOVER_WORKFLOW}:*`),
    zones: [
      ...new Set(Object.values(c.failover.databases).flatMap((d) => [d.dns, d.drillDns].filter((x) => !!x).map((x) => x!.hostedZoneId))),
    ],
  };
}

export function failoverPolicies(c: BackupConfig, alertTopic: sns.ITopic, alertKey: kms.IKey): Record<string, iam.PolicyStatement[]> {
  const a = failoverArns(c);
  const owned = { StringEquals: { [`aws:ResourceTag/${TAG.deployment}`]: c.deploymentId } };
  const describe = new iam.PolicyStatement({
    sid: 'DescribeOwnInstances',
    actions: ['rds:DescribeDBInstances'],
    resources: [...a.primaries, ...a.replicas],
  });
  const readPointer = new iam.PolicyStatement({ sid: 'ReadDatabasePointers', actions: ['ssm:GetParameter'], resources: a.pointers });
  const readLag = because(
    'cloudwatch:GetMetricData (ReplicaLag datapoints) supports no resource-level permission; read-only.',
    new iam.PolicyStatement({ sid: 'ReadReplicaLag', actions: ['cloudwatch:GetMetricData'], resources: ['*'] }),
  );
  const fenceStatements = [
    describe,
    new iam.PolicyStatement({
      sid: 'FenceProtectedPrimaries',
      actions: ['rds:ModifyDBInstance', 'rds:StopDBInstance'],
      resources: a.primaries,
    }),
    new iam.PolicyStatement({
      sid: 'FenceOwnReplicasPromotedEarlier',
      actions: ['rds:ModifyDBInstance', 'rds:StopDBInstance'],
      resources: a.replicas,
      conditions: owned,
    }),
  ];
  // The lock table is encrypted with the stack key: the lock handlers use it through DynamoDB only.
  const lockKey = new iam.PolicyStatement({
    sid: 'UseLockTableKeyThroughDynamoDb',
    actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
    resources: [alertKey.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${c.primaryRegion}.amazonaws.com` } },
  });
  const zoneArns = a.zones.map((z) => `arn:${c.partition}:route53:::hostedzone/${z}`);
  const recordsOf = (zone: string) =>
    Object.values(c.failover.databases)
      .flatMap((d) => [d.dns, d.drillDns])
      .filter((x) => x?.hostedZoneId === zone)
      .map((x) => normalizeRecordName(x!.recordName));
  const changeRecords = a.zones.map(
    (zone, i) =>
      new iam.PolicyStatement({
        sid: `UpsertConfiguredRecordOnly${i}`,
        actions: ['route53:ChangeResourceRecordSets'],
        resources: [`arn:${c.partition}:route53:::hostedzone/${zone}`],
        conditions: {
          'ForAllValues:StringEquals': {
            'route53:ChangeResourceRecordSetsNormalizedRecordNames': [...new Set(recordsOf(zone))],
            'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME'],
            'route53:ChangeResourceRecordSetsActions': ['UPSERT'],
          },
        },
      }),
  );
  return {
    AcquireFailoverLock: [
      new iam.PolicyStatement({ sid: 'TakeLock', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [a.lockTable] }),
      lockKey,
      because(
        "The lock holder is a failover execution whose name is not known in advance; limited to executions of this deployment's failover state machine (DescribeExecution only, to take over the lock of an execution that ended).",
        new iam.PolicyStatement({ sid: 'DescribeLockHolder', actions: ['states:DescribeExecution'], resources: [a.failoverExecutions] }),
      ),
    ],
    ReleaseFailoverLock: [
      new iam.PolicyStatement({ sid: 'ReleaseOwnLock', actions: ['dynamodb:DeleteItem'], resources: [a.lockTable] }),
      lockKey,
    ],
    EvaluateFailoverGuards: [
      describe,
      readPointer,
      readLag,
      new iam.PolicyStatement({ sid: 'ReadPrimaryDownAlarm', actions: ['cloudwatch:DescribeAlarms'], resources: a.primaryDownAlarms }),
    ],
    FenceOldPrimary: fenceStatements,
    CompleteFencing: fenceStatements,
    PromoteReplica: [
      describe,
      new iam.PolicyStatement({
        sid: 'PromoteOwnReplicasOnly',
        actions: ['rds:PromoteReadReplica', 'rds:AddTagsToResource'],
        resources: a.replicas,
        conditions: owned,
      }),
    ],
    CheckPromotion: [describe],
    RepointDatabaseDns: changeRecords,
    CheckDnsChange: [
      because(
        'Route 53 change ids are made by each UPSERT; GetChange is read-only and change/* is the narrowest resource Route 53 offers.',
        new iam.PolicyStatement({
          sid: 'ReadChangeStatus',
          actions: ['route53:GetChange'],
          resources: [`arn:${c.partition}:route53:::change/*`],
        }),
      ),
      ...(zoneArns.length
        ? [new iam.PolicyStatement({ sid: 'ReadConfiguredZones', actions: ['route53:ListResourceRecordSets'], resources: zoneArns })]
        : []),
    ],
    RunFailoverPostChecks: [describe, ...writeProbeSecretStatements(c)],
    UpdateDatabasePointer: [
      new iam.PolicyStatement({ sid: 'MoveDatabasePointers', actions: ['ssm:GetParameter', 'ssm:PutParameter'], resources: a.pointers }),
    ],
    ReportFailover: publishAlertStatements(alertTopic, alertKey),
    PublishAlert: publishAlertStatements(alertTopic, alertKey),
  };
}

/**
 * The write probe's credentials: the configured secrets (muejam.failover.databases.<db>.secretArn)
 * and, while a protected database has none, the RDS-managed master secrets of the primary region.
 */
function writeProbeSecretStatements(c: BackupConfig): iam.PolicyStatement[] {
  const configured = c.databases.map((db) => c.failover.databases[db]?.secretArn);
  const arns = [...new Set(configured.filter((x): x is string => !!x))];
  const managed = configured.some((x) => !x);
  const regions = [...new Set([c.primaryRegion, ...arns.map((a) => a.split(':')[3])])];
  const read = new iam.PolicyStatement({
    sid: 'ReadWriteProbeSecret',
    actions: ['secretsmanager:GetSecretValue'],
    resources: [...arns, ...(managed ? [rdsManagedSecrets(c, c.primaryRegion)] : [])],
  });
  return [
    managed ? because('RDS-managed master secrets are named rds!db-<id> by RDS; reads only.', read) : read,
    decryptViaSecretsManager(
      c,
      'DecryptWriteProbeSecretViaSecretsManager',
      regions,
      "A secret's key is the one Secrets Manager uses (an RDS-managed secret's key is chosen by RDS); decrypt only through Secrets Manager.",
    ),
  ];
}

export function replicaPolicies(c: BackupConfig, alertTopic: sns.ITopic, alertKey: kms.IKey): Record<string, iam.PolicyStatement[]> {
  const a = failoverArns(c);
  const describe = new iam.PolicyStatement({
    sid: 'DescribeOwnInstances',
    actions: ['rds:DescribeDBInstances'],
    resources: [...a.primaries, ...a.replicas],
  });
  return {
    CreateReadReplica: [
      describe,
      new iam.PolicyStatement({ sid: 'ReadDatabasePointers', actions: ['ssm:GetParameter'], resources: a.pointers }),
      new iam.PolicyStatement({
        sid: 'CreateReplicasOfProtectedDatabases',
        actions: ['rds:CreateDBInstanceReadReplica'],
        resources: [...a.primaries, ...a.replicas],
      }),
      new iam.PolicyStatement({
        sid: 'TagNewReplicasAsThisDeployment',
        actions: ['rds:AddTagsToResource'],
        resources: a.replicas,
        conditions: { StringEquals: { [`aws:RequestTag/${TAG.deployment}`]: c.deploymentId } },
      }),
      because(
        `A same-region encrypted replica uses its source's key, unknown at deploy time; only through RDS in ${c.primaryRegion} (kms:ViaService).`,
        new iam.PolicyStatement({
          sid: 'UseSourceKeyThroughRds',
          actions: ['kms:CreateGrant', 'kms:DescribeKey'],
          resources: [`arn:${c.partition}:kms:${c.primaryRegion}:${c.account}:key/*`],
          conditions: { StringEquals: { 'kms:ViaService': `rds.${c.primaryRegion}.amazonaws.com` } },
        }),
      ),
    ],
    CheckReadReplica: [describe],
    VerifyReadReplica: [describe],
    PublishAlert: publishAlertStatements(alertTopic, alertKey),
  };
}

export function replicaHealthPolicies(c: BackupConfig, alertTopic: sns.ITopic, alertKey: kms.IKey): Record<string, iam.PolicyStatement[]> {
  const a = failoverArns(c);
  return {
    CheckReplicaHealth: [
      new iam.PolicyStatement({
        sid: 'DescribeOwnInstances',
        actions: ['rds:DescribeDBInstances'],
        resources: [...a.primaries, ...a.replicas],
      }),
      new iam.PolicyStatement({ sid: 'ReadDatabasePointers', actions: ['ssm:GetParameter'], resources: a.pointers }),
      because(
        'cloudwatch:GetMetricData (ReplicaLag datapoints) supports no resource-level permission; read-only.',
        new iam.PolicyStatement({ sid: 'ReadReplicaLag', actions: ['cloudwatch:GetMetricData'], resources: ['*'] }),
      ),
    ],
    PublishAlert: publishAlertStatements(alertTopic, alertKey),
  };
}
