/**
 * The alert topic's way to PagerDuty: a Lambda subscribed to the topic that
 * sends Events API v2 events (lambdas/handlers/forward-to-pagerduty.ts),
 * Lambda's asynchronous retries, then an SQS dead-letter queue (on-failure
 * destination) for what still failed.
 *
 * The routing key lives in a Secrets Manager secret the operator creates once,
 * named `<prefix>/pagerduty-routing-key` (docs/runbook.md#pagerduty): the
 * template only names it and grants reading it, so the key is never in the
 * template, the assets or the logs, and no rotation Lambda is pretended.
 */
import * as path from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PAGERDUTY_ENV, PAGERDUTY_US_ENDPOINT, validateEndpoint } from '../../lambdas/services/pagerduty-config';
import { PROJECT_ROOT, StepFunctionLambda } from '../constructs/step-function-lambda';

/** Lambda's own retries of a failed asynchronous invocation (each runs the forwarder's HTTP retries again). */
export const FORWARDER_ASYNC_RETRIES = 2;
export const FORWARDER_MAX_EVENT_AGE = Duration.hours(6);

/** The secret's name: `<prefix>/pagerduty-routing-key`. */
export function routingKeySecretName(prefix: string): string {
  return `${prefix}/pagerduty-routing-key`;
}

export interface PagerDutyForwardingProps {
  readonly prefix: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly alertTopic: sns.ITopic;
  readonly encryptionKey: kms.IKey;
  readonly metricsNamespace: string;
  /** Events API v2 URL: US by default, https://events.eu.pagerduty.com/v2/enqueue for PagerDuty's EU service. */
  readonly endpoint?: string;
}

export class PagerDutyForwarding extends Construct {
  readonly routingKeySecretName: string;
  readonly forwarder: StepFunctionLambda;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: PagerDutyForwardingProps) {
    super(scope, id);
    const endpoint = validateEndpoint(props.endpoint ?? PAGERDUTY_US_ENDPOINT, 'Observability pagerDutyEndpoint');

    this.routingKeySecretName = routingKeySecretName(props.prefix);
    // Secrets Manager appends "-" and 6 random characters to a secret's ARN.
    const secretArn = `arn:${props.partition}:secretsmanager:${props.region}:${props.account}:secret:${this.routingKeySecretName}-??????`;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue (on-failure destination) of the PagerDuty forwarder; an alarm on its depth pages.',
    });

    this.forwarder = new StepFunctionLambda(this, 'Forwarder', {
      pascalName: 'ForwardToPagerduty',
      handlersDir: path.join(PROJECT_ROOT, 'lambdas', 'handlers'),
      environment: {
        [PAGERDUTY_ENV.secretId]: this.routingKeySecretName,
        [PAGERDUTY_ENV.endpoint]: endpoint,
      },
      metricsNamespace: props.metricsNamespace,
      logKey: props.encryptionKey,
    });
    this.forwarder.addStatements(
      [new iam.PolicyStatement({ sid: 'ReadPagerDutyRoutingKey', actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] })],
      'PagerDuty forwarder',
    );
    this.forwarder.fn.configureAsyncInvoke({
      retryAttempts: FORWARDER_ASYNC_RETRIES,
      maxEventAge: FORWARDER_MAX_EVENT_AGE,
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
    });
    props.alertTopic.addSubscription(new subscriptions.LambdaSubscription(this.forwarder.fn));
  }
}
