/**
 * The synthesized app (cdk.json defaults): what each stack deploys and the
 * IAM it grants. Reads the templates synthesized once by ./synth.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../lib/app';
import { SCHEDULE_MAX_EVENT_AGE, SCHEDULE_MAX_RETRIES } from '../../lib/constructs/scheduler-support';
import { ROOT, type SynthResult, cdkJsonContext, resourcesOfType, synthesizedApp } from './synth';

const PRIMARY = 'muejam-backup-dr-prod-primary';
const BACKUP = 'muejam-backup-dr-prod-backup-region';
const ACCOUNT = '123456789012';

let synth: SynthResult;
let primary: Template;
let backup: Template;

beforeAll(async () => {
  synth = await synthesizedApp();
  primary = Template.fromJSON(synth.templates[PRIMARY]);
  backup = Template.fromJSON(synth.templates[BACKUP]);
}, 240_000);

const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Every Allow statement of every IAM policy of the primary stack, with the policy's logical id. */
function allowStatements(): { policy: string; Action: string[]; Resource: unknown[]; Condition?: any }[] {
  return Object.entries(resourcesOfType(synth.templates[PRIMARY], 'AWS::IAM::Policy')).flatMap(([id, p]) =>
    (p.Properties.PolicyDocument.Statement as any[])
      .filter((s) => s.Effect === 'Allow')
      .map((s) => ({ policy: id, Action: asArray(s.Action) as string[], Resource: asArray(s.Resource), Condition: s.Condition })),
  );
}

function policyOf(handler: string): any[] {
  const [, policy] = Object.entries(resourcesOfType(synth.templates[PRIMARY], 'AWS::IAM::Policy')).find(([id]) =>
    id.startsWith(`StepLambdas${handler}Role`),
  )!;
  return policy.Properties.PolicyDocument.Statement;
}

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
});

describe('backup region stack', () => {
  it('has a rotating customer-managed key with the deployment alias, kept when the stack is deleted', () => {
    backup.resourceCountIs('AWS::KMS::Key', 1);
    backup.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
    });
    backup.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/muejam-backup-dr-prod' });
    backup.hasOutput('BackupKeyArn', {});
  });

  it('lets RDS, ElastiCache and S3 of this account (and only through those services) use the key', () => {
    const key = Object.values(resourcesOfType(synth.templates[BACKUP], 'AWS::KMS::Key'))[0];
    const statements: any[] = key.Properties.KeyPolicy.Statement;
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
  it('encrypts the alert topic with the stack CMK (rotation on) and enforces TLS', () => {
    primary.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'muejam-backup-dr-prod-alerts',
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OpsKey'), 'Arn'] },
    });
    primary.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    primary.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    primary.hasOutput('AlertTopicArn', {});
  });

  it('has no e-mail subscription unless alertEmail is set', () => {
    // The PagerDuty forwarder's subscription is always there; no e-mail one.
    primary.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, 0);
  });

  it('alarms through the topic when a schedule could not start its workflow', () => {
    primary.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlertTopic') }],
    });
  });
});

describe('database backup state machine', () => {
  const stateMachine = () => Object.values(resourcesOfType(synth.templates[PRIMARY], 'AWS::StepFunctions::StateMachine'))[0];

  it('is a STANDARD state machine named for the deployment, with ALL logging to an encrypted log group and X-Ray', () => {
    primary.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    primary.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'muejam-backup-dr-prod-database-backup',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
    });
    primary.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/states/muejam-backup-dr-prod-database-backup',
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OpsKey'), 'Arn'] },
      RetentionInDays: Match.anyValue(),
    });
    primary.hasOutput('DatabaseBackupStateMachineArn', {});
  });

  it('inlines the ASL file unchanged and gives every ${...} placeholder a value', () => {
    const props = stateMachine().Properties;
    expect(props.DefinitionS3Location).toBeUndefined();
    const asl = readFileSync(path.join(ROOT, 'state-machines/database-backup.asl.json'), 'utf8');
    expect(props.DefinitionString).toBe(asl);
    const placeholders = [...new Set([...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]))];
    expect(placeholders.length).toBeGreaterThan(0);
    const missing = placeholders.filter((p) => !(p in props.DefinitionSubstitutions));
    expect(missing).toEqual([]);
    for (const p of placeholders.filter((x) => x.endsWith('FunctionArn'))) {
      expect(props.DefinitionSubstitutions[p]).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^StepLambdas.*Function/), 'Arn'] });
    }
  });

  it('may invoke its own step Lambdas and nothing else', () => {
    const role = stateMachine().Properties.RoleArn['Fn::GetAtt'][0];
    const invoke = allowStatements().filter((s) => s.Action.includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    expect(invoke[0].policy.startsWith(role.replace(/[0-9A-F]{8}$/, ''))).toBe(true);
    const fnIds = Object.keys(resourcesOfType(synth.templates[PRIMARY], 'AWS::Lambda::Function')).sort();
    expect(invoke[0].Resource.map((r: any) => r['Fn::GetAtt'][0]).sort()).toEqual(fnIds);
  });
});

describe('step Lambdas', () => {
  it('makes one Node.js 22 arm64 function per handler of the ASL file, with the runtime environment', () => {
    const fns = resourcesOfType(synth.templates[PRIMARY], 'AWS::Lambda::Function');
    expect(Object.keys(fns).map((id) => id.replace(/^StepLambdas/, '').replace(/Function[0-9A-F]{8}$/, '')).sort()).toEqual(
      ['CheckDbSnapshot', 'CopyDbSnapshot', 'CreateDbSnapshot', 'PublishAlert', 'RecordBackupMetrics', 'VerifyDbBackup'],
    );
    for (const fn of Object.values(fns)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: {
          Variables: {
            DEPLOYMENT_ID: 'prod',
            PRIMARY_REGION: 'us-east-1',
            BACKUP_REGION: 'us-west-2',
            BACKUP_KMS_KEY_ALIAS: 'alias/muejam-backup-dr-prod',
            DATABASES: 'muejam-db-prod',
            SNAPSHOT_PREFIX: 'muejam',
            ALERT_TOPIC_ARN: { Ref: expect.stringMatching(/^AlertTopic/) },
            POWERTOOLS_SERVICE_NAME: 'muejam-backup-dr',
            POWERTOOLS_METRICS_NAMESPACE: 'MueJam/Backup',
          },
        },
      });
      expect(fn.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.stringMatching(/LogGroup/) });
    }
  });

  it('bundles each handler minified with a source map, the pinned AWS SDK included', () => {
    const assets = JSON.parse(readFileSync(path.join(synth.dir, `${PRIMARY}.assets.json`), 'utf8')).files;
    const dirs = Object.values(assets as Record<string, any>)
      .filter((a) => a.source.packaging === 'zip')
      .map((a) => path.join(synth.dir, a.source.path));
    expect(dirs).toHaveLength(6);
    for (const d of dirs) {
      const js = readFileSync(path.join(d, 'index.js'), 'utf8');
      expect(js).toMatch(/sourceMappingURL=index\.js\.map/);
      expect(Math.max(...js.split('\n').map((l) => l.length))).toBeGreaterThan(10_000); // minified onto long lines
      // the SDK clients are bundled, not the runtime's copy (only the optional CRT signer stays a lazy require)
      expect(js).not.toMatch(/require\(["']@aws-sdk\/(client|core|credential)/);
    }
  });
});

describe('IAM', () => {
  // Anything in RDS that is not a read (Describe*/List*) counts as a write.
  const isRdsWrite = (a: string) => a === '*' || (a.startsWith('rds:') && !/^rds:(Describe|List)[A-Za-z]+$/.test(a));

  it('allows no RDS write action on "*" (nor any wildcard action)', () => {
    const statements = allowStatements();
    expect(statements.some((s) => s.Action.includes('rds:CreateDBSnapshot'))).toBe(true);
    const offenders = statements.filter((s) => s.Resource.includes('*') && s.Action.some(isRdsWrite));
    expect(offenders).toEqual([]);
    expect(statements.flatMap((s) => s.Action).filter((a) => a.includes('*'))).toEqual([]);
  });

  it("names only this deployment's instances and snapshots in RDS statements", () => {
    const allowed = [
      /^arn:aws:rds:us-east-1:123456789012:db:muejam-db-prod$/,
      /^arn:aws:rds:(us-east-1|us-west-2):123456789012:snapshot:muejam-muejam-db-prod-\*$/,
    ];
    const rdsStatements = allowStatements().filter((s) => s.Action.some((a) => a.startsWith('rds:')));
    expect(rdsStatements.length).toBeGreaterThan(5);
    for (const s of rdsStatements) {
      const onlyStar = s.Resource.length === 1 && s.Resource[0] === '*';
      if (onlyStar) {
        expect(s.Action).toEqual(['rds:DescribeAccountAttributes']);
        continue;
      }
      for (const r of s.Resource) expect(allowed.some((re) => re.test(String(r)))).toBe(true);
    }
  });

  it('gives each handler exactly the calls its step makes', () => {
    const actions = (h: string) =>
      [...new Set(policyOf(h).flatMap((s) => asArray(s.Action) as string[]))].filter((a) => !a.startsWith('logs:')).sort();
    expect(actions('CreateDbSnapshot')).toEqual([
      'kms:DescribeKey',
      'rds:AddTagsToResource',
      'rds:CreateDBSnapshot',
      'rds:DescribeAccountAttributes',
      'rds:DescribeDBInstances',
      'rds:DescribeDBSnapshots',
    ]);
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
      'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/muejam-backup-dr-prod' },
      StringEquals: { 'kms:ViaService': 'rds.us-west-2.amazonaws.com' },
      Bool: { 'kms:GrantIsForAWSResource': 'true' },
    });
    const sourceGrant = grants.find((s) => s.Resource === 'arn:aws:kms:us-east-1:123456789012:key/*');
    expect(sourceGrant.Condition).toEqual({ StringEquals: { 'kms:ViaService': 'rds.us-east-1.amazonaws.com' } });
  });

  it('lets a step Lambda write only to its own log group', () => {
    for (const s of allowStatements().filter((x) => x.Action.includes('logs:PutLogEvents'))) {
      expect(s.Resource).toHaveLength(1);
      expect((s.Resource[0] as any)['Fn::GetAtt'][0]).toMatch(/LogGroup/);
    }
  });
});

describe('schedules', () => {
  it('starts the backup of each database every 6 h, exact time, retried, dead-lettered', () => {
    const schedules = Object.values(resourcesOfType(synth.templates[PRIMARY], 'AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(1);
    const sm = Object.keys(resourcesOfType(synth.templates[PRIMARY], 'AWS::StepFunctions::StateMachine'))[0];
    expect(schedules[0].Properties).toMatchObject({
      Name: 'database-backup-muejam-db-prod',
      GroupName: 'muejam-backup-dr-prod',
      ScheduleExpression: 'rate(6 hours)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: { Ref: sm },
        RetryPolicy: {
          MaximumRetryAttempts: SCHEDULE_MAX_RETRIES,
          MaximumEventAgeInSeconds: SCHEDULE_MAX_EVENT_AGE.toSeconds(),
        },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/DeadLetterQueue/), 'Arn'] } },
      },
    });
    expect(JSON.parse(schedules[0].Properties.Target.Input)).toEqual({
      dbInstanceIdentifier: 'muejam-db-prod',
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
  });

  it('uses a scheduler role that may start only this state machine', () => {
    const schedule = Object.values(resourcesOfType(synth.templates[PRIMARY], 'AWS::Scheduler::Schedule'))[0];
    const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0];
    const role = synth.templates[PRIMARY].Resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0]).toMatchObject({
      Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    });
    const start = allowStatements().filter((s) => s.Action.includes('states:StartExecution'));
    expect(start).toHaveLength(1);
    expect(start[0].policy.startsWith(roleId.replace(/[0-9A-F]{8}$/, ''))).toBe(true);
    expect(start[0].Resource).toEqual([{ Ref: schedule.Properties.Target.Arn.Ref }]);
  });

  it('makes one schedule per configured database (context override)', () => {
    const app = new App({
      context: { ...cdkJsonContext(), 'muejam.databases': 'orders-db,users-db', 'aws:cdk:bundling-stacks': [] },
    });
    const built = buildApp(app, undefined);
    const t = Template.fromStack(built.primary);
    const inputs = Object.values(t.findResources('AWS::Scheduler::Schedule')).map((s: any) => JSON.parse(s.Properties.Target.Input));
    expect(inputs.map((i) => i.dbInstanceIdentifier).sort()).toEqual(['orders-db', 'users-db']);
    const create = Object.entries(t.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('StepLambdasCreateDbSnapshotRole'))![1];
    const resources = JSON.stringify(create.Properties.PolicyDocument);
    expect(resources).toContain('snapshot:muejam-orders-db-*');
    expect(resources).toContain('snapshot:muejam-users-db-*');
    expect(resources).not.toContain('muejam-db-prod');
  });
});

describe('configuration errors fail synth', () => {
  it.each([
    [{ 'muejam.backupRegion': 'us-east-1' }, 'muejam.backupRegion: "us-east-1" must differ from primaryRegion'],
    [{ 'muejam.databases': ['ok', '9bad--id'] }, 'muejam.databases[1]: "9bad--id" is not a valid RDS identifier'],
    [{ 'muejam.backupSchedul': 'rate(1 hour)' }, 'muejam.backupSchedul: unknown key'],
  ])('%j', (override, message) => {
    const app = new App({ context: { ...cdkJsonContext(), ...override, 'aws:cdk:bundling-stacks': [] } });
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
    const app = new App({ context: { ...cdkJsonContext(), 'muejam.alertEmail': 'oncall@example.com', 'aws:cdk:bundling-stacks': [] } });
    const t = Template.fromStack(buildApp(app, undefined).primary);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });
});
