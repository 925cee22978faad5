/**
 * What the failover workflow tests share: every AWS client the failover uses,
 * mocked (aws-sdk-client-mock) over one small in-memory model of the account
 * (instances, tags, the lock table, the pointer parameter, Route 53 records,
 * ReplicaLag datapoints, the primary-down alarm, executions, the database
 * secret), a real PostgreSQL engine (PGlite) on a loopback port as the
 * reachable endpoint (the connection probes and the write probe), and a
 * closed loopback port as the unreachable one.
 * The model behaves as AWS does where moto does not: PromoteReadReplica
 * refuses a non-replica or a backing-up replica, promotion takes polls.
 */
import { createServer } from 'node:net';
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  AddTagsToResourceCommand,
  CreateDBInstanceReadReplicaCommand,
  type DBInstance,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  PromoteReadReplicaCommand,
  RDSClient,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { ChangeResourceRecordSetsCommand, GetChangeCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { FAILOVER_SETTINGS, FAILOVER_SETTINGS_SCHEMA } from '../../lambdas/domain/settings/failover';
import { LOCAL_PG_ENDPOINTS_ENV } from '../../lambdas/services/local-endpoint-override';
import { applyLocalEnvironment, localRuntimeConfig } from '../../local/local-environment';
import { type LocalPostgres, startLocalPostgres } from '../../local/postgres/pglite-server';
import { runStateMachineLocally } from '../../local/run-state-machine';
import { awsError } from '../support/aws-error';

export const rds = mockClient(RDSClient);
export const cw = mockClient(CloudWatchClient);
export const ddb = mockClient(DynamoDBClient);
export const sfn = mockClient(SFNClient);
export const r53 = mockClient(Route53Client);
export const ssm = mockClient(SSMClient);
export const sns = mockClient(SNSClient);
export const secrets = mockClient(SecretsManagerClient);

export const DB = 'muejam-db-prod';
export const REPLICA = 'muejam-db-prod-replica';
export const DENY_ALL = 'sg-00000000000000000';
export const ZONE = 'Z0PRIVATEZONE';
export const RECORD = 'db.muejam.internal';
export const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:muejam-db-prod-sql-AbCdEf';
export const config = localRuntimeConfig({ deploymentId: 'wf' });
export const settings = FAILOVER_SETTINGS_SCHEMA.parse({
  databases: {
    [DB]: {
      replica: { id: REPLICA, availabilityZone: 'us-east-1b' },
      dns: { hostedZoneId: ZONE, recordName: RECORD, ttl: 30 },
      denyAllSecurityGroupId: DENY_ALL,
      secretArn: SECRET,
    },
  },
});
export const setSettings = (s: unknown) => Object.assign(process.env, FAILOVER_SETTINGS.environment(FAILOVER_SETTINGS_SCHEMA.parse(s)));
applyLocalEnvironment(config, 'http://127.0.0.1:9', FAILOVER_SETTINGS.environment(settings));

const ARN = (id: string) => `arn:aws:rds:us-east-1:123456789012:db:${id}`;
const OWN = [
  { Key: 'muejam:managed-by', Value: 'muejam-backup-dr' },
  { Key: 'muejam:deployment', Value: 'wf' },
  { Key: 'muejam:resource', Value: DB },
];

export interface World {
  instances: Map<string, DBInstance>;
  /** Describe calls of the target after PromoteReadReplica that still show it promoting. */
  promotionPolls: number;
  /** A new replica answers `creating` this many times. */
  creationPolls: number;
  /** GetChange answers PENDING this many times. */
  dnsPendingPolls: number;
  lag: { t: Date; v: number }[];
  alarm: { state: string; since: Date } | undefined;
  lock: { holder: string; since: string } | undefined;
  executions: Map<string, string>;
  pointer: string | undefined;
  records: Map<string, string>;
  calls: string[];
  failRoute53?: Error;
  /** SecretString by secret ARN; a missing one is ResourceNotFoundException. */
  secrets: Map<string, string>;
}

export const world: World = {} as World;
/** The reachable endpoint: a real PostgreSQL (PGlite), writable unless a test makes it read-only. */
export let pg: LocalPostgres;
export let reachablePort = 0;
export let closedPort = 0;

export async function startEndpoints(): Promise<void> {
  pg = await startLocalPostgres();
  reachablePort = pg.port;
  // The probes' SQL goes to the engine (plain, loopback: local runs only, as the rehearsal does).
  process.env[LOCAL_PG_ENDPOINTS_ENV] = JSON.stringify({ '127.0.0.1': pg.address });
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
  closedPort = (closed.address() as { port: number }).port;
  await new Promise<void>((r) => closed.close(() => r()));
}

export async function stopEndpoints(): Promise<void> {
  await pg?.stop();
}

export function instance(id: string, o: Partial<DBInstance> = {}): DBInstance {
  return {
    DBInstanceIdentifier: id,
    DBInstanceArn: ARN(id),
    DBInstanceStatus: 'available',
    AvailabilityZone: 'us-east-1a',
    StorageEncrypted: true,
    BackupRetentionPeriod: 7,
    Endpoint: { Address: '127.0.0.1', Port: reachablePort },
    VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0123456789abcdef0', Status: 'active' }],
    TagList: [],
    ...o,
  };
}

const NOW = () => new Date();

/**
 * A primary that is down on two signals while RDS still says `available` (its zone lost its network: connections
 * refused, the primary-down alarm held 10 min) and a healthy, owned replica in another AZ lagging 3 s.
 */
export function resetWorld(o: Partial<World> = {}): void {
  const primary = instance(DB, { Endpoint: { Address: '127.0.0.1', Port: closedPort }, ReadReplicaDBInstanceIdentifiers: [REPLICA] });
  const replica = instance(REPLICA, {
    AvailabilityZone: 'us-east-1b',
    ReadReplicaSourceDBInstanceIdentifier: DB,
    StatusInfos: [{ StatusType: 'read replication', Normal: true, Status: 'replicating' }],
    BackupRetentionPeriod: 0,
    TagList: [...OWN],
  });
  Object.assign(world, {
    instances: new Map([
      [DB, primary],
      [REPLICA, replica],
    ]),
    promotionPolls: 2,
    creationPolls: 2,
    dnsPendingPolls: 1,
    lag: [{ t: new Date(NOW().getTime() - 30_000), v: 3 }],
    alarm: { state: 'ALARM', since: new Date(NOW().getTime() - 600_000) },
    lock: undefined,
    executions: new Map(),
    pointer: undefined,
    records: new Map([[RECORD, `${DB}.abc.us-east-1.rds.amazonaws.com`]]),
    calls: [],
    failRoute53: undefined,
    secrets: new Map([[SECRET, JSON.stringify({ username: 'postgres', password: 'local' })]]),
    ...o,
  });
  for (const m of [rds, cw, ddb, sfn, r53, ssm, sns, secrets]) m.reset();
  wire();
}

const promoting = new Set<string>();
const creating = new Map<string, number>();

function wire(): void {
  promoting.clear();
  creating.clear();
  const get = (id: string) => {
    const i = world.instances.get(id);
    if (!i) throw awsError('DBInstanceNotFoundFault', `DBInstance ${id} not found.`);
    return i;
  };
  rds.on(DescribeDBInstancesCommand).callsFake(async (i) => {
    const x = get(i.DBInstanceIdentifier);
    const left = creating.get(x.DBInstanceIdentifier!);
    if (left !== undefined) {
      if (left > 0) creating.set(x.DBInstanceIdentifier!, left - 1);
      else {
        creating.delete(x.DBInstanceIdentifier!);
        x.DBInstanceStatus = 'available';
        x.StatusInfos = [{ StatusType: 'read replication', Normal: true, Status: 'replicating' }];
      }
    }
    if (promoting.has(x.DBInstanceIdentifier!)) {
      if (world.promotionPolls > 0) {
        world.promotionPolls -= 1;
        return { DBInstances: [{ ...x, DBInstanceStatus: 'modifying' }] };
      }
      promoting.delete(x.DBInstanceIdentifier!);
      x.ReadReplicaSourceDBInstanceIdentifier = undefined;
      x.StatusInfos = undefined;
      x.BackupRetentionPeriod = 7;
      const src = world.instances.get(DB);
      if (src) src.ReadReplicaDBInstanceIdentifiers = [];
    }
    return { DBInstances: [structuredClone(x)] };
  });
  rds.on(ModifyDBInstanceCommand).callsFake(async (i) => {
    world.calls.push(`ModifyDBInstance ${i.DBInstanceIdentifier} ${(i.VpcSecurityGroupIds ?? []).join(',')}`);
    get(i.DBInstanceIdentifier).VpcSecurityGroups = (i.VpcSecurityGroupIds ?? []).map((g: string) => ({
      VpcSecurityGroupId: g,
      Status: 'active',
    }));
    return {};
  });
  rds.on(StopDBInstanceCommand).callsFake(async (i) => {
    const x = get(i.DBInstanceIdentifier);
    if (x.ReadReplicaDBInstanceIdentifiers?.length)
      throw awsError('InvalidDBInstanceStateFault', 'cannot stop an instance that has read replicas');
    world.calls.push(`StopDBInstance ${i.DBInstanceIdentifier}`);
    x.DBInstanceStatus = 'stopped';
    return {};
  });
  rds.on(AddTagsToResourceCommand).callsFake(async (i) => {
    const id = String(i.ResourceName).split(':db:')[1];
    const x = get(id);
    const tags = new Map((x.TagList ?? []).map((t) => [t.Key, t.Value]));
    for (const t of i.Tags) tags.set(t.Key, t.Value);
    x.TagList = [...tags].map(([Key, Value]) => ({ Key, Value }));
    world.calls.push(`AddTagsToResource ${id}`);
    return {};
  });
  rds.on(PromoteReadReplicaCommand).callsFake(async (i) => {
    const x = get(i.DBInstanceIdentifier);
    if (!x.ReadReplicaSourceDBInstanceIdentifier)
      throw awsError('InvalidDBInstanceStateFault', `${i.DBInstanceIdentifier} is not a read replica`);
    if (x.DBInstanceStatus === 'backing-up') throw awsError('InvalidDBInstanceStateFault', 'backing-up');
    world.calls.push(`PromoteReadReplica ${i.DBInstanceIdentifier} retention=${i.BackupRetentionPeriod}`);
    promoting.add(i.DBInstanceIdentifier);
    return { DBInstance: x };
  });
  // AWS: the new replica is `creating` for `creationPolls` describes, then available and replicating.
  rds.on(CreateDBInstanceReadReplicaCommand).callsFake(async (i) => {
    if (world.instances.has(i.DBInstanceIdentifier)) throw awsError('DBInstanceAlreadyExistsFault', 'exists');
    const src = get(i.SourceDBInstanceIdentifier);
    world.calls.push(`CreateDBInstanceReadReplica ${i.DBInstanceIdentifier} of ${i.SourceDBInstanceIdentifier} in ${i.AvailabilityZone}`);
    world.instances.set(
      i.DBInstanceIdentifier,
      instance(i.DBInstanceIdentifier, {
        DBInstanceStatus: 'creating',
        AvailabilityZone: i.AvailabilityZone,
        ReadReplicaSourceDBInstanceIdentifier: src.DBInstanceIdentifier,
        StorageEncrypted: src.StorageEncrypted,
        TagList: i.Tags,
      }),
    );
    src.ReadReplicaDBInstanceIdentifiers = [...(src.ReadReplicaDBInstanceIdentifiers ?? []), i.DBInstanceIdentifier];
    creating.set(i.DBInstanceIdentifier, world.creationPolls);
    return {};
  });
  cw.on(GetMetricDataCommand).callsFake(async () => ({
    MetricDataResults: [{ Id: 'lag', Timestamps: world.lag.map((p) => p.t), Values: world.lag.map((p) => p.v) }],
  }));
  cw.on(DescribeAlarmsCommand).callsFake(async (i) => ({
    MetricAlarms: world.alarm
      ? [{ AlarmName: i.AlarmNames[0], StateValue: world.alarm.state, StateUpdatedTimestamp: world.alarm.since }]
      : [],
  }));
  ddb.on(GetItemCommand).callsFake(async () => ({
    Item: world.lock ? { lockId: { S: `failover#${DB}` }, holder: { S: world.lock.holder }, since: { S: world.lock.since } } : undefined,
  }));
  ddb.on(PutItemCommand).callsFake(async (i) => {
    const cond = i.ConditionExpression as string;
    const ok = cond === 'attribute_not_exists(lockId)' ? !world.lock : world.lock?.holder === i.ExpressionAttributeValues?.[':stale']?.S;
    if (!ok) throw awsError('ConditionalCheckFailedException', 'The conditional request failed');
    world.lock = { holder: i.Item.holder.S, since: i.Item.since.S };
    world.calls.push('LockAcquired');
    return {};
  });
  ddb.on(DeleteItemCommand).callsFake(async (i) => {
    if (world.lock?.holder !== i.ExpressionAttributeValues?.[':me']?.S)
      throw awsError('ConditionalCheckFailedException', 'The conditional request failed');
    world.lock = undefined;
    world.calls.push('LockReleased');
    return {};
  });
  // Executions the test names have that status; any other one is running (as the local runs in flight are).
  sfn.on(DescribeExecutionCommand).callsFake(async (i) => {
    const s = world.executions.get(i.executionArn) ?? 'RUNNING';
    if (s === 'NOT_FOUND') throw awsError('ExecutionDoesNotExist', 'no such execution');
    return { status: s };
  });
  ssm.on(GetParameterCommand).callsFake(async () => {
    if (!world.pointer) throw awsError('ParameterNotFound', 'not found');
    return { Parameter: { Value: world.pointer } };
  });
  ssm.on(PutParameterCommand).callsFake(async (i) => {
    world.pointer = i.Value;
    world.calls.push(`PutParameter ${i.Value}`);
    return {};
  });
  r53.on(ChangeResourceRecordSetsCommand).callsFake(async (i) => {
    if (world.failRoute53) throw world.failRoute53;
    const c = i.ChangeBatch.Changes[0];
    world.records.set(c.ResourceRecordSet.Name, c.ResourceRecordSet.ResourceRecords[0].Value);
    world.calls.push(`UPSERT ${c.ResourceRecordSet.Name} ${c.ResourceRecordSet.ResourceRecords[0].Value} ttl=${c.ResourceRecordSet.TTL}`);
    return { ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } };
  });
  r53.on(GetChangeCommand).callsFake(async () => {
    if (world.dnsPendingPolls > 0) {
      world.dnsPendingPolls -= 1;
      return { ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } };
    }
    return { ChangeInfo: { Id: '/change/C1', Status: 'INSYNC', SubmittedAt: new Date() } };
  });
  r53.on(ListResourceRecordSetsCommand).callsFake(async (i) => {
    const v = world.records.get(i.StartRecordName);
    return { ResourceRecordSets: v ? [{ Name: `${i.StartRecordName}.`, Type: 'CNAME', TTL: 30, ResourceRecords: [{ Value: v }] }] : [] };
  });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  secrets.on(GetSecretValueCommand).callsFake(async (i) => {
    const v = world.secrets.get(i.SecretId);
    if (v === undefined) throw awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return { ARN: i.SecretId, SecretString: v };
  });
}

/** The database changes the failover made (everything but reads and lock bookkeeping). */
export const changes = () => world.calls.filter((c) => !c.startsWith('Lock'));
/** The secrets the run asked Secrets Manager for (read or not), in order. */
export const secretReads = () => secrets.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId);

export const alerts = () => sns.commandCalls(PublishCommand).map((c) => JSON.parse(c.args[0].input.Message!));
/** The alert of a failed run (the "failover completed" page is a failure-kind alert too). */
export const failureAlert = () => alerts().find((a) => a.kind === 'failure' && a.error !== 'FailoverCompleted');
export const replica = () => world.instances.get(REPLICA)!;
export const primary = () => world.instances.get(DB)!;

/** A suite's hooks: the endpoints once; before each test the default settings, a fresh world, then `each`. */
export function useFailoverWorld(each: () => void = () => undefined): void {
  beforeAll(startEndpoints, 120_000);
  afterAll(stopEndpoints);
  beforeEach(() => {
    setSettings(settings);
    resetWorld();
    each();
  });
}

export const FAILOVER_INPUT = { dbInstanceIdentifier: DB, reason: 'primary unreachable since 03:02' };

export const runFailover = (input: unknown = FAILOVER_INPUT, executionName = 'run-1') =>
  runStateMachineLocally({
    aslFile: 'database-failover.asl.json',
    input,
    region: 'us-east-1',
    stateMachineName: 'muejam-backup-dr-wf-database-failover',
    executionName,
    retryDelayMs: 1,
  });
