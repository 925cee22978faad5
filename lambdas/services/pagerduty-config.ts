/**
 * The forwarder's environment: set by lib/observability (CDK) and by the
 * local rehearsal. The routing key itself is never here: only the id of the
 * Secrets Manager secret that holds it.
 */
import { InvalidInput } from '../errors';

export const PAGERDUTY_US_ENDPOINT = 'https://events.pagerduty.com/v2/enqueue';
export const PAGERDUTY_EU_ENDPOINT = 'https://events.eu.pagerduty.com/v2/enqueue';

export const PAGERDUTY_ENV = {
  secretId: 'PAGERDUTY_ROUTING_KEY_SECRET_ID',
  endpoint: 'PAGERDUTY_EVENTS_URL',
  maxAttempts: 'PAGERDUTY_MAX_ATTEMPTS',
} as const;

export interface PagerDutyConfig {
  /** ARN or name of the secret holding the Events API v2 routing (integration) key. */
  secretId: string;
  /** Events API v2 enqueue URL: US by default, EU for accounts on PagerDuty's EU service. */
  endpoint: string;
  /** HTTP attempts per event before the invocation fails (then Lambda's async retries, then the DLQ). */
  maxAttempts: number;
  /** Region of the secret: taken from the ARN, else the Lambda's own region. */
  secretRegion: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** https://..., or http:// to a loopback receiver (the local rehearsal and tests). */
export function validateEndpoint(value: string, field = `env ${PAGERDUTY_ENV.endpoint}`): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidInput(field, `must be a URL such as ${PAGERDUTY_US_ENDPOINT} or ${PAGERDUTY_EU_ENDPOINT}`);
  }
  if (url.protocol === 'https:') return url.toString();
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return url.toString();
  throw new InvalidInput(field, 'must use https:// (http:// is allowed only for a loopback receiver: localhost, 127.0.0.1, [::1])');
}

export function readPagerDutyConfig(env: NodeJS.ProcessEnv = process.env): PagerDutyConfig {
  const secretId = env[PAGERDUTY_ENV.secretId]?.trim();
  if (!secretId) {
    throw new InvalidInput(
      `env ${PAGERDUTY_ENV.secretId}`,
      'is required: the ARN or name of the Secrets Manager secret holding the PagerDuty routing key',
    );
  }
  const endpoint = validateEndpoint(env[PAGERDUTY_ENV.endpoint]?.trim() || PAGERDUTY_US_ENDPOINT);
  const rawAttempts = env[PAGERDUTY_ENV.maxAttempts]?.trim();
  const maxAttempts = rawAttempts ? Number(rawAttempts) : 4;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 10) {
    throw new InvalidInput(`env ${PAGERDUTY_ENV.maxAttempts}`, 'must be a whole number from 1 to 10');
  }
  const arnRegion = secretId.startsWith('arn:') ? secretId.split(':')[3] : '';
  const secretRegion = arnRegion || env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || '';
  if (!secretRegion) {
    throw new InvalidInput(
      `env ${PAGERDUTY_ENV.secretId}`,
      'is a secret name and AWS_REGION is not set: give the secret ARN or set AWS_REGION',
    );
  }
  return { secretId, endpoint, maxAttempts, secretRegion };
}
