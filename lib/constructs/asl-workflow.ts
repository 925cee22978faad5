/**
 * A Step Functions workflow deployed from its ASL file, unchanged.
 *
 * - The ASL file (state-machines/<file>) is read at synth time and inlined
 *   into the template (DefinitionBody.fromString: no S3 asset).
 * - Every `${<PascalName>FunctionArn}` placeholder gets one step Lambda
 *   (lambdas/handlers/<kebab-name>.ts) from the stack's shared registry, with
 *   exactly the IAM statements `handlerPolicies[<PascalName>]` lists
 *   (an empty array says "needs no AWS permission").
 * - The ASL's top-level TimeoutSeconds is the execution timeout; it must
 *   be present and within `timeout`.
 * - `${AlertTopicArn}`, `${DeploymentId}`, `${WorkflowName}` and
 *   `extraSubstitutions` fill the other placeholders; a placeholder nobody
 *   fills, a handler file that does not exist or a handler without a policy
 *   entry fails synth with a message naming it.
 */
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PROJECT_ROOT, type StepFunctionLambda, StepFunctionLambdas, handlerEntry } from './step-function-lambda';
import { runtimeEnvironment } from '../../lambdas/runtime/runtime-config';
import { type WorkflowDefinition, workflowByName } from '../../lambdas/domain/workflows/registry';
import { type BackupConfig, toRuntimeConfig } from '../config';

export const STATE_MACHINE_LOG_RETENTION = logs.RetentionDays.SIX_MONTHS;

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;
const FUNCTION_PLACEHOLDER = /^([A-Z][A-Za-z0-9]*)FunctionArn$/;
const WORKFLOW_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Every distinct `${Name}` placeholder in an ASL text, in order of first use. */
export function aslPlaceholders(asl: string): string[] {
  return [...new Set([...asl.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** The PascalNames of the `${<PascalName>FunctionArn}` placeholders of an ASL text. */
export function aslHandlerNames(asl: string): string[] {
  return aslPlaceholders(asl)
    .map((p) => FUNCTION_PLACEHOLDER.exec(p)?.[1])
    .filter((n): n is string => n !== undefined);
}

/**
 * The props every workflow of a deployment shares: the handlers' runtime
 * environment, the metrics namespace, the alert topic, the stack key and the
 * deployment id. A workflow construct adds its name, ASL file, policies and timeout.
 */
export function deploymentWorkflowProps(
  config: BackupConfig,
  alertTopic: sns.ITopic,
  encryptionKey: kms.IKey,
): Pick<AslWorkflowProps, 'environment' | 'metricsNamespace' | 'alertTopic' | 'encryptionKey' | 'deploymentId'> {
  return {
    environment: runtimeEnvironment(toRuntimeConfig(config, alertTopic.topicArn)),
    metricsNamespace: config.metricsNamespace,
    alertTopic,
    encryptionKey,
    deploymentId: config.deploymentId,
  };
}

export interface AslWorkflowProps {
  /** kebab-case workflow name, e.g. "database-backup": part of the state machine name. */
  readonly workflowName: string;
  /** ASL file name under `state-machines/`, e.g. "database-backup.asl.json". */
  readonly aslFile: string;
  /** IAM statements of each handler, by PascalName; [] = needs no AWS permission. */
  readonly handlerPolicies: Record<string, iam.PolicyStatement[]>;
  /** Values of the non-function placeholders this ASL uses besides the standard ones. */
  readonly extraSubstitutions?: Record<string, string>;
  /** Runtime environment of the step Lambdas (runtimeEnvironment() of lambdas/runtime/runtime-config.ts). */
  readonly environment: Record<string, string>;
  readonly metricsNamespace: string;
  /** Receives every failure alert: `${AlertTopicArn}`. */
  readonly alertTopic: sns.ITopic;
  /** Encrypts the state machine's and the Lambdas' log groups. */
  readonly encryptionKey: kms.IKey;
  readonly deploymentId: string;
  /** Longest execution allowed: the ASL file's top-level TimeoutSeconds must be set and at most this. */
  readonly timeout: Duration;
  /** Folder holding `state-machines/` and `lambdas/handlers/` (tests point it at fixtures). Default: the repository root. */
  readonly sourceRoot?: string;
}

export class AslWorkflow extends Construct {
  /** kebab-case name (the registry row's `name`): the `Workflow` dimension of its metrics and alarms. */
  readonly workflowName: string;
  /** Its row of the workflow registry (lambdas/domain/workflows/registry.ts); undefined for test fixtures outside it. */
  readonly definition: WorkflowDefinition | undefined;
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  /** The step Lambdas of this workflow, by PascalName. */
  readonly handlers: Record<string, StepFunctionLambda> = {};

  constructor(scope: Construct, id: string, props: AslWorkflowProps) {
    super(scope, id);
    const where = `workflow ${props.workflowName}`;
    if (!WORKFLOW_NAME.test(props.workflowName)) {
      throw new Error(`${where}: workflowName must be kebab-case (lowercase letters, digits, single hyphens)`);
    }
    this.workflowName = props.workflowName;
    this.definition = workflowByName(props.workflowName);
    if (this.definition && this.definition.aslFile !== props.aslFile) {
      throw new Error(`${where}: the registry row names ${this.definition.aslFile}, the construct ${props.aslFile}`);
    }
    const root = props.sourceRoot ?? PROJECT_ROOT;
    const aslPath = path.join(root, 'state-machines', props.aslFile);
    const handlersDir = path.join(root, 'lambdas', 'handlers');
    const shown = (p: string) => path.relative(PROJECT_ROOT, p);
    if (!existsSync(aslPath)) throw new Error(`${where}: ASL file ${shown(aslPath)} does not exist`);
    const asl = readFileSync(aslPath, 'utf8');
    let definition: { TimeoutSeconds?: unknown };
    try {
      definition = JSON.parse(asl);
    } catch (e) {
      throw new Error(`${where}: ${shown(aslPath)} is not valid JSON: ${(e as Error).message}`);
    }

    const handlerNames = aslHandlerNames(asl);
    const problems: string[] = [];
    // The ASL file is deployed unchanged, so its own TimeoutSeconds is the execution timeout.
    const maxSeconds = props.timeout.toSeconds();
    const timeoutSeconds = definition.TimeoutSeconds;
    if (typeof timeoutSeconds !== 'number' || !Number.isInteger(timeoutSeconds) || timeoutSeconds <= 0) {
      problems.push(`top-level "TimeoutSeconds" is required (a whole number of seconds, at most ${maxSeconds})`);
    } else if (timeoutSeconds > maxSeconds) {
      problems.push(`top-level "TimeoutSeconds" is ${timeoutSeconds}; this workflow allows at most ${maxSeconds}`);
    }
    for (const name of handlerNames) {
      if (!existsSync(handlerEntry(handlersDir, name))) {
        problems.push(`\${${name}FunctionArn} has no handler file ${shown(handlerEntry(handlersDir, name))}`);
      }
      if (!Object.hasOwn(props.handlerPolicies, name)) {
        problems.push(`\${${name}FunctionArn} has no entry in handlerPolicies (give [] when it needs no AWS permission)`);
      }
    }
    for (const name of Object.keys(props.handlerPolicies)) {
      if (!handlerNames.includes(name)) problems.push(`handlerPolicies.${name} is not used by ${props.aslFile}`);
    }

    const used = aslPlaceholders(asl);
    const available: Record<string, string> = {
      AlertTopicArn: props.alertTopic.topicArn,
      DeploymentId: props.deploymentId,
      WorkflowName: props.workflowName,
      ...props.extraSubstitutions,
    };
    for (const name of Object.keys(props.extraSubstitutions ?? {})) {
      if (!used.includes(name)) problems.push(`extraSubstitutions.${name} is not used by ${props.aslFile}`);
    }
    // Only the placeholders the file uses are passed to CloudFormation.
    const substitutions: Record<string, string> = {};
    for (const placeholder of used) {
      if (FUNCTION_PLACEHOLDER.test(placeholder)) continue;
      if (placeholder in available) substitutions[placeholder] = available[placeholder];
      else problems.push(`\${${placeholder}} has no value (add it to extraSubstitutions)`);
    }
    if (problems.length > 0) throw new Error(`${where} (${shown(aslPath)}):\n  - ${problems.join('\n  - ')}`);

    const registry = StepFunctionLambdas.of(this, {
      environment: props.environment,
      metricsNamespace: props.metricsNamespace,
      logKey: props.encryptionKey,
    });
    for (const name of handlerNames) {
      const handler = registry.get(name, handlersDir);
      handler.addStatements(props.handlerPolicies[name], `${where} handler ${name}`);
      this.handlers[name] = handler;
      substitutions[`${name}FunctionArn`] = handler.fn.functionArn;
    }

    this.logGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      logGroupName: `/aws/vendedlogs/states/muejam-backup-dr-${props.deploymentId}-${props.workflowName}`,
      retention: STATE_MACHINE_LOG_RETENTION,
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: `State machine ${props.workflowName}: invokes its step Lambdas, writes its logs and traces`,
    });
    const functionArns = Object.values(this.handlers).map((h) => h.fn.functionArn);
    if (functionArns.length > 0) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid: 'InvokeStepLambdas', actions: ['lambda:InvokeFunction'], resources: functionArns }),
      );
    }

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: `muejam-backup-dr-${props.deploymentId}-${props.workflowName}`,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(asl),
      definitionSubstitutions: substitutions,
      role,
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Added by the StateMachine construct for X-Ray tracing (xray:PutTraceSegments, GetSamplingRules, ...) and for CloudWatch Logs vended log delivery (logs:CreateLogDelivery, ...): these actions support no resource-level permission.',
    });
  }
}
