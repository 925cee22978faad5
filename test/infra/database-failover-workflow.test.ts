/**
 * The failover, replica and replica-health workflows in the synthesized primary
 * stack: the lock table, the health schedule per database, the alarms, the
 * automatic trigger, and IAM scoped to this deployment (ARNs + tags, the
 * configured Route 53 record only, the lock table only). Bundling is skipped (wiring only).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../lib/app';
import { cdkJsonContext } from './synth';

const DB = 'muejam-db-prod';
const failoverDatabases = {
  [DB]: {
    replica: { id: 'muejam-db-prod-replica', availabilityZone: 'us-east-1b' },
    dns: { hostedZoneId: 'Z0PRODZONE1', recordName: 'DB.muejam.internal.', ttl: 30 },
    drillDns: { hostedZoneId: 'Z0DRILLZONE', recordName: 'drill-db.muejam.internal', ttl: 10 },
    denyAllSecurityGroupId: 'sg-0123456789abcdef0',
  },
};

function primaryTemplate(overrides: Record<string, unknown> = {}): any {
  const outdir = mkdtempSync(path.join(tmpdir(), 'failover-'));
  try {
    const app = new App({
      builtinCloudFormationValidation: false,
      outdir,
      // The drill (on in cdk.json) adds its own tag-scoped statements to the shared step roles: test/infra/dr-drill-workflow.test.ts.
      context: {
        ...cdkJsonContext(),
        'aws:cdk:bundling-stacks': [],
        'muejam.failover.databases': failoverDatabases,
        'muejam.drill.enabled': false,
        ...overrides,
      },
    });
    buildApp(app, undefined);
    app.synth();
    const f = readdirSync(outdir).find((x) => x.endsWith('-primary.template.json'))!;
    return JSON.parse(readFileSync(path.join(outdir, f), 'utf8'));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const byType = (t: any, type: string) => Object.entries(t.Resources).filter(([, r]: [string, any]) => r.Type === type) as [string, any][];
const asArray = (v: unknown): any[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
function statementsOf(t: any, handler: string): any[] {
  // Step Lambdas live in the stack's shared registry (StepLambdas<Name>); the RPO check's in Observability (…RpoCheckFunction…).
  const found = byType(t, 'AWS::IAM::Policy').find(
    ([id]) => id.startsWith(`StepLambdas${handler}Role`) || (handler === 'CheckRpo' && id.includes('RpoCheckFunctionRole')),
  );
  expect(found).toBeDefined();
  // Every step Lambda also writes its own log group (logs:*): not what these tests are about.
  return found![1].Properties.PolicyDocument.Statement.filter((st: any) => !asArray(st.Action).every((a: string) => a.startsWith('logs:')));
}
const actionsOf = (statements: any[]) => statements.flatMap((s) => asArray(s.Action));

describe('database failover infrastructure', () => {
  let t: any;
  beforeAll(() => {
    t = primaryTemplate();
  }, 240_000);

  it('deploys the three state machines from their ASL files', () => {
    const names = byType(t, 'AWS::StepFunctions::StateMachine').map(([, m]) => m.Properties.StateMachineName);
    expect(names).toEqual(
      expect.arrayContaining([
        'muejam-backup-dr-prod-database-failover',
        'muejam-backup-dr-prod-database-replica',
        'muejam-backup-dr-prod-replica-health',
      ]),
    );
  });

  it('the lock table: one string key, on-demand, encrypted with the stack key, point-in-time recovery', () => {
    const [[, table]] = byType(t, 'AWS::DynamoDB::Table').filter(
      ([, r]) => r.Properties.TableName === 'muejam-backup-dr-prod-failover-locks',
    );
    expect(table.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'lockId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('the health check runs every 5 minutes per database', () => {
    const s = byType(t, 'AWS::Scheduler::Schedule')
      .map(([, r]) => r.Properties)
      .find((p) => p.Name === `replica-health-${DB}`);
    expect(s).toMatchObject({ ScheduleExpression: 'rate(5 minutes)' });
    expect(JSON.parse(s.Target.Input)).toEqual({ dbInstanceIdentifier: DB });
  });

  it('alarms: no healthy replica for 3 periods (missing breaches), lag over the maximum, primary down paging with the exact command', () => {
    const alarms = Object.fromEntries(byType(t, 'AWS::CloudWatch::Alarm').map(([, a]) => [a.Properties.AlarmName, a.Properties]));
    expect(alarms[`muejam-backup-dr-prod-${DB}-no-healthy-replica`]).toMatchObject({
      MetricName: 'ReplicaHealthy',
      Statistic: 'Minimum',
      Period: 300,
      EvaluationPeriods: 3,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(alarms[`muejam-backup-dr-prod-${DB}-replica-lag`]).toMatchObject({
      MetricName: 'ReplicaLagSeconds',
      Threshold: 60,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    const down = alarms[`muejam-backup-dr-prod-${DB}-primary-down`];
    expect(down).toMatchObject({ MetricName: 'PrimaryHealthy', Threshold: 1, ComparisonOperator: 'LessThanThreshold' });
    expect(down.AlarmDescription).toMatch(/^\[critical\] /);
    expect(down.AlarmDescription).toContain(
      `npm run cli -- failover ${DB} --to muejam-db-prod-replica --reason "primary down since <time>"`,
    );
    expect(down.AlarmDescription).toContain('docs/runbook.md#alarm-primary-down');
    for (const name of Object.keys(alarms).filter((n) => n.includes(DB) && /replica|primary-down/.test(n)))
      expect(alarms[name].AlarmActions).toHaveLength(1);
    // automatic is off by default: nothing starts the failover by itself.
    expect(byType(t, 'AWS::Events::Rule').filter(([id]) => id.includes('AutomaticFailover'))).toEqual([]);
  });

  it('muejam.failover.automatic=true: the primary-down alarm starts the failover (trigger alarm, the event time as requestedAt)', () => {
    const auto = primaryTemplate({ 'muejam.failover.automatic': true });
    const [[, rule]] = byType(auto, 'AWS::Events::Rule').filter(([id]) => id.includes('AutomaticFailover'));
    expect(rule.Properties.EventPattern).toMatchObject({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      detail: { state: { value: ['ALARM'] } },
    });
    const target = rule.Properties.Targets[0];
    expect(target.InputTransformer.InputTemplate).toContain(`"dbInstanceIdentifier":"${DB}","trigger":"alarm","requestedAt":<time>`);
    const alarm = byType(auto, 'AWS::CloudWatch::Alarm').find(([, a]) => a.Properties.AlarmName.endsWith('-primary-down'))![1];
    expect(alarm.Properties.AlarmDescription).toContain('the failover workflow starts itself');
  });

  it("IAM: promote and tag only this deployment's replicas (ARN and muejam:deployment tag)", () => {
    const s = statementsOf(t, 'PromoteReplica').find((x) => asArray(x.Action).includes('rds:PromoteReadReplica'));
    expect(asArray(s.Resource)).toEqual([`arn:aws:rds:us-east-1:123456789012:db:muejam-db-prod-replica`]);
    expect(s.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/muejam:deployment': 'prod' } });
    expect(actionsOf(statementsOf(t, 'PromoteReplica')).sort()).toEqual([
      'rds:AddTagsToResource',
      'rds:DescribeDBInstances',
      'rds:PromoteReadReplica',
    ]);
  });

  it('IAM: fencing modifies or stops only the protected primaries (exact ARNs) and own replicas (tag)', () => {
    const st = statementsOf(t, 'FenceOldPrimary').filter((x) => asArray(x.Action).includes('rds:ModifyDBInstance'));
    expect(st.map((x) => [asArray(x.Resource), x.Condition ?? null])).toEqual([
      [[`arn:aws:rds:us-east-1:123456789012:db:${DB}`], null],
      [[`arn:aws:rds:us-east-1:123456789012:db:muejam-db-prod-replica`], { StringEquals: { 'aws:ResourceTag/muejam:deployment': 'prod' } }],
    ]);
  });

  it('IAM: Route 53 changes only the configured records of the configured zones (normalized names, CNAME, UPSERT)', () => {
    const st = statementsOf(t, 'RepointDatabaseDns');
    expect(st).toHaveLength(2);
    const byZone = Object.fromEntries(st.map((x) => [asArray(x.Resource)[0], x]));
    expect(byZone['arn:aws:route53:::hostedzone/Z0PRODZONE1']).toMatchObject({
      Action: 'route53:ChangeResourceRecordSets',
      Condition: {
        'ForAllValues:StringEquals': {
          'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['db.muejam.internal'],
          'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME'],
          'route53:ChangeResourceRecordSetsActions': ['UPSERT'],
        },
      },
    });
    expect(
      byZone['arn:aws:route53:::hostedzone/Z0DRILLZONE'].Condition['ForAllValues:StringEquals'][
        'route53:ChangeResourceRecordSetsNormalizedRecordNames'
      ],
    ).toEqual(['drill-db.muejam.internal']);
  });

  it('IAM: the lock handlers touch the lock table only; the pointer is written only by the pointer step', () => {
    const lock = 'arn:aws:dynamodb:us-east-1:123456789012:table/muejam-backup-dr-prod-failover-locks';
    const acquire = statementsOf(t, 'AcquireFailoverLock').filter((x) => actionsOf([x]).some((a) => a.startsWith('dynamodb:')));
    expect(acquire.map((x) => asArray(x.Resource))).toEqual([[lock]]);
    expect(statementsOf(t, 'ReleaseFailoverLock').filter((x) => actionsOf([x]).some((a) => a.startsWith('dynamodb:')))).toEqual([
      expect.objectContaining({ Action: 'dynamodb:DeleteItem', Resource: lock }),
    ]);
    const describe = statementsOf(t, 'AcquireFailoverLock').find((x) => x.Action === 'states:DescribeExecution');
    expect(describe.Resource).toBe('arn:aws:states:us-east-1:123456789012:execution:muejam-backup-dr-prod-database-failover:*');
    const writers = byType(t, 'AWS::IAM::Policy').filter(([, p]) =>
      actionsOf(p.Properties.PolicyDocument.Statement).includes('ssm:PutParameter'),
    );
    expect(writers.map(([id]) => id.replace(/Role.*/, ''))).toEqual(['StepLambdasUpdateDatabasePointer']);
    const put = statementsOf(t, 'UpdateDatabasePointer')[0];
    expect(put.Resource).toBe(`arn:aws:ssm:us-east-1:123456789012:parameter/muejam-backup-dr/prod/databases/${DB}/current-instance`);
  });

  it('backups follow the new primary: backup, verify, retention and RPO steps read the pointers and may act on own replicas', () => {
    for (const handler of ['CreateDbSnapshot', 'VerifyDbBackup', 'PlanRetention', 'CheckRpo']) {
      const st = statementsOf(t, handler);
      expect(st.find((x) => x.Sid === 'ReadDatabasePointers')).toMatchObject({ Action: 'ssm:GetParameter' });
      expect(st.find((x) => x.Sid === 'ActOnPromotedReplicas')).toBeDefined();
    }
    const create = statementsOf(t, 'CreateDbSnapshot').find((x) => x.Sid === 'ActOnPromotedReplicas');
    expect(create).toMatchObject({
      Resource: 'arn:aws:rds:us-east-1:123456789012:db:muejam-db-prod-replica',
      Condition: { StringEquals: { 'aws:ResourceTag/muejam:deployment': 'prod' } },
    });
    const fn = byType(t, 'AWS::Lambda::Function').find(([id]) => id.startsWith('StepLambdasCreateDbSnapshot'))![1];
    expect(JSON.parse(fn.Properties.Environment.Variables.MUEJAM_SETTINGS_FAILOVER).databases).toHaveProperty(DB);
  });

  it('no failover handler may delete an instance or change Route 53 outside the failover step', () => {
    const policies = byType(t, 'AWS::IAM::Policy');
    // The handlers of the failover, replica and replica-health state machines, from their ASL files.
    const handlers = new Set(
      ['database-failover', 'database-replica', 'replica-health'].flatMap((w) =>
        [
          ...readFileSync(path.join(__dirname, '..', '..', 'state-machines', `${w}.asl.json`), 'utf8').matchAll(/\$\{(\w+)FunctionArn\}/g),
        ].map((m) => m[1]),
      ),
    );
    handlers.delete('PublishAlert'); // shared by every workflow; publishes only
    const ofFailover = policies.filter(([id]) => [...handlers].some((h) => id.startsWith(`StepLambdas${h}Role`)));
    expect(ofFailover.length).toBeGreaterThanOrEqual(handlers.size - 1);
    for (const [id, p] of ofFailover)
      expect([id, actionsOf(p.Properties.PolicyDocument.Statement)]).not.toContainEqual([
        id,
        expect.arrayContaining(['rds:DeleteDBInstance']),
      ]);
    // The only instance deletes in the stack are on throwaways, conditioned on their purpose tag (restore tests).
    const deletes = policies
      .flatMap(([, p]) => [p.Properties.PolicyDocument.Statement].flat())
      .filter((x: any) => [x.Action].flat().includes('rds:DeleteDBInstance'));
    for (const d of deletes) expect(d.Condition?.StringEquals?.['aws:ResourceTag/muejam:purpose']).toBe('restore-test');
    const changers = policies.filter(([, p]) =>
      actionsOf(p.Properties.PolicyDocument.Statement).includes('route53:ChangeResourceRecordSets'),
    );
    expect(changers.map(([id]) => id.replace(/Role.*/, ''))).toEqual(['StepLambdasRepointDatabaseDns']);
  });

  it('IAM: the write probe reads only the database secrets (configured ARNs, else RDS-managed rds!db-*) and decrypts only via Secrets Manager', () => {
    const probeStatements = (tpl: any) => statementsOf(tpl, 'RunFailoverPostChecks').filter((x) => x.Sid !== 'DescribeOwnInstances');
    const [read, decrypt] = probeStatements(t);
    expect(read).toMatchObject({ Sid: 'ReadWriteProbeSecret', Action: 'secretsmanager:GetSecretValue' });
    expect(read.Resource).toBe('arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-*');
    expect(decrypt).toMatchObject({
      Sid: 'DecryptWriteProbeSecretViaSecretsManager',
      Action: 'kms:Decrypt',
      Resource: 'arn:aws:kms:us-east-1:123456789012:key/*',
      Condition: { StringEquals: { 'kms:ViaService': ['secretsmanager.us-east-1.amazonaws.com'] } },
    });
    const secretArn = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:muejam-db-prod-sql-AbCdEf';
    const configured = probeStatements(primaryTemplate({ 'muejam.failover.databases': { [DB]: { ...failoverDatabases[DB], secretArn } } }));
    expect(configured[0].Resource).toBe(secretArn);
    expect(asArray(configured[1].Condition.StringEquals['kms:ViaService']).sort()).toEqual([
      'secretsmanager.us-east-1.amazonaws.com',
      'secretsmanager.us-west-2.amazonaws.com',
    ]);
    const readers = byType(t, 'AWS::IAM::Policy').filter(([, p]) =>
      p.Properties.PolicyDocument.Statement.some((x: any) => x.Sid === 'ReadWriteProbeSecret'),
    );
    expect(readers.map(([id]) => id.replace(/Role.*/, ''))).toEqual(['StepLambdasRunFailoverPostChecks']);
  });

  it("the probing Lambdas join the databases' VPC when muejam.failover.probe* is set (else their probe is no evidence)", () => {
    const inVpc = (tpl: any) =>
      byType(tpl, 'AWS::Lambda::Function')
        .filter(([, f]) => f.Properties.Environment?.Variables?.MUEJAM_PROBE_IN_VPC === 'true')
        .map(([id, f]) => [id.replace(/Function.*/, ''), f.Properties.VpcConfig]);
    expect(inVpc(t)).toEqual([]);
    const withNet = primaryTemplate({
      'muejam.failover.probeVpcId': 'vpc-0123456789abcdef0',
      'muejam.failover.probeSubnetIds': ['subnet-0123456789abcdef0'],
      'muejam.failover.probeSecurityGroupIds': ['sg-0fedcba9876543210'],
    });
    const vpc = { SubnetIds: ['subnet-0123456789abcdef0'], SecurityGroupIds: ['sg-0fedcba9876543210'] };
    expect(inVpc(withNet).sort()).toEqual([
      ['StepLambdasCheckReplicaHealth', vpc],
      ['StepLambdasEvaluateFailoverGuards', vpc],
      ['StepLambdasRunFailoverPostChecks', vpc],
    ]);
    const eni = statementsOf(withNet, 'EvaluateFailoverGuards').find((x) => x.Sid === 'ManageProbeNetworkInterfaces');
    expect(eni.Condition).toEqual({ StringEquals: { 'ec2:Vpc': 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123456789abcdef0' } });
  });
});
