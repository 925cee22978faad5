/**
 * Subscribed to the alert topic: forwards workflow alerts and CloudWatch
 * alarm notifications to PagerDuty (Events API v2). Throws when an event
 * could not be delivered, so Lambda's async retries and then the SQS
 * dead-letter queue (on-failure destination) take over.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { SNSEvent } from 'aws-lambda';
import { clientsFor } from '../aws/clients';
import { PagerDutyClient } from '../services/pagerduty-client';
import { readPagerDutyConfig } from '../services/pagerduty-config';
import { PagerDutyForwarder } from '../services/pagerduty-forwarder';
import { SecretsManagerRoutingKey } from '../services/pagerduty-routing-key';

const config = readPagerDutyConfig();
const logger = new Logger({ serviceName: 'pagerduty-forwarder' });
const forwarder = new PagerDutyForwarder({
  routingKey: new SecretsManagerRoutingKey(clientsFor(config.secretRegion).secrets, config.secretId),
  client: new PagerDutyClient({
    endpoint: config.endpoint,
    maxAttempts: config.maxAttempts,
    onRetry: (r) => logger.warn('PagerDuty delivery retried', { ...r }),
  }),
  log: logger,
});

export const handler = (event: SNSEvent) => forwarder.forward(event);
