import {
  PAGERDUTY_EU_ENDPOINT,
  PAGERDUTY_US_ENDPOINT,
  readPagerDutyConfig,
  validateEndpoint,
} from '../../../lambdas/services/pagerduty-config';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:muejam/prod/pagerduty-AbCdEf';

describe('readPagerDutyConfig', () => {
  it('defaults to the US endpoint and 4 attempts; the secret region comes from the ARN', () => {
    expect(readPagerDutyConfig({ PAGERDUTY_ROUTING_KEY_SECRET_ID: ARN, AWS_REGION: 'us-east-1' })).toEqual({
      secretId: ARN,
      endpoint: PAGERDUTY_US_ENDPOINT,
      maxAttempts: 4,
      secretRegion: 'eu-west-1',
    });
  });

  it('takes the EU endpoint, a loopback receiver, and the Lambda region for a secret name', () => {
    expect(
      readPagerDutyConfig({
        PAGERDUTY_ROUTING_KEY_SECRET_ID: 'muejam/prod/pagerduty',
        PAGERDUTY_EVENTS_URL: PAGERDUTY_EU_ENDPOINT,
        AWS_REGION: 'eu-central-1',
        PAGERDUTY_MAX_ATTEMPTS: '6',
      }),
    ).toEqual({
      secretId: 'muejam/prod/pagerduty',
      endpoint: PAGERDUTY_EU_ENDPOINT,
      maxAttempts: 6,
      secretRegion: 'eu-central-1',
    });
    expect(validateEndpoint('http://127.0.0.1:4567/v2/enqueue')).toBe('http://127.0.0.1:4567/v2/enqueue');
    expect(validateEndpoint('http://localhost:1/x')).toBe('http://localhost:1/x');
  });

  it.each([
    [{}, 'env PAGERDUTY_ROUTING_KEY_SECRET_ID: is required'],
    [{ PAGERDUTY_ROUTING_KEY_SECRET_ID: 'name-only' }, 'give the secret ARN or set AWS_REGION'],
    [
      { PAGERDUTY_ROUTING_KEY_SECRET_ID: ARN, PAGERDUTY_EVENTS_URL: 'events.pagerduty.com' },
      'env PAGERDUTY_EVENTS_URL: must be a URL such as',
    ],
    [{ PAGERDUTY_ROUTING_KEY_SECRET_ID: ARN, PAGERDUTY_EVENTS_URL: 'http://events.pagerduty.com/v2/enqueue' }, 'must use https://'],
    [
      { PAGERDUTY_ROUTING_KEY_SECRET_ID: ARN, PAGERDUTY_MAX_ATTEMPTS: '0' },
      'env PAGERDUTY_MAX_ATTEMPTS: must be a whole number from 1 to 10',
    ],
    [{ PAGERDUTY_ROUTING_KEY_SECRET_ID: ARN, PAGERDUTY_MAX_ATTEMPTS: '2.5' }, 'must be a whole number from 1 to 10'],
    [{ PAGERDUTY_ROUTING_KEY_SECRET_ID: ARN, PAGERDUTY_MAX_ATTEMPTS: '11' }, 'must be a whole number from 1 to 10'],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => readPagerDutyConfig(env as NodeJS.ProcessEnv)).toThrow(message);
  });
});
