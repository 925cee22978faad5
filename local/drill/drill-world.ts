/**
 * A DR drill on the emulator (moto_server), end to end, with the real ASL and the real
 * handlers: what a real account has before a drill (the database, both keys, verified
 * backups in both regions made by the real backup workflow, the private zone with the
 * production and drill records, the report bucket) and a REAL PostgreSQL (PGlite over its
 * socket) behind the local-only endpoint override, serving the restored copies to the
 * restore test's SQL checks. Used by the rehearsal, the integration test and the bench.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { drillInstanceNames } from '../../lambdas/domain/drill/drill-names';
import { redisBucketName } from '../../lambdas/domain/redis/names';
import { DRILL_SETTINGS, type DrillSettings } from '../../lambdas/domain/settings/drill';
import { FAILOVER_SETTINGS, FAILOVER_SETTINGS_SCHEMA } from '../../lambdas/domain/settings/failover';
import { RESTORE_TEST_SETTINGS, type RestoreTestSettings } from '../../lambdas/domain/settings/restore-test';
import type { ClientFactory } from '../../lambdas/runtime/clients';
import type { RuntimeConfig } from '../../lambdas/runtime/runtime-config';
import { LOCAL_PG_ENDPOINTS_ENV } from '../../lambdas/services/local-endpoint-override';
import { NOT_EXERCISED_ENV } from '../../lambdas/services/dr-drill-instances';
import { replicationShim, seedReplicaLag } from '../failover-world';
import { installPitrStandIn, type PitrStandIn, removePitrStandIn } from './pitr-stand-in';
import { applyLocalEnvironment, stateMachineName } from '../local-environment';
import { seedMuejam, SMALL } from '../postgres/muejam-schema';
import { type LocalPostgres, startLocalPostgres } from '../postgres/pglite-server';
import { type LocalEvent, type LocalExecution, runStateMachineLocally, type StepHandler } from '../run-state-machine';
import { type SeededWorld, seedWorld } from '../seed-world';

export const PRODUCTION_RECORD = 'db.muejam.internal';
export const DRILL_RECORD = 'drill.db.muejam.internal';

/** What the emulator cannot show of the drill; the report and the rehearsal say so. */
export const EMULATOR_LIMITS = [
  'moto has no automated-backups replication (HTTP 500 for a restore from SourceDBInstanceAutomatedBackupsArn): a local stand-in (local/drill/pitr-stand-in.ts) answers as AWS does once replication runs and restores the newest backup-region copy under the requested name and tags, so the point-in-time part shows the wiring, not a real restore window; without replication the restore step refuses with the exact cause (test/unit/services/database-restore-service.test.ts) and the drill fails that part',
  'moto reports no read-replication status and no ReplicaLag: this world adds "replicating" to its answers and puts ReplicaLag datapoints into its CloudWatch (local/failover-world.ts); the guard refusals are shown by the workflow tests',
  'moto has no ElastiCache export to S3: the drill here protects no Redis group; the Redis inventory is shown by the unit tests and the redis-backup rehearsal section',
  "instances and snapshots are available at once in moto: the RTO figures here are the emulator's, not AWS's",
];

export interface DrillWorld {
  config: RuntimeConfig;
  seeded: SeededWorld;
  pg: LocalPostgres;
  zoneId: string;
  reportBucket: string;
  engineVersion: string;
  pitr: PitrStandIn;
  stop(): Promise<void>;
}

function restoreTestSettings(reportBucket: string): RestoreTestSettings {
  return {
    maxAgeHours: 24,
    instanceClass: 'db.t4g.micro',
    regionMode: 'alternate',
    network: {
      primary: { subnetGroup: 'rt-private', securityGroupIds: ['sg-0aaaaaaaaaaaaaaaa'] },
      backup: { subnetGroup: 'rt-private-dr', securityGroupIds: ['sg-0bbbbbbbbbbbbbbbb'] },
    },
    plan: {
      database: 'postgres',
      schemas: ['public'],
      tableMinimums: { 'public.users': 20, 'public.stories': 40, 'public.chapters': 120 },
      timestampColumn: { schema: 'public', table: 'chapters', column: 'updated_at' },
      checks: [{ name: 'recent chapters', sql: 'SELECT max(updated_at) FROM public.chapters', expect: { maxAgeMinutes: 24 * 60 } }],
      amcheckIndexes: [],
    },
    reportBucket,
    rtoHours: 4,
  };
}

/** The emulator's endpoint address of an instance (moto: `<id>.aaaaaaaaaa.<region>.rds.amazonaws.com`). */
export function motoEndpoint(id: string, region: string): string {
  return `${id}.aaaaaaaaaa.${region}.rds.amazonaws.com`;
}

export async function drillWorld(
  config: RuntimeConfig,
  clients: ClientFactory,
  endpoint: string,
  o: { drillIds: string[]; drill?: Partial<DrillSettings> },
): Promise<DrillWorld> {
  // No Redis group here (moto cannot export one, see EMULATOR_LIMITS).
  config = { ...config, redisGroups: [] };
  applyLocalEnvironment(config, endpoint);
  const seeded = await seedWorld(config, clients);
  const pg = await startLocalPostgres();
  const engineVersion = await pg.withClient(async (c) => {
    await seedMuejam(c, SMALL, new Date(Date.now() - 5 * 60_000));
    return (await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v.split(' ')[0];
  });
  // The database in moto reports the local engine's version (the restore test compares the server's with the snapshot's).
  await clients(RDSClient, config.primaryRegion).send(
    new ModifyDBInstanceCommand({ DBInstanceIdentifier: config.databases[0], EngineVersion: engineVersion, ApplyImmediately: true }),
  );
  const reportBucket = `muejam-backup-dr-${config.deploymentId}-reports-${config.backupRegion}`;
  await clients(S3Client, config.backupRegion).send(
    new CreateBucketCommand({ Bucket: reportBucket, CreateBucketConfiguration: { LocationConstraint: config.backupRegion as never } }),
  );
  const r53 = clients(Route53Client, 'us-east-1');
  const zone = await r53.send(
    new CreateHostedZoneCommand({ Name: 'muejam.internal', CallerReference: `${config.deploymentId}-${Date.now()}` }),
  );
  const zoneId = (zone.HostedZone?.Id ?? '').replace('/hostedzone/', '');
  await r53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Changes: [
          {
            Action: 'UPSERT',
            ResourceRecordSet: {
              Name: PRODUCTION_RECORD,
              Type: 'CNAME',
              TTL: 30,
              ResourceRecords: [{ Value: motoEndpoint(config.databases[0], config.primaryRegion) }],
            },
          },
        ],
      },
    }),
  );
  // A DR uses a configured secret replicated to the backup region (the source's managed secret may be unreachable).
  const secret = await clients(SecretsManagerClient, config.backupRegion).send(
    new CreateSecretCommand({
      Name: `${config.deploymentId}-drill-sql`,
      SecretString: JSON.stringify({ username: 'postgres', password: 'drill' }),
    }),
  );
  replicationShim(config.backupRegion);
  const pitr = await installPitrStandIn(config, clients);
  const endpoints: Record<string, string> = {};
  for (const id of o.drillIds) {
    for (const db of config.databases) {
      const names = drillInstanceNames(db, id);
      for (const name of Object.values(names)) endpoints[motoEndpoint(name, config.backupRegion)] = pg.address;
      // What CloudWatch holds for a healthy replica in AWS: ReplicaLag datapoints of the last minutes.
      await seedReplicaLag(clients, config.backupRegion, names.replica, [
        [120, 1],
        [60, 0],
        [10, 0],
      ]);
    }
  }
  const failover = FAILOVER_SETTINGS_SCHEMA.parse({
    databases: Object.fromEntries(
      config.databases.map((db) => [
        db,
        { dns: { hostedZoneId: zoneId, recordName: PRODUCTION_RECORD }, drillDns: { hostedZoneId: zoneId, recordName: DRILL_RECORD } },
      ]),
    ),
  });
  applyLocalEnvironment(config, endpoint, {
    ...DRILL_SETTINGS.environment({ rtoHours: 4, rpoHours: 6, reportBucket, inFlightMinutes: 120, ...o.drill }),
    ...FAILOVER_SETTINGS.environment(failover),
    ...RESTORE_TEST_SETTINGS.environment({ ...restoreTestSettings(reportBucket), secretArn: secret.ARN! }),
    // The Redis export buckets' names, as the stacks set them.
    REDIS_BUCKET_PRIMARY: redisBucketName(config.deploymentId, '123456789012', config.primaryRegion),
    REDIS_BUCKET_BACKUP: redisBucketName(config.deploymentId, '123456789012', config.backupRegion),
    [LOCAL_PG_ENDPOINTS_ENV]: JSON.stringify(endpoints),
    [NOT_EXERCISED_ENV]: EMULATOR_LIMITS.join('\n'),
  });
  return {
    config,
    seeded,
    pg,
    zoneId,
    reportBucket,
    engineVersion,
    pitr,
    stop: async () => {
      removePitrStandIn(config);
      await pg.stop();
    },
  };
}

/** Makes the verified backups a drill finds: the real database backup workflow, run once. */
export async function backUpOnce(config: RuntimeConfig, executionName: string): Promise<LocalExecution> {
  return runStateMachineLocally({
    aslFile: 'database-backup.asl.json',
    input: { dbInstanceIdentifier: config.databases[0] },
    region: config.primaryRegion,
    stateMachineName: stateMachineName(config.deploymentId, 'database-backup'),
    executionName,
    substitutions: { AlertTopicArn: config.alertTopicArn },
    retryDelayMs: 1,
  });
}

export function runDrill(
  config: RuntimeConfig,
  o: { executionName: string; database?: string; handlerOverrides?: Record<string, StepHandler>; onEvent?: (e: LocalEvent) => void },
): Promise<LocalExecution> {
  return runStateMachineLocally({
    aslFile: 'dr-drill.asl.json',
    input: { dbInstanceIdentifier: o.database ?? config.databases[0] },
    region: config.primaryRegion,
    stateMachineName: stateMachineName(config.deploymentId, 'dr-drill'),
    executionName: o.executionName,
    retryDelayMs: 1,
    handlerOverrides: o.handlerOverrides,
    onEvent: o.onEvent,
  });
}

/** Everything in the emulator that could be a drill's: instances and snapshots in both regions, records of the zone. */
export async function drillLeftovers(
  config: RuntimeConfig,
  clients: ClientFactory,
  zoneId: string,
): Promise<{ instances: string[]; snapshots: string[]; records: string[] }> {
  const instances: string[] = [];
  const snapshots: string[] = [];
  for (const region of [config.primaryRegion, config.backupRegion]) {
    const rds = clients(RDSClient, region);
    for (const i of (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? [])
      instances.push(`${region}/${i.DBInstanceIdentifier}`);
    for (const s of (await rds.send(new DescribeDBSnapshotsCommand({}))).DBSnapshots ?? [])
      snapshots.push(`${region}/${s.DBSnapshotIdentifier}`);
  }
  const sets = await clients(Route53Client, 'us-east-1').send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
  const records = (sets.ResourceRecordSets ?? [])
    .filter((r) => r.Type === 'CNAME')
    .map((r) => `${r.Name} -> ${r.ResourceRecords?.[0]?.Value}`);
  return { instances, snapshots, records };
}
export { automatedBackupsArn } from './pitr-stand-in';
