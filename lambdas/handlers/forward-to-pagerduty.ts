/**
 * Subscribed to the alert topic: forwards workflow alerts and CloudWatch
 * alarm notifications to PagerDuty (Events API v2). Throws when an event
 * could not be delivered, so Lambda's async retries and then the SQS
 * dead-letter queue (on-failure destination) take over.
 */
import type { SNSEvent } from 'aws-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { METRICS } from '../domain/metrics/catalog';
import { awsClient } from '../runtime/clients';
import { lazy } from '../runtime/lazy';
import { logger } from '../runtime/powertools';
import { publishMetricPoints } from '../runtime/publish-metrics';
import { stepHandler } from '../runtime/step-handler';
import { PagerDutyClient } from '../services/pagerduty-client';
import { readPagerDutyConfig } from '../services/pagerduty-config';
import { PagerDutyForwarder } from '../services/pagerduty-forwarder';
import { SecretsManagerRoutingKey } from '../services/pagerduty-routing-key';

// Made on first use (once per container), so a configuration error is a clear invocation error.
const forwarder = /* @__PURE__ */ lazy(
  (config) =>
    new PagerDutyForwarder({
      routingKey: new SecretsManagerRoutingKey(awsClient(SecretsManagerClient, config.secretRegion), config.secretId),
      client: new PagerDutyClient({
        endpoint: config.endpoint,
        maxAttempts: config.maxAttempts,
        onRetry: (r) => logger.warn('PagerDuty delivery retried', { ...r }),
      }),
      log: logger,
      // Its own alarm (pagerduty-routing-key-placeholder), sent to the alert-health topic, not through this forwarder.
      onPlaceholderKey: () => publishMetricPoints([{ metric: METRICS.routingKeyPlaceholder, value: 1, dimensions: {} }]),
    }),
  () => readPagerDutyConfig(),
);

export const handler = stepHandler('forward-to-pagerduty', (event: SNSEvent) => forwarder().forward(event));
