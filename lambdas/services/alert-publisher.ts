/** Publishes workflow failure alerts to the alert topic (the failure path of every workflow). */
import { leftBehindSentence } from '../domain/alerts/left-behind';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { ClientFactory } from '../runtime/clients';
import { InvalidInput } from '../errors';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { buildFailureAlert, type CaughtError, resourceOf, type Severity, type WorkflowAlert } from '../domain/alerts/alert-message';

export interface PublishFailureRequest {
  workflow?: unknown;
  severity?: unknown;
  failedStep?: unknown;
  error?: CaughtError;
  /** `$$.Execution`: Id (ARN), Name, Input (the execution's input, naming the resource). */
  execution?: { Id?: string; Input?: unknown };
  /** The run's state (`$`) when the failure was caught: what it had already made is named in the alert. */
  state?: unknown;
}

const SEVERITIES: Severity[] = ['critical', 'warning', 'info'];

export class AlertPublisher {
  constructor(
    private readonly config: RuntimeConfig,
    private readonly clients: ClientFactory,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async publishFailure(req: PublishFailureRequest): Promise<{ messageId: string; alert: WorkflowAlert }> {
    if (typeof req?.workflow !== 'string' || !req.workflow) throw new InvalidInput('workflow', 'is required: the workflow name');
    const severity = (req.severity ?? 'critical') as Severity;
    if (!SEVERITIES.includes(severity)) throw new InvalidInput('severity', `must be one of ${SEVERITIES.join(', ')}`);
    const alert = buildFailureAlert({
      deployment: this.config.deploymentId,
      workflow: req.workflow,
      resource: resourceOf(req.execution?.Input),
      step: typeof req.failedStep === 'string' ? req.failedStep : '(unknown step)',
      caught: req.error,
      severity,
      executionArn: req.execution?.Id ?? '(unknown execution)',
      time: this.now(),
    });
    const left = leftBehindSentence(req.workflow, req.state);
    if (left) Object.assign(alert, { cause: `${alert.cause}${left}`, summary: `${alert.summary}${left}`.slice(0, 1024) });
    return { messageId: await this.publish(alert), alert };
  }

  async publish(alert: WorkflowAlert): Promise<string> {
    const out = await this.clients(SNSClient, this.config.primaryRegion).send(
      new PublishCommand({
        TopicArn: this.config.alertTopicArn,
        Subject: `${alert.kind === 'failure' ? 'FAILED' : 'RECOVERED'}: ${alert.workflow} ${alert.resource}`.slice(0, 99),
        Message: JSON.stringify(alert),
        MessageAttributes: {
          severity: { DataType: 'String', StringValue: alert.severity },
          workflow: { DataType: 'String', StringValue: alert.workflow },
          // Lets subscriptions that only want failures (e-mail) filter recoveries out.
          kind: { DataType: 'String', StringValue: alert.kind },
        },
      }),
    );
    return out.MessageId ?? '';
  }
}
