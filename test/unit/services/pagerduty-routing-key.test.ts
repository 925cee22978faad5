import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { SecretsManagerRoutingKey, parseRoutingKey } from '../../../lambdas/services/pagerduty-routing-key';

const KEY = 'abcdef0123456789abcdef0123456789';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:muejam/prod/pagerduty-AbCdEf';

describe('SecretsManagerRoutingKey', () => {
  const sm = mockClient(SecretsManagerClient);
  beforeEach(() => sm.reset());

  it('reads the key once per container and caches it', async () => {
    sm.on(GetSecretValueCommand, { SecretId: SECRET }).resolves({ SecretString: KEY });
    const src = new SecretsManagerRoutingKey(new SecretsManagerClient({ region: 'eu-west-1' }), SECRET);
    expect(await src.routingKey()).toBe(KEY);
    expect(await src.routingKey()).toBe(KEY);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('re-reads after the TTL so a rotated key is picked up', async () => {
    let now = 0;
    sm.on(GetSecretValueCommand).resolvesOnce({ SecretString: KEY }).resolvesOnce({ SecretString: 'rotated0123456789abcdef012345678' });
    const src = new SecretsManagerRoutingKey(new SecretsManagerClient({ region: 'eu-west-1' }), SECRET, { ttlMs: 1000, now: () => now });
    expect(await src.routingKey()).toBe(KEY);
    now = 999;
    expect(await src.routingKey()).toBe(KEY);
    now = 1000;
    expect(await src.routingKey()).toBe('rotated0123456789abcdef012345678');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('does not cache a failed read, and names the secret (not its value) in the error', async () => {
    sm.on(GetSecretValueCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} }))
      .resolves({ SecretString: KEY });
    const src = new SecretsManagerRoutingKey(new SecretsManagerClient({ region: 'eu-west-1' }), SECRET);
    await expect(src.routingKey()).rejects.toThrow(`cannot read the PagerDuty routing key secret ${SECRET}: ResourceNotFoundException`);
    expect(await src.routingKey()).toBe(KEY);
  });

  it('accepts JSON secrets with routingKey or routing_key', async () => {
    sm.on(GetSecretValueCommand).resolvesOnce({ SecretString: JSON.stringify({ routingKey: KEY }) });
    expect(await new SecretsManagerRoutingKey(new SecretsManagerClient({ region: 'eu-west-1' }), SECRET).routingKey()).toBe(KEY);
    expect(parseRoutingKey(JSON.stringify({ routing_key: ` ${KEY} ` }), SECRET)).toBe(KEY);
  });
});

describe('parseRoutingKey', () => {
  it.each([
    [undefined, 'has no SecretString'],
    ['   ', 'has no SecretString'],
    ['{not json', 'is not valid JSON'],
    ['{"key":"x"}', 'without a non-empty string field "routingKey"'],
    ['{"routingKey":""}', 'without a non-empty string field "routingKey"'],
    ['abc def', 'with whitespace inside'],
  ])('rejects %j (%s) without echoing the value', (secret, message) => {
    let err: Error | undefined;
    try {
      parseRoutingKey(secret, SECRET);
    } catch (e) {
      err = e as Error;
    }
    expect(err?.name).toBe('PreconditionFailed');
    expect(err?.message).toContain(message);
    if (secret && secret.trim()) expect(err?.message).not.toContain(secret);
  });
});

describe('the deployed placeholder', () => {
  it('is refused with the command that fixes it', () => {
    expect(() => parseRoutingKey(JSON.stringify({ routingKey: 'REPLACE_WITH_PAGERDUTY_INTEGRATION_KEY' }), SECRET)).toThrow(
      `secret ${SECRET} still holds the placeholder: put the PagerDuty Events API v2 integration key in it (aws secretsmanager put-secret-value --secret-id ${SECRET}`,
    );
  });
});
