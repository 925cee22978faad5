/**
 * The synthesized app (cdk.json defaults): what each stack deploys and the
 * IAM it grants. Reads the templates synthesized once by ./synth.
 *
 * The primary stack holds several workflows (database backup, retention,
 * Redis backup and restore, more to come), so the tests assert two things:
 * invariants that hold for EVERY workflow, Lambda, schedule, alarm and IAM
 * statement of the stack, and the specific resources of the database backup
 * workflow (found by name, not by position or count).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { parseAlarmDescription } from '../../lambdas/domain/alerts/alarm-description';
import { redisBucketName } from '../../lambdas/domain/redis/names';
import { PAGERDUTY_EU_ENDPOINT } from '../../lambdas/services/pagerduty-config';
import { buildApp } from '../../lib/app';
import { RUNBOOK_URL_MAX } from '../../lib/config';
import { aslHandlerNames } from '../../lib/constructs/asl-workflow';
import { SCHEDULE_MAX_EVENT_AGE, SCHEDULE_MAX_RETRIES } from '../../lib/constructs/scheduler-support';
import { pascalToKebab } from '../../lib/constructs/step-function-lambda';
import { ROOT, type SynthResult, cdkJsonContext, resourcesOfType, synthesizedApp } from './synth';

const PRIMARY = 'muejam-backup-dr-prod-primary';
const BACKUP = 'muejam-backup-dr-prod-backup-region';
const ACCOUNT = '123456789012';
const REGIONS = ['us-east-1', 'us-west-2'];
const PREFIX = 'muejam-backup-dr-prod';

let synth: SynthResult;
let primary: Template;
let backup: Template;

beforeAll(async () => {
  synth = await synthesizedApp();
  primary = Template.fromJSON(synth.templates[PRIMARY]);
  backup = Template.fromJSON(synth.templates[BACKUP]);
}, 240_000);

const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const byType = (stack: string, type: string) => Object.entries(resourcesOfType(synth.templates[stack], type)) as [string, any][];
const getAttId = (v: any): string | undefined => v?.['Fn::GetAtt']?.[0];

interface Statement {
  policy: string;
  roles: string[];
  Action: string[];
  Resource: unknown[];
  Condition?: any;
}

/**
 * cdk.json enables the DR drill: its statements may name the drill's throwaway instances (<db>-dr*) and
 * snapshots only when the request or the resource carries this deployment's drill tags
 * (all drill statements: test/infra/dr-drill-workflow.test.ts).
 */
const drillTagged = (s: { Condition?: any }) => {
  const c = JSON.stringify(s.Condition ?? {});
  return (
    /"aws:(Request|Resource)Tag\/muejam:purpose":"dr-drill"/.test(c) && /"aws:(Request|Resource)Tag\/muejam:deployment":"prod"/.test(c)
  );
};

/** Every Allow statement of every IAM policy of the primary stack, with the policy's logical id and roles. */
function allowStatements(): Statement[] {
  return byType(PRIMARY, 'AWS::IAM::Policy').flatMap(([id, p]) =>
    (p.Properties.PolicyDocument.Statement as any[])
      .filter((s) => s.Effect === 'Allow')
      .map((s) => ({
        policy: id,
        roles: (p.Properties.Roles as any[]).map((r) => r.Ref),
        Action: asArray(s.Action) as string[],
        Resource: asArray(s.Resource),
        Condition: s.Condition,
      })),
  );
}

const statementsOfRole = (roleId: string) => allowStatements().filter((s) => s.roles.includes(roleId));

function policyOf(handler: string): any[] {
  const [, policy] = byType(PRIMARY, 'AWS::IAM::Policy').find(([id]) => id.startsWith(`StepLambdas${handler}Role`))!;
  return policy.Properties.PolicyDocument.Statement;
}

/** The state machines of the primary stack: logical id, name, workflow name, properties. */
function stateMachines() {
  return byType(PRIMARY, 'AWS::StepFunctions::StateMachine').map(([id, r]) => ({
    id,
    name: r.Properties.StateMachineName as string,
    workflow: String(r.Properties.StateMachineName).slice(PREFIX.length + 1),
    props: r.Properties,
  }));
}

const stateMachineNamed = (workflow: string) => stateMachines().find((s) => s.workflow === workflow)!;

/** The FunctionArn substitutions of a state machine: PascalName -> Lambda logical id. */
function stepFunctionsOf(sm: { props: any }): Record<string, string> {
  return Object.fromEntries(
    Object.entries(sm.props.DefinitionSubstitutions ?? {})
      .filter(([k]) => k.endsWith('FunctionArn'))
      .map(([k, v]) => [k.replace(/FunctionArn$/, ''), getAttId(v)!]),
  );
}

const schedules = () => byType(PRIMARY, 'AWS::Scheduler::Schedule');
const scheduleDeadLetterQueueId = () => byType(PRIMARY, 'AWS::SQS::Queue').find(([id]) => id.startsWith('SchedulingDeadLetterQueue'))![0];
const alertTopicId = () => byType(PRIMARY, 'AWS::SNS::Topic')[0][0];
const opsKeyId = () => byType(PRIMARY, 'AWS::KMS::Key').find(([id]) => id.startsWith('OpsKey'))![0];

describe('stacks and environments', () => {
  it('synthesizes one stack per region for the placeholder account', () => {
    expect(Object.keys(synth.templates).sort()).toEqual([BACKUP, PRIMARY]);
    const manifest = JSON.parse(readFileSync(path.join(synth.dir, 'manifest.json'), 'utf8'));
    expect(manifest.artifacts[PRIMARY].environment).toBe(`aws://${ACCOUNT}/us-east-1`);
    expect(manifest.artifacts[BACKUP].environment).toBe(`aws://${ACCOUNT}/us-west-2`);
    expect(manifest.artifacts[PRIMARY].dependencies).toContain(BACKUP);
  });

  it('tags every taggable resource with the ownership tags and its region role', () => {
    const tagged = (template: any) =>
      Object.values(template.Resources as Record<string, any>).filter((r) => Array.isArray(r.Properties?.Tags));
    for (const [stack, role] of [
      [PRIMARY, 'primary'],
      [BACKUP, 'backup'],
    ] as const) {
      const resources = tagged(synth.templates[stack]);
      expect(resources.length).toBeGreaterThan(0);
      for (const r of resources) {
        expect(r.Properties.Tags).toEqual(
          expect.arrayContaining([
            { Key: 'muejam:managed-by', Value: 'muejam-backup-dr' },
            { Key: 'muejam:deployment', Value: 'prod' },
            { Key: 'muejam:region-role', Value: role },
          ]),
        );
      }
    }
  });

  it('rotates every KMS key of both stacks and keeps it when the stack is deleted', () => {
    for (const stack of [PRIMARY, BACKUP]) {
      const keys = byType(stack, 'AWS::KMS::Key');
      expect(keys.length).toBeGreaterThan(0);
      for (const [, key] of keys) {
        expect(key.Properties.EnableKeyRotation).toBe(true);
        expect(key.DeletionPolicy).toBe('Retain');
      }
    }
  });
});

describe('backup region stack', () => {
  /** The key behind alias/muejam-backup-dr-prod (the backup-region copy key), whatever else the stack holds. */
  const backupKey = () => {
    const [, alias] = byType(BACKUP, 'AWS::KMS::Alias').find(([, a]) => a.Properties.AliasName === `alias/${PREFIX}`)!;
    const keyId = getAttId(alias.Properties.TargetKeyId)!;
    return { keyId, key: synth.templates[BACKUP].Resources[keyId] };
  };

  it('has a rotating customer-managed key with the deployment alias, kept when the stack is deleted', () => {
    const { keyId, key } = backupKey();
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    backup.hasOutput('BackupKeyArn', { Value: { 'Fn::GetAtt': [keyId, 'Arn'] } });
  });

  it('lets RDS, ElastiCache and S3 of this account (and only through those services) use the key', () => {
    const statements: any[] = backupKey().key.Properties.KeyPolicy.Statement;
    const use = statements.find((s) => s.Sid === 'AllowBackupServicesOfThisAccount');
    expect(use.Action).toEqual(expect.arrayContaining(['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*']));
    expect(use.Condition.StringEquals).toEqual({
      'kms:CallerAccount': ACCOUNT,
      'kms:ViaService': ['rds.us-west-2.amazonaws.com', 'elasticache.us-west-2.amazonaws.com', 's3.us-west-2.amazonaws.com'],
    });
    const grants = statements.find((s) => s.Sid === 'AllowGrantsForBackupServicesOfThisAccount');
    expect(grants.Action).toContain('kms:CreateGrant');
    expect(grants.Condition.Bool).toEqual({ 'kms:GrantIsForAWSResource': 'true' });
  });
});

describe('alerting', () => {
  const runbook = readFileSync(path.join(ROOT, 'docs', 'runbook.md'), 'utf8');

  it('encrypts the alert topic with the stack CMK (rotation on) and enforces TLS', () => {
    primary.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: `${PREFIX}-alerts`,
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OpsKey'), 'Arn'] },
    });
    primary.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    primary.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    primary.hasOutput('AlertTopicArn', {});
  });

  it('has no e-mail subscription unless alertEmail is set', () => {
    // The PagerDuty forwarder's subscription is always there; no e-mail one.
    primary.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, 0);
  });

  it('pages (critical) and resolves through the topic when a schedule could not start its target', () => {
    const [, alarm] = byType(PRIMARY, 'AWS::CloudWatch::Alarm').find(([id]) => id.startsWith('SchedulingDeadLetterAlarm'))!;
    const topic = { Ref: alertTopicId() };
    expect(alarm.Properties).toMatchObject({
      AlarmName: `${PREFIX}-schedule-dead-letters`,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [scheduleDeadLetterQueueId(), 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [topic],
      OKActions: [topic],
    });
    const d = parseAlarmDescription(alarm.Properties.AlarmDescription);
    expect(d).toMatchObject({ severity: 'critical', explicit: true });
    expect(d.text).toContain(' First: ');
    // No runbook URL configured: the description names the runbook's place in the repository.
    expect(alarm.Properties.AlarmDescription).toMatch(
      / Runbook: docs\/runbook\.md#alarm-schedule-dead-letters \(muejam-backup-dr repository\)$/,
    );
    expect(runbook).toContain('<a id="alarm-schedule-dead-letters"></a>');
  });

  it('every alarm of the stack pages on ALARM, resolves on OK, and names its severity, first action and runbook section', () => {
    const topic = { Ref: alertTopicId() };
    // The alarms saying alerts do not reach PagerDuty also notify the alert-health topic (its own subscribers).
    const alertHealth = byType(PRIMARY, 'AWS::SNS::Topic').find(([, r]) => /-alert-health$/.test(String(r.Properties?.TopicName)));
    const both = alertHealth ? [topic, { Ref: alertHealth[0] }] : [topic];
    const alarms = byType(PRIMARY, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThan(10);
    for (const [id, a] of alarms) {
      const expected = a.Properties.AlarmActions?.length === 2 ? both : [topic];
      expect([id, a.Properties.AlarmActions, a.Properties.OKActions]).toEqual([id, expected, expected]);
      const description: string = a.Properties.AlarmDescription;
      expect(description.length).toBeLessThanOrEqual(1024);
      const d = parseAlarmDescription(description);
      expect([id, d.explicit]).toEqual([id, true]);
      expect(d.text).toContain(' First: ');
      const anchor = / Runbook: docs\/runbook\.md#([a-z0-9-]+) \(muejam-backup-dr repository\)$/.exec(description)?.[1];
      expect([id, anchor && runbook.includes(`<a id="${anchor}"></a>`)]).toEqual([id, true]);
    }
  });
});

describe('state machines (every workflow)', () => {
  it('has the database backup workflow among them, with its output', () => {
    expect(stateMachines().map((s) => s.workflow)).toContain('database-backup');
    primary.hasOutput('DatabaseBackupStateMachineArn', { Value: { Ref: stateMachineNamed('database-backup').id } });
  });

  it('every state machine is STANDARD, named for the deployment, with ALL logging to its own encrypted log group and X-Ray', () => {
    const logGroups = new Set<string>();
    expect(stateMachines().length).toBeGreaterThan(0);
    for (const sm of stateMachines()) {
      expect(sm.name).toMatch(new RegExp(`^${PREFIX}-[a-z][a-z0-9]*(-[a-z0-9]+)*$`));
      expect(sm.props).toMatchObject({
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
      });
      const destinations = sm.props.LoggingConfiguration.Destinations;
      expect(destinations).toHaveLength(1);
      const logGroupId = getAttId(destinations[0].CloudWatchLogsLogGroup.LogGroupArn)!;
      logGroups.add(logGroupId);
      const logGroup = synth.templates[PRIMARY].Resources[logGroupId];
      expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
      expect(logGroup.Properties).toMatchObject({
        LogGroupName: `/aws/vendedlogs/states/${sm.name}`,
        KmsKeyId: { 'Fn::GetAtt': [opsKeyId(), 'Arn'] },
        RetentionInDays: expect.any(Number),
      });
    }
    expect(logGroups.size).toBe(stateMachines().length);
  });

  it('every state machine inlines its ASL file unchanged and gives every ${...} placeholder a value', () => {
    const dir = path.join(ROOT, 'state-machines');
    const files = Object.fromEntries(
      readdirSync(dir)
        .filter((f) => f.endsWith('.asl.json'))
        .map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]),
    );
    for (const sm of stateMachines()) {
      expect(sm.props.DefinitionS3Location).toBeUndefined();
      const source = Object.keys(files).filter((f) => files[f] === sm.props.DefinitionString);
      expect([sm.workflow, source]).toEqual([sm.workflow, [`${sm.workflow}.asl.json`]]);
      const asl = files[source[0]];
      const placeholders = [...new Set([...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]))];
      expect(placeholders.length).toBeGreaterThan(0);
      expect(placeholders.filter((p) => !(p in sm.props.DefinitionSubstitutions))).toEqual([]);
      for (const p of placeholders.filter((x) => x.endsWith('FunctionArn'))) {
        expect(sm.props.DefinitionSubstitutions[p]).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^StepLambdas.*Function/), 'Arn'] });
      }
    }
    // The database backup workflow deploys database-backup.asl.json.
    expect(stateMachineNamed('database-backup').props.DefinitionString).toBe(files['database-backup.asl.json']);
  });

  it('every state machine may invoke its own step Lambdas and nothing else', () => {
    for (const sm of stateMachines()) {
      const roleId = getAttId(sm.props.RoleArn)!;
      const invoke = statementsOfRole(roleId).filter((s) => s.Action.some((a) => a.startsWith('lambda:')));
      expect(invoke).toHaveLength(1);
      expect(invoke[0].Action).toEqual(['lambda:InvokeFunction']);
      expect(invoke[0].Resource.map(getAttId).sort()).toEqual(Object.values(stepFunctionsOf(sm)).sort());
    }
  });

  it('lets nothing invoke a Lambda or start a state machine through a wildcard', () => {
    const fnIds = new Set(byType(PRIMARY, 'AWS::Lambda::Function').map(([id]) => id));
    const smIds = new Set(stateMachines().map((s) => s.id));
    for (const s of allowStatements()) {
      if (s.Action.includes('lambda:InvokeFunction')) for (const r of s.Resource) expect(fnIds.has(getAttId(r) ?? '')).toBe(true);
      if (s.Action.includes('states:StartExecution')) for (const r of s.Resource) expect(smIds.has((r as any)?.Ref)).toBe(true);
    }
  });
});

describe('Lambdas', () => {
  const functions = () => byType(PRIMARY, 'AWS::Lambda::Function');

  it('every Lambda runs Node.js 22 on arm64 and logs (JSON) to its own log group', () => {
    expect(functions().length).toBeGreaterThan(0);
    const logGroups = new Set<string>();
    for (const [id, fn] of functions()) {
      expect([id, fn.Properties]).toMatchObject([id, { Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' }]);
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: { Ref: expect.stringMatching(/LogGroup/) } });
      logGroups.add(fn.Properties.LoggingConfig.LogGroup.Ref);
    }
    expect(logGroups.size).toBe(functions().length);
  });

  it('makes one step Lambda per handler of the deployed ASL files, from its handler file, with the runtime environment', () => {
    const stepFns = functions().filter(([id]) => id.startsWith('StepLambdas'));
    const handlers = new Set(stateMachines().flatMap((sm) => Object.keys(stepFunctionsOf(sm))));
    expect(stepFns.map(([id]) => id.replace(/^StepLambdas/, '').replace(/Function[0-9A-F]{8}$/, '')).sort()).toEqual([...handlers].sort());
    // The database backup workflow: every handler its ASL file names.
    const asl = readFileSync(path.join(ROOT, 'state-machines', 'database-backup.asl.json'), 'utf8');
    expect(Object.keys(stepFunctionsOf(stateMachineNamed('database-backup'))).sort()).toEqual(aslHandlerNames(asl).sort());
    expect(aslHandlerNames(asl).sort()).toEqual(
      [
        'CheckDbSnapshot',
        'CheckSnapshotQuota',
        'CopyDbSnapshot',
        'CreateDbSnapshot',
        'PublishAlert',
        'RecordBackupMetrics',
        'VerifyDbBackup',
      ].sort(),
    );
    for (const [id, fn] of stepFns) {
      const name = id.replace(/^StepLambdas/, '').replace(/Function[0-9A-F]{8}$/, '');
      const file = `lambdas/handlers/${pascalToKebab(name)}.ts`;
      expect(fn.Properties.Description).toContain(file);
      expect(existsSync(path.join(ROOT, file))).toBe(true);
      expect(fn.Properties.Environment.Variables).toMatchObject({
        DEPLOYMENT_ID: 'prod',
        PRIMARY_REGION: 'us-east-1',
        BACKUP_REGION: 'us-west-2',
        BACKUP_KMS_KEY_ALIAS: `alias/${PREFIX}`,
        DATABASES: 'muejam-db-prod',
        SNAPSHOT_PREFIX: 'muejam',
        ALERT_TOPIC_ARN: { Ref: alertTopicId() },
        POWERTOOLS_SERVICE_NAME: 'muejam-backup-dr',
        POWERTOOLS_METRICS_NAMESPACE: 'MueJam/Backup',
      });
    }
  });

  it('bundles every Lambda minified with a source map, the pinned AWS SDK included', () => {
    const assets = JSON.parse(readFileSync(path.join(synth.dir, `${PRIMARY}.assets.json`), 'utf8')).files as Record<string, any>;
    const used = new Set(functions().map(([, fn]) => String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')));
    expect(used.size).toBe(functions().length); // one bundle per function
    for (const hash of used) {
      expect(assets[hash]?.source.packaging).toBe('zip');
      const js = readFileSync(path.join(synth.dir, assets[hash].source.path, 'index.js'), 'utf8');
      expect(js).toMatch(/sourceMappingURL=index\.js\.map/);
      expect(Math.max(...js.split('\n').map((l) => l.length))).toBeGreaterThan(10_000); // minified onto long lines
      // the SDK clients are bundled, not the runtime's copy (only the optional CRT signer stays a lazy require)
      expect(js).not.toMatch(/require\(["']@aws-sdk\/(client|core|credential)/);
    }
  });
});

describe('IAM', () => {
  const READ = /^(rds|elasticache|s3):(Describe|List|Get)[A-Za-z]*$/;
  /** Anything in RDS, ElastiCache or S3 that is not a read (Describe*, List*, Get*) counts as a write. */
  const isDataWrite = (a: string) => a === '*' || (/^(rds|elasticache|s3):/.test(a) && !READ.test(a));
  /** Actions that support no resource-level permission: the only ones allowed on "*". */
  const ACCOUNT_LEVEL = new Set([
    'rds:DescribeAccountAttributes',
    // the restore-test SQL checker in a VPC (its ENI reads; the writes are scoped: lib/workflows/restore-test-workflow.ts)
    'ec2:DescribeNetworkInterfaces',
    'cloudwatch:GetMetricData',
    's3:GetBucketLocation',
    's3:ListAllMyBuckets',
    'xray:PutTraceSegments',
    'xray:PutTelemetryRecords',
    'xray:GetSamplingRules',
    'xray:GetSamplingTargets',
    'logs:CreateLogDelivery',
    'logs:GetLogDelivery',
    'logs:UpdateLogDelivery',
    'logs:DeleteLogDelivery',
    'logs:ListLogDeliveries',
    'logs:PutResourcePolicy',
    'logs:DescribeResourcePolicies',
    'logs:DescribeLogGroups',
  ]);
  const arnsOf = (service: string) =>
    allowStatements().flatMap((s) =>
      s.Resource.filter((r): r is string => typeof r === 'string' && r.startsWith(`arn:aws:${service}:`)).map((r) => ({ s, r })),
    );

  it('allows no RDS, ElastiCache or S3 write action on "*" (nor any wildcard action)', () => {
    const statements = allowStatements();
    expect(statements.some((s) => s.Action.includes('rds:CreateDBSnapshot'))).toBe(true);
    const offenders = statements.filter((s) => s.Resource.includes('*') && s.Action.some(isDataWrite));
    expect(offenders).toEqual([]);
    expect(statements.flatMap((s) => s.Action).filter((a) => a.includes('*'))).toEqual([]);
  });

  it('uses "*" only for actions that support no resource-level permission', () => {
    const onStar = [
      ...new Set(
        allowStatements()
          .filter((s) => s.Resource.includes('*'))
          .flatMap((s) => s.Action),
      ),
    ];
    expect(onStar.filter((a) => !ACCOUNT_LEVEL.has(a))).toEqual([]);
  });

  it("names only this deployment's instances and snapshots in RDS statements (reads may list the snapshots of both regions)", () => {
    const own = [
      /^arn:aws:rds:(us-east-1|us-west-2):123456789012:db:muejam-db-prod$/,
      /^arn:aws:rds:(us-east-1|us-west-2):123456789012:snapshot:muejam-muejam-db-prod-\*$/,
      // restore-test throwaway instances (<prefix>-rt-*), deleted only when tagged as this deployment's restore tests
      /^arn:aws:rds:(us-east-1|us-west-2):123456789012:db:muejam-rt-\*$/,
      // the database's failover replica (muejam.failover.databases.<db>.replica.id, default <db>-replica)
      /^arn:aws:rds:(us-east-1|us-west-2):123456789012:db:muejam-db-prod-replica$/,
    ];
    // the DR drill's throwaway instances in the backup region, only with the drill tags
    const drillInstances = /^arn:aws:rds:us-west-2:123456789012:db:muejam-db-prod-dr\*$/;
    const listing = /^arn:aws:rds:(us-east-1|us-west-2):123456789012:snapshot:\*$/;
    const restoreNamed = /^arn:aws:rds:(us-east-1|us-west-2):123456789012:(db|auto-backup|pg|og|subgrp):\*$/;
    const restoreGroups = /^arn:aws:rds:(us-east-1|us-west-2):123456789012:(pg|og|subgrp):\*$/;
    const rdsStatements = allowStatements().filter((s) => s.Action.some((a) => a.startsWith('rds:')));
    expect(rdsStatements.length).toBeGreaterThan(5);
    for (const s of rdsStatements) {
      expect(s.Action.every((a) => a.startsWith('rds:'))).toBe(true);
      if (s.Resource.length === 1 && s.Resource[0] === '*') {
        expect(s.Action).toEqual(['rds:DescribeAccountAttributes']);
        continue;
      }
      const readOnly = s.Action.every((a) => READ.test(a));
      // Restores (lib/workflows/database-restore-workflow.ts) create an instance named at restore time: db:* and the
      // groups / automated backups a restore uses, read-only, or for writes only with this deployment's tags in the
      // request (aws:RequestTag) or on the instance (aws:ResourceTag); groups alone only to be used by a restore or modify.
      const tagged = /"aws:(Request|Resource)Tag\/muejam:deployment":"prod"/.test(JSON.stringify(s.Condition ?? {}));
      const usesGroups = s.Action.every((a) => /^rds:(RestoreDBInstance|ModifyDBInstance)/.test(a));
      for (const r of s.Resource) {
        const restoreScoped = restoreNamed.test(String(r)) && (readOnly || tagged || (usesGroups && restoreGroups.test(String(r))));
        const drillScoped = (drillInstances.test(String(r)) || listing.test(String(r))) && drillTagged(s);
        const ok = own.some((re) => re.test(String(r))) || (readOnly && listing.test(String(r))) || restoreScoped || drillScoped;
        expect([s.policy, r, ok]).toEqual([s.policy, r, true]);
      }
    }
  });

  it("deletes RDS snapshots only by this system's names and only when tagged with this deployment", () => {
    // Restore-test teardown deletes instances (name and tag scoped: test/infra/restore-test-workflow.test.ts).
    const deletes = allowStatements().filter(
      (s) => s.Action.some((a) => /^rds:Delete/.test(a)) && !s.Action.includes('rds:DeleteDBInstance'),
    );
    for (const s of deletes) {
      expect(s.Action).toEqual(['rds:DeleteDBSnapshot']);
      // The drill's teardown deletes the snapshots its own instances left, found by their drill tags (any name).
      if (drillTagged(s) && /"aws:ResourceTag\/muejam:purpose":"dr-drill"/.test(JSON.stringify(s.Condition))) {
        expect(s.Resource.every((r) => /^arn:aws:rds:(us-east-1|us-west-2):123456789012:snapshot:\*$/.test(String(r)))).toBe(true);
        continue;
      }
      for (const r of s.Resource)
        expect(String(r)).toMatch(/^arn:aws:rds:(us-east-1|us-west-2):123456789012:snapshot:muejam-muejam-db-prod-\*$/);
      expect(s.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/muejam:deployment': 'prod' } });
    }
  });

  it('scopes every KMS statement to keys of this stack, or to keys of this account in the two regions narrowed by alias or service', () => {
    const keyIds = new Set(byType(PRIMARY, 'AWS::KMS::Key').map(([id]) => id));
    const kms = allowStatements().filter((s) => s.Action.some((a) => a.startsWith('kms:')));
    expect(kms.length).toBeGreaterThan(0);
    for (const s of kms) {
      expect(s.Action.every((a) => a.startsWith('kms:'))).toBe(true);
      for (const r of s.Resource) {
        if (typeof r !== 'string') {
          expect(keyIds.has(getAttId(r) ?? '')).toBe(true);
          continue;
        }
        expect(r).toMatch(/^arn:aws:kms:(us-east-1|us-west-2):123456789012:key\/\*$/);
        // Anything beyond reading key metadata needs a condition naming this deployment's alias or the calling service.
        if (s.Action.some((a) => a !== 'kms:DescribeKey')) {
          const aliases = asArray(s.Condition?.['ForAnyValue:StringEquals']?.['kms:ResourceAliases']) as string[];
          const viaService = s.Condition?.StringEquals?.['kms:ViaService'];
          expect([
            s.policy,
            aliases.every((a) => a.startsWith(`alias/${PREFIX}`)) && (aliases.length > 0 || viaService !== undefined),
          ]).toEqual([s.policy, true]);
        }
      }
    }
  });

  it("names only this account's ElastiCache resources in the two regions, and only this deployment's buckets", () => {
    for (const { r } of arnsOf('elasticache')) expect(r).toMatch(/^arn:aws:elasticache:(us-east-1|us-west-2):123456789012:[a-z]+:.+$/);
    const buckets = [...REGIONS.map((region) => redisBucketName('prod', ACCOUNT, region)), `muejam-prod-reports-${ACCOUNT}-us-west-2`];
    for (const { r } of arnsOf('s3')) {
      const bucket = r.slice('arn:aws:s3:::'.length).split('/')[0];
      expect(buckets).toContain(bucket);
    }
  });

  it('gives each database backup handler exactly the calls its step makes', () => {
    const actions = (h: string) =>
      [...new Set(policyOf(h).flatMap((s) => asArray(s.Action) as string[]))].filter((a) => !a.startsWith('logs:')).sort();
    // ssm:GetParameter: cdk.json configures a failover, so the backup reads the database's pointer (lib/workflows/pointer-readers.ts).
    expect(actions('CreateDbSnapshot')).toEqual([
      'kms:DescribeKey',
      'rds:AddTagsToResource',
      'rds:CreateDBSnapshot',
      'rds:DescribeAccountAttributes',
      'rds:DescribeDBInstances',
      'rds:DescribeDBSnapshots',
      'ssm:GetParameter',
    ]);
    expect(actions('CheckSnapshotQuota')).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', 'rds:DescribeAccountAttributes', 'sns:Publish']);
    expect(actions('CheckDbSnapshot')).toEqual(['rds:DescribeDBSnapshots']);
    expect(actions('CopyDbSnapshot')).toEqual([
      'kms:CreateGrant',
      'kms:DescribeKey',
      'rds:AddTagsToResource',
      'rds:CopyDBSnapshot',
      'rds:DescribeDBSnapshots',
    ]);
    expect(actions('VerifyDbBackup')).toEqual([
      'kms:DescribeKey',
      'rds:AddTagsToResource',
      'rds:DescribeDBInstances',
      'rds:DescribeDBSnapshots',
      'ssm:GetParameter',
    ]);
    // metrics go out as EMF on stdout; the recovery message that resolves an open incident is published to the topic
    expect(actions('RecordBackupMetrics')).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', 'sns:Publish']);
    expect(actions('PublishAlert')).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', 'sns:Publish']);
  });

  it('narrows KMS grants: the backup key by alias through RDS there, source keys through RDS in the primary region', () => {
    const grants = policyOf('CopyDbSnapshot').filter((s) => asArray(s.Action).includes('kms:CreateGrant'));
    expect(grants).toHaveLength(2);
    const backupGrant = grants.find((s) => s.Resource === 'arn:aws:kms:us-west-2:123456789012:key/*');
    expect(backupGrant.Condition).toEqual({
      'ForAnyValue:StringEquals': { 'kms:ResourceAliases': `alias/${PREFIX}` },
      StringEquals: { 'kms:ViaService': 'rds.us-west-2.amazonaws.com' },
      Bool: { 'kms:GrantIsForAWSResource': 'true' },
    });
    const sourceGrant = grants.find((s) => s.Resource === 'arn:aws:kms:us-east-1:123456789012:key/*');
    expect(sourceGrant.Condition).toEqual({ StringEquals: { 'kms:ViaService': 'rds.us-east-1.amazonaws.com' } });
  });

  it('lets a Lambda write only to its own log group', () => {
    const writes = allowStatements().filter((x) => x.Action.includes('logs:PutLogEvents'));
    expect(writes.length).toBe(byType(PRIMARY, 'AWS::Lambda::Function').length);
    for (const s of writes) {
      expect(s.Resource).toHaveLength(1);
      const logGroup = getAttId(s.Resource[0])!;
      expect(logGroup).toMatch(/LogGroup/);
      // the function whose role this is logs to exactly that group
      const fn = byType(PRIMARY, 'AWS::Lambda::Function').find(([, f]) => s.roles.includes(getAttId(f.Properties.Role)!))![1];
      expect(fn.Properties.LoggingConfig.LogGroup).toEqual({ Ref: logGroup });
    }
  });
});

describe('schedules', () => {
  it('every schedule is in the deployment group, at exact times, enabled, retried and dead-lettered to the shared queue', () => {
    expect(schedules().length).toBeGreaterThan(0);
    for (const [, s] of schedules()) {
      expect(s.Properties).toMatchObject({
        GroupName: PREFIX,
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: {
          RetryPolicy: { MaximumRetryAttempts: SCHEDULE_MAX_RETRIES, MaximumEventAgeInSeconds: SCHEDULE_MAX_EVENT_AGE.toSeconds() },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [scheduleDeadLetterQueueId(), 'Arn'] } },
        },
      });
      expect(s.Properties.Name.length).toBeLessThanOrEqual(64);
    }
    expect(new Set(schedules().map(([, s]) => s.Properties.Name)).size).toBe(schedules().length);
  });

  it('starts the backup of each database every 6 h with the scheduled time as input', () => {
    const backups = schedules().filter(([, s]) => s.Properties.Name.startsWith('database-backup-'));
    expect(backups).toHaveLength(1);
    expect(backups[0][1].Properties).toMatchObject({
      Name: 'database-backup-muejam-db-prod',
      ScheduleExpression: 'rate(6 hours)',
      ScheduleExpressionTimezone: 'UTC',
      Target: { Arn: { Ref: stateMachineNamed('database-backup').id } },
    });
    expect(JSON.parse(backups[0][1].Properties.Target.Input)).toEqual({
      dbInstanceIdentifier: 'muejam-db-prod',
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
  });

  it("every schedule's role may start only its own target and dead-letter, and only EventBridge Scheduler of this account assumes it", () => {
    for (const [id, schedule] of schedules()) {
      const target = schedule.Properties.Target;
      const roleId = getAttId(target.RoleArn)!;
      const role = synth.templates[PRIMARY].Resources[roleId];
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        expect.objectContaining({
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
        }),
      ]);
      const statements = statementsOfRole(roleId);
      const start = statements.filter((s) => !s.Action.includes('sqs:SendMessage'));
      expect([id, start.flatMap((s) => s.Action)]).toEqual([id, [target.Arn.Ref ? 'states:StartExecution' : 'lambda:InvokeFunction']]);
      expect(start[0].Resource).toEqual([target.Arn]);
      const deadLetter = statements.filter((s) => s.Action.includes('sqs:SendMessage'));
      expect(deadLetter.map((s) => [s.Action, s.Resource])).toEqual([[['sqs:SendMessage'], [target.DeadLetterConfig.Arn]]]);
    }
  });

  it('makes one backup schedule per configured database (context override)', () => {
    const app = new App({
      builtinCloudFormationValidation: false,
      context: {
        ...cdkJsonContext(),
        'muejam.databases': 'orders-db,users-db',
        // cdk.json's failover and drill name muejam-db-prod; these databases declare none
        'muejam.failover.databases': '{}',
        'muejam.drill.enabled': 'false',
        'aws:cdk:bundling-stacks': [],
      },
    });
    const built = buildApp(app, undefined);
    const t = Template.fromStack(built.primary);
    const inputs = Object.values(t.findResources('AWS::Scheduler::Schedule'))
      .filter((s: any) => s.Properties.Name.startsWith('database-backup-'))
      .map((s: any) => JSON.parse(s.Properties.Target.Input));
    expect(inputs.map((i) => i.dbInstanceIdentifier).sort()).toEqual(['orders-db', 'users-db']);
    const create = Object.entries(t.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('StepLambdasCreateDbSnapshotRole'))![1];
    const resources = JSON.stringify(create.Properties.PolicyDocument);
    expect(resources).toContain('snapshot:muejam-orders-db-*');
    expect(resources).toContain('snapshot:muejam-users-db-*');
    expect(resources).not.toContain('muejam-db-prod');
  });
});

describe('configuration reaches the stacks', () => {
  const buildWith = (override: Record<string, unknown>) => {
    const app = new App({
      builtinCloudFormationValidation: false,
      context: { ...cdkJsonContext(), ...override, 'aws:cdk:bundling-stacks': [] },
    });
    return Template.fromStack(buildApp(app, undefined).primary);
  };

  it('sends PagerDuty events to muejam.pagerDutyEndpoint and links every alarm to muejam.runbookUrl', () => {
    const base = `https://git.example.com/${'r'.repeat(RUNBOOK_URL_MAX - 'https://git.example.com//runbook.md'.length)}/runbook.md`;
    expect(base).toHaveLength(RUNBOOK_URL_MAX); // the longest allowed base still fits every description
    const t = buildWith({ 'muejam.pagerDutyEndpoint': PAGERDUTY_EU_ENDPOINT, 'muejam.runbookUrl': base });
    const forwarder = Object.values(t.findResources('AWS::Lambda::Function')).find((f: any) =>
      String(f.Properties.Description).includes('lambdas/handlers/forward-to-pagerduty.ts'),
    ) as any;
    expect(forwarder.Properties.Environment.Variables.PAGERDUTY_EVENTS_URL).toBe(PAGERDUTY_EU_ENDPOINT);
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')) as any[];
    expect(alarms.length).toBeGreaterThan(10);
    for (const a of alarms) {
      const d = parseAlarmDescription(a.Properties.AlarmDescription);
      expect(a.Properties.AlarmDescription.length).toBeLessThanOrEqual(1024);
      expect(d.links).toEqual([{ href: expect.stringMatching(new RegExp(`^${base}#alarm-[a-z-]+$`)), text: 'Runbook' }]);
    }
    const dashboard = JSON.stringify(Object.values(t.findResources('AWS::CloudWatch::Dashboard'))[0]);
    expect(dashboard).toContain(`[runbook](${base})`);
  });

  it('without muejam.runbookUrl, names the runbook by its repository path (no guessed web address)', () => {
    const alarms = byType(PRIMARY, 'AWS::CloudWatch::Alarm');
    for (const [, a] of alarms) expect(parseAlarmDescription(a.Properties.AlarmDescription).links).toEqual([]);
    const dashboard = JSON.stringify(byType(PRIMARY, 'AWS::CloudWatch::Dashboard')[0][1]);
    expect(dashboard).toContain('runbook: `docs/runbook.md` (muejam-backup-dr repository)');
    expect(JSON.stringify(synth.templates[PRIMARY])).not.toMatch(/github\.com/);
  });
});

describe('configuration errors fail synth', () => {
  it.each([
    [{ 'muejam.backupRegion': 'us-east-1' }, 'muejam.backupRegion: "us-east-1" must differ from primaryRegion'],
    [{ 'muejam.databases': ['ok', '9bad--id'] }, 'muejam.databases[1]: "9bad--id" is not a valid RDS instance identifier'],
    [{ 'muejam.backupSchedul': 'rate(1 hour)' }, 'muejam.backupSchedul: unknown key'],
    [
      { 'muejam.pagerDutyEndpoint': 'https://events.pagerduty.com/v2/enqueu' },
      'muejam.pagerDutyEndpoint: "https://events.pagerduty.com/v2/enqueu" is not a PagerDuty Events API v2 endpoint',
    ],
    [{ 'muejam.runbookUrl': 'docs/runbook.md' }, 'muejam.runbookUrl: "docs/runbook.md" is not a URL'],
  ])('%j', (override, message) => {
    const app = new App({
      builtinCloudFormationValidation: false,
      context: { ...cdkJsonContext(), ...override, 'aws:cdk:bundling-stacks': [] },
    });
    expect(() => buildApp(app, undefined)).toThrow(message);
  });

  it('makes `cdk synth` exit 1 with only the message naming the key', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'cdk-bad-context-'));
    try {
      const r = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', out, '-c', 'muejam.backupRegion=us-east-1'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, CDK_DEFAULT_ACCOUNT: '' },
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('muejam.backupRegion: "us-east-1" must differ from primaryRegion');
      expect(r.stderr).not.toMatch(/at loadConfig/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  it('subscribes alertEmail to the topic when set', () => {
    const app = new App({
      builtinCloudFormationValidation: false,
      context: { ...cdkJsonContext(), 'muejam.alertEmail': 'oncall@example.com', 'aws:cdk:bundling-stacks': [] },
    });
    const t = Template.fromStack(buildApp(app, undefined).primary);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });
});
