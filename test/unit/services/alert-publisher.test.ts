import { mockClient } from 'aws-sdk-client-mock';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { makeClientFactory } from '../../../lambdas/runtime/clients';
import { AlertPublisher } from '../../../lambdas/services/alert-publisher';
import { localRuntimeConfig } from '../../../local/local-environment';

const sns = mockClient(SNSClient);
const config = localRuntimeConfig({ deploymentId: 'prod' });
const publisher = new AlertPublisher(config, makeClientFactory(), () => new Date('2026-11-24T06:01:00Z'));
const execution = {
  Id: 'arn:aws:states:us-east-1:1:execution:muejam-backup-dr-prod-database-backup:e1',
  Input: { dbInstanceIdentifier: 'muejam-db-prod' },
};

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

describe('AlertPublisher.publishFailure', () => {
  it('publishes which resource, which step, the cause and the execution', async () => {
    const lambdaCause = JSON.stringify({ errorType: 'PreconditionFailed', errorMessage: 'KMS key alias/x not found in us-west-2' });
    const r = await publisher.publishFailure({
      workflow: 'database-backup',
      severity: 'critical',
      failedStep: 'copy to backup region',
      error: { Error: 'PreconditionFailed', Cause: lambdaCause },
      execution,
    });
    expect(r.messageId).toBe('m-1');
    const input = sns.commandCalls(PublishCommand)[0].args[0].input;
    expect(input.TopicArn).toBe(config.alertTopicArn);
    expect(input.Subject).toBe('FAILED: database-backup muejam-db-prod');
    const alert = JSON.parse(input.Message!);
    expect(alert).toMatchObject({
      kind: 'failure',
      deployment: 'prod',
      workflow: 'database-backup',
      resource: 'muejam-db-prod',
      step: 'copy to backup region',
      error: 'PreconditionFailed',
      cause: 'KMS key alias/x not found in us-west-2',
      severity: 'critical',
      executionArn: execution.Id,
      dedupKey: 'muejam-backup-dr/prod/database-backup/muejam-db-prod',
      time: '2026-11-24T06:01:00.000Z',
    });
    expect(alert.consoleUrl).toBe(
      `https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/${execution.Id}`,
    );
    expect(alert.summary).toBe(
      '[prod] database-backup failed for muejam-db-prod at step "copy to backup region": PreconditionFailed: KMS key alias/x not found in us-west-2',
    );
  });

  it('keeps a States.* cause that is plain text, and names an unknown resource plainly', async () => {
    await publisher.publishFailure({
      workflow: 'database-backup',
      failedStep: 'wait for snapshot',
      error: { Error: 'States.Timeout', Cause: 'Task timed out' },
      execution: { Id: 'arn:x', Input: {} },
    });
    const alert = JSON.parse(sns.commandCalls(PublishCommand)[0].args[0].input.Message!);
    expect(alert.cause).toBe('Task timed out');
    expect(alert.resource).toBe('(not named in the input)');
  });

  it('validates its own input', async () => {
    await expect(publisher.publishFailure({ workflow: '' })).rejects.toThrow('workflow: is required');
    await expect(publisher.publishFailure({ workflow: 'w', severity: 'panic' })).rejects.toThrow(
      'severity: must be one of critical, warning, info',
    );
    expect(sns.calls()).toHaveLength(0);
  });
});
