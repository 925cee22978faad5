/**
 * Property (issue 8): for any workflow's console input with one key misspelt (edit distance 1-2),
 * the run is refused before any AWS call. For every workflow of the registry, the step of its
 * real ASL that first reads the execution input is called as Step Functions would call it (its
 * Parameters resolved from the input and the execution), with every SDK client of the project
 * mocked by aws-sdk-client-mock: it must throw InvalidInput naming the misspelt key, and no client
 * may have been called. A correctly spelt example must get past the input check (so the property
 * is not vacuous: with the example the mocks are reached or the step succeeds).
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { WORKFLOW_INPUTS } from '../../../../lambdas/domain/inputs';
import { redisBucketName } from '../../../../lambdas/domain/redis/names';
import { DRILL_SETTINGS } from '../../../../lambdas/domain/settings/drill';
import { DEFAULT_FAILOVER_SETTINGS, FAILOVER_SETTINGS } from '../../../../lambdas/domain/settings/failover';
import { RESTORE_TEST_SETTINGS } from '../../../../lambdas/domain/settings/restore-test';
import { ALL_WORKFLOWS } from '../../../../lambdas/domain/workflows/registry';
import { runtimeEnvironment } from '../../../../lambdas/runtime/runtime-config';
import { loadDeploymentConfig } from '../../../../cli/deployment-config';
import { restoreTestSettings } from '../../../../lib/workflows/restore-test-workflow';
import { localRuntimeConfig } from '../../../../local/local-environment';
import { handlerPath, readAsl } from '../../../../local/run-state-machine';

const CLIENTS = [
  CloudFormationClient,
  CloudWatchClient,
  DynamoDBClient,
  ElastiCacheClient,
  KMSClient,
  LambdaClient,
  RDSClient,
  Route53Client,
  S3Client,
  SecretsManagerClient,
  SFNClient,
  SNSClient,
  SQSClient,
  SSMClient,
];
const mocks = CLIENTS.map((c) => mockClient(c as never));
const sdkCalls = () => mocks.reduce((n, m) => n + m.calls().length, 0);

interface InputStep {
  state: string;
  handler: (event: unknown) => Promise<unknown>;
  parameters: Record<string, unknown>;
}

/** The first Task state (in execution order from StartAt) whose Parameters read the execution input. */
function inputStep(aslFile: string): InputStep {
  const asl = JSON.parse(readAsl(aslFile));
  let name: string | undefined = asl.StartAt;
  while (name) {
    const s = asl.States[name];
    const params: Record<string, unknown> = s.Parameters ?? {};
    const readsInput = Object.entries(params).some(([k, v]) => k.endsWith('.$') && (v === '$' || v === '$$.Execution.Input'));
    if (s.Type === 'Task' && readsInput) {
      const placeholder = /\$\{([A-Za-z0-9]+)FunctionArn\}/.exec(s.Resource)?.[1];
      if (!placeholder) throw new Error(`${aslFile}: ${name} is not a Lambda task`);
      return { state: name, handler: require(handlerPath(placeholder)).handler, parameters: params };
    }
    name = s.Next;
  }
  throw new Error(`${aslFile}: no Task reads the execution input`);
}

/** The step's event as Step Functions builds it from Parameters (the paths these first steps use). */
function eventOf(step: InputStep, input: unknown): Record<string, unknown> {
  const execution = {
    Id: 'arn:aws:states:us-east-1:123456789012:execution:sm:prop',
    Name: 'prop',
    StartTime: '2026-12-03T04:00:00Z',
    Input: input,
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(step.parameters)) {
    if (!k.endsWith('.$')) out[k] = v;
    else if (v === '$' || v === '$$.Execution.Input') out[k.slice(0, -2)] = input;
    else if (v === '$$.Execution') out[k.slice(0, -2)] = execution;
    else throw new Error(`${step.state}: parameter ${k}=${String(v)} is not resolved by this test`);
  }
  return out;
}

/** One misspelling of `key`: 1-2 edits (insert, delete, substitute, swap neighbours, flip a letter's case). */
const misspelling = (key: string) =>
  fc
    .array(
      fc.record({
        op: fc.constantFrom('insert', 'delete', 'substitute', 'swap', 'case'),
        at: fc.nat(),
        ch: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzIDT_-'.split('')),
      }),
      { minLength: 1, maxLength: 2 },
    )
    .map((edits) => {
      let k = key;
      for (const { op, at, ch } of edits) {
        const i = at % (k.length + (op === 'insert' ? 1 : 0));
        if (op === 'insert') k = k.slice(0, i) + ch + k.slice(i);
        else if (op === 'delete' && k.length > 1) k = k.slice(0, i) + k.slice(i + 1);
        else if (op === 'substitute') k = k.slice(0, i) + ch + k.slice(i + 1);
        else if (op === 'swap' && i + 1 < k.length) k = k.slice(0, i) + k[i + 1] + k[i] + k.slice(i + 2);
        else if (op === 'case')
          k = k.slice(0, i) + (k[i] === k[i].toUpperCase() ? k[i].toLowerCase() : k[i].toUpperCase()) + k.slice(i + 1);
      }
      return k;
    });

/**
 * With this test's environment (cdk.json's deployment: no failover replica, no drill DNS record, no
 * restore-test network) these steps refuse on the deployment's settings after the input check, before AWS.
 */
const STOPS_ON_SETTINGS = new Set(['database-failover', 'dr-drill', 'restore-test']);

const documentedInputs = (name: string) => {
  const w = WORKFLOW_INPUTS[name];
  return [w.example, ...Object.values(w.variants ?? {})];
};

describe('a misspelt key is refused before any AWS call, in every workflow', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    const config = localRuntimeConfig({ deploymentId: 'prop' });
    const deployed = loadDeploymentConfig([]);
    Object.assign(process.env, runtimeEnvironment(config), {
      AWS_REGION: config.primaryRegion,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      // A deployed Lambda: local-only fields are refused too.
      MUEJAM_LOCAL_RUN: 'false',
      ...FAILOVER_SETTINGS.environment(DEFAULT_FAILOVER_SETTINGS),
      ...RESTORE_TEST_SETTINGS.environment(restoreTestSettings(deployed, 'sg-0123456789abcdef0')),
      ...DRILL_SETTINGS.environment({
        rtoHours: 4,
        rpoHours: 6,
        reportBucket: 'prop-reports-123456789012-us-west-2',
        inFlightMinutes: 120,
      }),
      REDIS_BUCKET_PRIMARY: redisBucketName(config.deploymentId, '123456789012', config.primaryRegion),
      REDIS_BUCKET_BACKUP: redisBucketName(config.deploymentId, '123456789012', config.backupRegion),
    });
  });
  afterAll(() => {
    process.env = saved;
    for (const m of mocks) m.restore();
  });
  beforeEach(() => {
    for (const m of mocks) m.reset();
  });

  it('every workflow of the registry has an input schema', () => {
    expect(ALL_WORKFLOWS.map((w) => w.name).filter((n) => !WORKFLOW_INPUTS[n])).toEqual([]);
  });

  it.each(ALL_WORKFLOWS.map((w) => ({ name: w.name, aslFile: w.aslFile })))(
    '$name: one key misspelt (edit distance 1-2) -> InvalidInput naming it, zero SDK calls',
    async ({ name, aslFile }) => {
      const step = inputStep(aslFile);
      const inputs = documentedInputs(name);
      const known = Object.keys((WORKFLOW_INPUTS[name].schema as unknown as { shape: Record<string, unknown> }).shape);
      const arb = fc
        .constantFrom(...inputs)
        .chain((input) => fc.tuple(fc.constant(input), fc.constantFrom(...Object.keys(input))))
        .chain(([input, key]) => fc.tuple(fc.constant(input), fc.constant(key), misspelling(key)))
        .filter(([, , typo]) => typo !== '' && !known.includes(typo));
      await fc.assert(
        fc.asyncProperty(arb, async ([input, key, typo]) => {
          for (const m of mocks) m.reset();
          const { [key]: value, ...rest } = input;
          const bad = { ...rest, [typo]: value };
          const err = await step.handler(eventOf(step, bad)).then(
            () => undefined,
            (e: Error) => e,
          );
          expect({ error: err?.name, namesTypo: err?.message.includes(`\`${typo}\``), sdkCalls: sdkCalls() }).toEqual({
            error: 'InvalidInput',
            namesTypo: true,
            sdkCalls: 0,
          });
        }),
        { numRuns: 60, seed: 8 },
      );
    },
  );

  it.each(ALL_WORKFLOWS.map((w) => ({ name: w.name, aslFile: w.aslFile })))(
    '$name: the documented input passes the input check (the property is not vacuous)',
    async ({ name, aslFile }) => {
      const step = inputStep(aslFile);
      for (const input of documentedInputs(name)) {
        for (const m of mocks) m.reset();
        const err = await step.handler(eventOf(step, input)).then(
          () => undefined,
          (e: Error) => e,
        );
        // Whatever happens next (the mocks answer nothing useful), it is not a refusal of the input's keys.
        const reachedAws = sdkCalls() > 0;
        expect({ refusedKeys: /unknown field/.test(err?.message ?? ''), reachedAws }).toEqual({
          refusedKeys: false,
          reachedAws: !STOPS_ON_SETTINGS.has(name),
        });
      }
    },
  );
});
