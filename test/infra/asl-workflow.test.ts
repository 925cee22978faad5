/**
 * The generic AslWorkflow construct, on fixture ASL files and handlers
 * (test/infra/fixtures): placeholders -> Lambdas, substitutions, synth-time
 * errors, the shared PublishAlert, wildcard reasons. Bundling is skipped.
 */
import * as path from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AslWorkflow, type AslWorkflowProps, aslHandlerNames, aslPlaceholders } from '../../lib/constructs/asl-workflow';
import { scheduleName } from '../../lib/constructs/scheduler-support';
import { pascalToKebab } from '../../lib/constructs/step-function-lambda';
import { because, wildcardFindings } from '../../lib/constructs/wildcard-reasons';

const FIXTURES = path.join(__dirname, 'fixtures');

function stack() {
  const app = new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } });
  const s = new Stack(app, 'S', { env: { account: '123456789012', region: 'us-east-1' } });
  const key = new kms.Key(s, 'Key');
  const topic = new sns.Topic(s, 'Topic', { masterKey: key });
  const base = (over: Partial<AslWorkflowProps>): AslWorkflowProps => ({
    workflowName: 'two-steps',
    aslFile: 'two-steps.asl.json',
    handlerPolicies: { FixtureStep: [], PublishAlert: [] },
    extraSubstitutions: { Bucket: 'my-bucket' },
    environment: { DEPLOYMENT_ID: 'test' },
    metricsNamespace: 'Test/Ns',
    alertTopic: topic,
    encryptionKey: key,
    deploymentId: 'test',
    timeout: Duration.hours(1),
    sourceRoot: FIXTURES,
    ...over,
  });
  return { s, topic, base };
}

describe('placeholder helpers', () => {
  it('lists placeholders and the handler names behind ${<Name>FunctionArn}', () => {
    const asl = '{"a":"${CreateDbSnapshotFunctionArn}","b":"${AlertTopicArn}","c":"${CreateDbSnapshotFunctionArn}"}';
    expect(aslPlaceholders(asl)).toEqual(['CreateDbSnapshotFunctionArn', 'AlertTopicArn']);
    expect(aslHandlerNames(asl)).toEqual(['CreateDbSnapshot']);
  });

  it.each([
    ['CreateDbSnapshot', 'create-db-snapshot'],
    ['PublishAlert', 'publish-alert'],
    ['RecordBackupMetrics', 'record-backup-metrics'],
    ['CheckRDSStatus', 'check-rds-status'],
    ['Step2Run', 'step2-run'],
  ])('%s -> %s', (pascal, kebab) => {
    expect(pascalToKebab(pascal)).toBe(kebab);
  });

  it('refuses a name that is not PascalCase', () => {
    expect(() => pascalToKebab('create-db')).toThrow('"create-db" is not a PascalCase handler name');
  });

  it('keeps schedule names within 64 characters, distinct for distinct long names', () => {
    expect(scheduleName('database-backup-db')).toBe('database-backup-db');
    const a = scheduleName(`database-backup-${'a'.repeat(63)}`);
    const b = scheduleName(`database-backup-${'a'.repeat(62)}b`);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(b.length).toBeLessThanOrEqual(64);
    expect(a).not.toBe(b);
  });
});

describe('AslWorkflow', () => {
  it('makes one Lambda per function placeholder and fills every placeholder', () => {
    const { s, base } = stack();
    const wf = new AslWorkflow(s, 'Wf', base({}));
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Lambda::Function', 2);
    expect(Object.keys(wf.handlers).sort()).toEqual(['FixtureStep', 'PublishAlert']);
    const sm = Object.values(t.findResources('AWS::StepFunctions::StateMachine'))[0] as any;
    expect(sm.Properties.StateMachineName).toBe('muejam-backup-dr-test-two-steps');
    // exactly the placeholders the file uses (WorkflowName is available but unused)
    expect(Object.keys(sm.Properties.DefinitionSubstitutions).sort()).toEqual([
      'AlertTopicArn',
      'Bucket',
      'DeploymentId',
      'FixtureStepFunctionArn',
      'PublishAlertFunctionArn',
    ]);
    expect(sm.Properties.DefinitionSubstitutions.DeploymentId).toBe('test');
    expect(sm.Properties.DefinitionSubstitutions.Bucket).toBe('my-bucket');
    expect(sm.Properties.DefinitionString).toContain('${FixtureStepFunctionArn}');
  });

  it('gives a handler with [] no AWS permission beyond its own log group', () => {
    const { s, base } = stack();
    new AslWorkflow(s, 'Wf', base({}));
    const policies = Template.fromStack(s).findResources('AWS::IAM::Policy');
    const step = Object.entries(policies).find(([id]) => id.includes('FixtureStepRole'))![1] as any;
    expect(step.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
    ]);
  });

  it('shares PublishAlert between workflows of one stack, with its statements once', () => {
    const { s, topic, base } = stack();
    const publish = () => [new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] })];
    const one = new AslWorkflow(s, 'One', base({ handlerPolicies: { FixtureStep: [], PublishAlert: publish() } }));
    const two = new AslWorkflow(
      s,
      'Two',
      base({
        workflowName: 'other',
        aslFile: 'other.asl.json',
        handlerPolicies: { OtherStep: [], PublishAlert: publish() },
        extraSubstitutions: {},
      }),
    );
    expect(one.handlers.PublishAlert).toBe(two.handlers.PublishAlert);
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Lambda::Function', 3);
    t.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
    const policy = Object.entries(t.findResources('AWS::IAM::Policy')).find(([id]) => id.includes('PublishAlertRole'))![1] as any;
    const publishes = policy.Properties.PolicyDocument.Statement.filter((x: any) => x.Action === 'sns:Publish');
    expect(publishes).toHaveLength(1);
  });

  it('refuses a second workflow in the stack with another environment for the shared Lambdas', () => {
    const { s, base } = stack();
    new AslWorkflow(s, 'One', base({}));
    expect(
      () =>
        new AslWorkflow(
          s,
          'Two',
          base({
            workflowName: 'other',
            aslFile: 'other.asl.json',
            handlerPolicies: { OtherStep: [], PublishAlert: [] },
            extraSubstitutions: {},
            environment: { DEPLOYMENT_ID: 'x' },
          }),
        ),
    ).toThrow('every workflow must give the same environment');
  });

  it('fails synth when a placeholder has no handler file', () => {
    const { s, base } = stack();
    expect(() => new AslWorkflow(s, 'Wf', base({ aslFile: 'missing-handler.asl.json', handlerPolicies: { NoSuchHandler: [] } }))).toThrow(
      /\$\{NoSuchHandlerFunctionArn\} has no handler file test\/infra\/fixtures\/lambdas\/handlers\/no-such-handler\.ts/,
    );
  });

  it('fails synth when a handler has no policy entry, or an entry is not used', () => {
    const { s, base } = stack();
    expect(() => new AslWorkflow(s, 'A', base({ handlerPolicies: { FixtureStep: [] } }))).toThrow(
      '${PublishAlertFunctionArn} has no entry in handlerPolicies (give [] when it needs no AWS permission)',
    );
    expect(() => new AslWorkflow(s, 'B', base({ handlerPolicies: { FixtureStep: [], PublishAlert: [], Extra: [] } }))).toThrow(
      'handlerPolicies.Extra is not used by two-steps.asl.json',
    );
  });

  it('fails synth when a plain placeholder has no value, or an extra substitution is not used', () => {
    const { s, base } = stack();
    expect(() => new AslWorkflow(s, 'A', base({ extraSubstitutions: {} }))).toThrow(
      '${Bucket} has no value (add it to extraSubstitutions)',
    );
    expect(() => new AslWorkflow(s, 'B', base({ extraSubstitutions: { Bucket: 'b', Stale: 'x' } }))).toThrow(
      'extraSubstitutions.Stale is not used by two-steps.asl.json',
    );
  });

  it('requires the ASL TimeoutSeconds, within the workflow timeout', () => {
    const { s, base } = stack();
    expect(() => new AslWorkflow(s, 'A', base({ aslFile: 'no-timeout.asl.json', handlerPolicies: { FixtureStep: [] } }))).toThrow(
      'top-level "TimeoutSeconds" is required',
    );
    expect(() => new AslWorkflow(s, 'B', base({ timeout: Duration.minutes(5) }))).toThrow(
      'top-level "TimeoutSeconds" is 600; this workflow allows at most 300',
    );
  });

  it('fails synth for a missing ASL file or a bad workflow name', () => {
    const { s, base } = stack();
    expect(() => new AslWorkflow(s, 'A', base({ aslFile: 'nope.asl.json' }))).toThrow(
      'ASL file test/infra/fixtures/state-machines/nope.asl.json does not exist',
    );
    expect(() => new AslWorkflow(s, 'B', base({ workflowName: 'Two_Steps' }))).toThrow('workflowName must be kebab-case');
  });

  it('refuses a wildcard without a reason and acknowledges one with a reason', () => {
    const wild = () =>
      new iam.PolicyStatement({ actions: ['rds:DescribeDBSnapshots'], resources: ['arn:aws:rds:us-east-1:123456789012:snapshot:x-*'] });
    const { s, base } = stack();
    expect(() => new AslWorkflow(s, 'A', base({ handlerPolicies: { FixtureStep: [wild()], PublishAlert: [] } }))).toThrow(
      /has a wildcard \(AwsSolutions-IAM5\[Resource::arn:aws:rds:us-east-1:123456789012:snapshot:x-\*\]\) but no reason/,
    );
    const other = stack();
    const wf = new AslWorkflow(
      other.s,
      'Wf',
      other.base({ handlerPolicies: { FixtureStep: [because('fixture names are generated per run', wild())], PublishAlert: [] } }),
    );
    const acks = wf.handlers.FixtureStep.role.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules');
    expect(acks.map((m) => m.data)).toContainEqual(
      expect.objectContaining({
        'Annotation::AwsSolutions-IAM5[Resource::arn:aws:rds:us-east-1:123456789012:snapshot:x-*]': 'fixture names are generated per run',
      }),
    );
  });

  it('lists wildcard findings of actions and resources', () => {
    const st = new iam.PolicyStatement({ actions: ['kms:GenerateDataKey*', 'kms:Decrypt'], resources: ['*'] });
    expect(wildcardFindings(st)).toEqual(['AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', 'AwsSolutions-IAM5[Resource::*]']);
    const deny = new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['*'], resources: ['*'] });
    expect(wildcardFindings(deny)).toEqual([]);
  });
});
