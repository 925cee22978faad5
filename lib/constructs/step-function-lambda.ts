/**
 * One Lambda per Step Functions Task, made the same way everywhere:
 * `lambdas/handlers/<kebab-name>.ts` exporting `handler`, Node.js 22 on arm64,
 * bundled by esbuild (minified, source maps, the pinned AWS SDK included; one build for all handlers:
 * lambda-bundles.ts), its own role (write to its own
 * encrypted log group + the statements its workflow gives it) and its own log
 * group with a retention.
 *
 * `StepFunctionLambdas.of(stack)` is the per-stack registry: a handler used by
 * several workflows (PublishAlert) is created once and shared, with the
 * stack's runtime environment (the first workflow's `environment`).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { AssetHashType, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { handlerBundle, unbundledPlaceholder } from './lambda-bundles';
import { acknowledgeWildcards } from './wildcard-reasons';

/** The repository root: holds package-lock.json, lambdas/ and state-machines/. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_22_X;
export const LAMBDA_ARCHITECTURE = lambda.Architecture.ARM_64;
export const LAMBDA_TIMEOUT = Duration.minutes(2);
export const LAMBDA_MEMORY_MB = 256;
export const LAMBDA_LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;
export const POWERTOOLS_SERVICE_NAME = 'muejam-backup-dr';

const PASCAL = /^[A-Z][a-zA-Z0-9]*$/;

/** `CreateDbSnapshot` -> `create-db-snapshot` (the handler file name rule of CONTRIBUTING.md). */
export function pascalToKebab(name: string): string {
  if (!PASCAL.test(name)) throw new Error(`"${name}" is not a PascalCase handler name (e.g. CreateDbSnapshot)`);
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** Absolute path of the handler file for a PascalName under `handlersDir`. */
export function handlerEntry(handlersDir: string, pascalName: string): string {
  return path.join(handlersDir, `${pascalToKebab(pascalName)}.ts`);
}

export interface StepFunctionLambdaProps {
  /** PascalCase name from the ASL placeholder `${<PascalName>FunctionArn}`. */
  readonly pascalName: string;
  /** Folder holding `<kebab-name>.ts` (default `lambdas/handlers`). */
  readonly handlersDir: string;
  /** Environment variables: the runtime configuration (lambdas/runtime/runtime-config.ts) and any extra. */
  readonly environment: Record<string, string>;
  readonly metricsNamespace: string;
  /** Key encrypting the function's log group. */
  readonly logKey: kms.IKey;
}

/** One step Lambda with its role and log group. */
export class StepFunctionLambda extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** The handler's file name, `lambdas/handlers/<handlerName>.ts` (`create-db-snapshot`): the name its alarms use. */
  readonly handlerName: string;
  private readonly attached = new Set<string>();

  constructor(scope: Construct, id: string, props: StepFunctionLambdaProps) {
    super(scope, id);
    this.handlerName = pascalToKebab(props.pascalName);
    const entry = handlerEntry(props.handlersDir, props.pascalName);
    if (!existsSync(entry)) {
      throw new Error(`handler ${props.pascalName}: ${path.relative(PROJECT_ROOT, entry)} does not exist`);
    }

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: LAMBDA_LOG_RETENTION,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Step Lambda ${props.pascalName}: its own logs plus the AWS calls its step makes`,
    });
    this.logGroup.grantWrite(this.role);

    // One esbuild build bundles every handler of the folder (lib/constructs/lambda-bundles.ts); a synth that skips
    // bundling (aws:cdk:bundling-stacks) gets a stand-in asset per function, hashed by the handler's name.
    const code = Stack.of(this).bundlingRequired
      ? lambda.Code.fromAsset(handlerBundle(props.handlersDir, this.handlerName))
      : lambda.Code.fromAsset(unbundledPlaceholder(), { assetHash: `unbundled-${this.handlerName}`, assetHashType: AssetHashType.CUSTOM });
    this.fn = new lambda.Function(this, 'Function', {
      code,
      handler: 'index.handler',
      runtime: LAMBDA_RUNTIME,
      architecture: LAMBDA_ARCHITECTURE,
      timeout: LAMBDA_TIMEOUT,
      memorySize: LAMBDA_MEMORY_MB,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      description: `muejam-backup-dr step ${props.pascalName} (${path.relative(PROJECT_ROOT, entry)})`,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the pinned runtime of every step Lambda (supported by Lambda until 2027); moving to 24 is a deliberate upgrade done with a full test run, not an automatic one.',
    });
  }

  /** Attaches policy statements to the role, once each (a shared Lambda gets the same statements from every workflow). */
  addStatements(statements: iam.PolicyStatement[], owner: string): void {
    const fresh = statements.filter((s) => {
      const key = JSON.stringify(Stack.of(this).resolve(s.toStatementJson()));
      if (this.attached.has(key)) return false;
      this.attached.add(key);
      return true;
    });
    acknowledgeWildcards(this.role, fresh, owner);
    for (const s of fresh) this.role.addToPrincipalPolicy(s);
  }
}

export interface StepFunctionLambdasProps {
  readonly environment: Record<string, string>;
  readonly metricsNamespace: string;
  readonly logKey: kms.IKey;
}

/** Per-stack registry of step Lambdas, keyed by PascalName. */
export class StepFunctionLambdas extends Construct {
  private static readonly ID = 'StepLambdas';

  /** The registry of the stack of `scope`, created on first use with `props`. */
  static of(scope: Construct, props: StepFunctionLambdasProps): StepFunctionLambdas {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(StepFunctionLambdas.ID);
    if (existing instanceof StepFunctionLambdas) {
      const same = (a: StepFunctionLambdasProps) =>
        JSON.stringify(stack.resolve({ env: a.environment, ns: a.metricsNamespace, key: a.logKey.keyArn }));
      if (same(existing.props) !== same(props)) {
        throw new Error(
          `the step Lambdas of stack ${stack.stackName} are shared: every workflow must give the same environment, metrics namespace and log key`,
        );
      }
      return existing;
    }
    return new StepFunctionLambdas(stack, StepFunctionLambdas.ID, props);
  }

  private readonly byName = new Map<string, { lambda: StepFunctionLambda; handlersDir: string }>();

  private constructor(
    scope: Construct,
    id: string,
    private readonly props: StepFunctionLambdasProps,
  ) {
    super(scope, id);
  }

  /** The Lambda for `pascalName`, created on first request (one per stack, shared by every workflow that uses it). */
  get(pascalName: string, handlersDir: string): StepFunctionLambda {
    const dir = path.resolve(handlersDir);
    const found = this.byName.get(pascalName);
    if (found) {
      if (found.handlersDir !== dir) {
        throw new Error(
          `handler ${pascalName} is already made from ${path.relative(PROJECT_ROOT, found.handlersDir)}; ` +
            `a second one from ${path.relative(PROJECT_ROOT, dir)} in the same stack is not allowed`,
        );
      }
      return found.lambda;
    }
    const lambda = new StepFunctionLambda(this, pascalName, {
      pascalName,
      handlersDir: dir,
      environment: this.props.environment,
      metricsNamespace: this.props.metricsNamespace,
      logKey: this.props.logKey,
    });
    this.byName.set(pascalName, { lambda, handlersDir: dir });
    return lambda;
  }
}
