/**
 * The failover's stage on moto_server (the integration test and the rehearsal):
 * the failover lock table, a private hosted zone with the database's CNAME, the failover settings in
 * the environment, ReplicaLag datapoints, a stopped primary with its
 * primary-down alarm in ALARM, the database's secret in moto's Secrets Manager, and a real
 * PostgreSQL engine (PGlite, local/postgres) on a loopback port standing in for the promoted
 * replica's endpoint (moto's endpoints resolve nowhere): the connection probe reaches it and the
 * write probe proves it out of recovery and writable.
 *
 * What moto cannot show, and how this stage says so:
 * - moto reports no read replication status (StatusInfos) and keeps a promoted
 *   replica's source: `replicationShim` patches moto's DescribeDBInstances answers
 *   to what AWS reports. The refusing branches are workflow tests.
 * - moto promotes at once and never lags on its own; the lag is seeded.
 * - the engine is never a standby (PGlite has no replication), so the write probe passes
 *   whatever moto says; its refusals are unit and workflow tests.
 */
import { CloudWatchClient, PutMetricAlarmCommand, PutMetricDataCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RDSClient, StopDBInstanceCommand } from '@aws-sdk/client-rds';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { failoverLockTableName, primaryDownAlarmName } from '../lambdas/domain/failover/names';
import { FAILOVER_SETTINGS, FAILOVER_SETTINGS_SCHEMA, type FailoverSettings } from '../lambdas/domain/settings/failover';
import { awsClient, type ClientFactory } from '../lambdas/runtime/clients';
import type { RuntimeConfig } from '../lambdas/runtime/runtime-config';
import { LOCAL_ENDPOINTS_ENV } from '../lambdas/services/connection-probe';
import { LOCAL_PG_ENDPOINTS_ENV } from '../lambdas/services/local-endpoint-override';
import { type LocalPostgres, startLocalPostgres } from './postgres/pglite-server';

export const RECORD = 'db.muejam.internal';
/** moto does not check security group ids; in AWS this is a group with no rules in the database's VPC. */
export const DENY_ALL_GROUP = 'sg-0000000000000000d';

export interface FailoverStage {
  zoneId: string;
  settings: FailoverSettings;
  replicaId: string;
  /** The engine standing in for the promoted replica's endpoint. */
  pg: LocalPostgres;
  /** The database's secret in moto (muejam.failover.databases.<db>.secretArn). */
  secretArn: string;
  /** Stops the engine. */
  close(): Promise<void>;
}

/**
 * Two moto gaps, patched in moto's answers to the process-wide RDS client only:
 * moto reports no StatusInfos (AWS: "read replication: replicating, normal" for a healthy
 * replica), and after PromoteReadReplica moto keeps ReadReplicaSourceDBInstanceIdentifier
 * (AWS clears it: the instance is standalone). The shim remembers the promotions it sees.
 */
export function replicationShim(region: string): void {
  const client = awsClient(RDSClient, region);
  const promoted = new Set<string>();
  client.middlewareStack.remove('muejamMotoReplicationStatus');
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'PromoteReadReplicaCommand')
        promoted.add((args.input as { DBInstanceIdentifier: string }).DBInstanceIdentifier);
      if (context.commandName === 'DescribeDBInstancesCommand') {
        const out = result.output as {
          DBInstances?: {
            DBInstanceIdentifier?: string;
            ReadReplicaSourceDBInstanceIdentifier?: string;
            ReadReplicaDBInstanceIdentifiers?: string[];
            StatusInfos?: unknown[];
          }[];
        };
        for (const i of out.DBInstances ?? []) {
          if (promoted.has(i.DBInstanceIdentifier ?? '')) {
            i.ReadReplicaSourceDBInstanceIdentifier = undefined;
            i.StatusInfos = undefined;
          } else if (i.ReadReplicaSourceDBInstanceIdentifier && !i.StatusInfos?.length) {
            i.StatusInfos = [{ StatusType: 'read replication', Normal: true, Status: 'replicating' }];
          }
          if (i.ReadReplicaDBInstanceIdentifiers)
            i.ReadReplicaDBInstanceIdentifiers = i.ReadReplicaDBInstanceIdentifiers.filter((id) => !promoted.has(id));
        }
      }
      return result;
    },
    { step: 'initialize', name: 'muejamMotoReplicationStatus' },
  );
}

export async function stageFailover(config: RuntimeConfig, clients: ClientFactory, db = config.databases[0]): Promise<FailoverStage> {
  // What the primary stack deploys: the failover lock table.
  await clients(DynamoDBClient, config.primaryRegion).send(
    new CreateTableCommand({
      TableName: failoverLockTableName(config.deploymentId),
      KeySchema: [{ AttributeName: 'lockId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'lockId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const r53 = clients(Route53Client, 'us-east-1');
  const zone = await r53.send(
    new CreateHostedZoneCommand({
      Name: 'muejam.internal',
      CallerReference: `${config.deploymentId}-${Date.now()}`,
      HostedZoneConfig: { PrivateZone: true, Comment: 'rehearsal private zone' },
      VPC: { VPCRegion: config.primaryRegion as never, VPCId: 'vpc-0a1b2c3d' },
    }),
  );
  const zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
  await r53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Changes: [
          {
            Action: 'UPSERT',
            ResourceRecordSet: { Name: RECORD, Type: 'CNAME', TTL: 30, ResourceRecords: [{ Value: `${db}.cluster.local` }] },
          },
        ],
      },
    }),
  );
  const replicaId = `${db}-replica`;
  // The database's credentials, as the platform keeps them (the write probe reads them).
  const secret = await clients(SecretsManagerClient, config.primaryRegion).send(
    new CreateSecretCommand({
      Name: `${config.deploymentId}-${db}-sql`,
      SecretString: JSON.stringify({ username: 'postgres', password: 'local' }),
    }),
  );
  const secretArn = secret.ARN!;
  const settings = FAILOVER_SETTINGS_SCHEMA.parse({
    confirmMinutes: 5,
    databases: {
      [db]: {
        replica: { id: replicaId, availabilityZone: `${config.primaryRegion}b` },
        dns: { hostedZoneId: zoneId, recordName: RECORD, ttl: 30 },
        denyAllSecurityGroupId: DENY_ALL_GROUP,
        secretArn,
      },
    },
  });
  Object.assign(process.env, FAILOVER_SETTINGS.environment(settings));
  replicationShim(config.primaryRegion);
  const pg = await startLocalPostgres();
  return { zoneId, settings, replicaId, pg, secretArn, close: () => pg.stop() };
}

/** The endpoint `host` (an emulator's name) is the stage's engine, for the connection probe and the SQL (local runs only). */
export function listenAs(stage: FailoverStage, host: string): void {
  for (const env of [LOCAL_ENDPOINTS_ENV, LOCAL_PG_ENDPOINTS_ENV]) {
    const map = JSON.parse(process.env[env] || '{}') as Record<string, string>;
    map[host] = stage.pg.address;
    process.env[env] = JSON.stringify(map);
  }
}

/** ReplicaLag datapoints, as CloudWatch gets them from RDS in AWS: (seconds ago, lag seconds). */
export async function seedReplicaLag(clients: ClientFactory, region: string, replicaId: string, points: [number, number][]): Promise<void> {
  await clients(CloudWatchClient, region).send(
    new PutMetricDataCommand({
      Namespace: 'AWS/RDS',
      MetricData: points.map(([ago, value]) => ({
        MetricName: 'ReplicaLag',
        Dimensions: [{ Name: 'DBInstanceIdentifier', Value: replicaId }],
        Timestamp: new Date(Date.now() - ago * 1000),
        Value: value,
        Unit: 'Seconds',
      })),
    }),
  );
}

/** The primary goes down: stopped (status), its endpoint answers nothing (probe), the primary-down alarm in ALARM. */
export async function primaryGoesDown(config: RuntimeConfig, clients: ClientFactory, db = config.databases[0]): Promise<void> {
  await clients(RDSClient, config.primaryRegion).send(new StopDBInstanceCommand({ DBInstanceIdentifier: db }));
  const cw = clients(CloudWatchClient, config.primaryRegion);
  const AlarmName = primaryDownAlarmName(config.deploymentId, db);
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName,
      Namespace: config.metricsNamespace,
      MetricName: 'PrimaryHealthy',
      Dimensions: [{ Name: 'Resource', Value: db }],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
    }),
  );
  await cw.send(
    new SetAlarmStateCommand({ AlarmName, StateValue: 'ALARM', StateReason: 'rehearsal: the replica health check found the primary down' }),
  );
}

/** What the database's record answers now. */
export async function recordValue(clients: ClientFactory, zoneId: string): Promise<string | undefined> {
  const out = await clients(Route53Client, 'us-east-1').send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
  return out.ResourceRecordSets?.find((r) => r.Name?.replace(/\.$/, '') === RECORD)?.ResourceRecords?.[0]?.Value;
}
