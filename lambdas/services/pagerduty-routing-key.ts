/**
 * Reads the PagerDuty routing key from Secrets Manager, once per container
 * (re-read after `ttlMs`, so a rotated key is picked up without a deploy).
 * The key is never logged and never part of an error message.
 *
 * The secret's SecretString is either the bare key or JSON with a
 * `routingKey` (or `routing_key`) field.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PreconditionFailed } from '../errors';

/** What the deployed secret holds until an operator puts the real key in (lib/observability). */
export const ROUTING_KEY_PLACEHOLDER = 'REPLACE_WITH_PAGERDUTY_INTEGRATION_KEY';

/** The secret still holds ROUTING_KEY_PLACEHOLDER: a first deploy whose key was never filled in (reported as its own alarm). */
export class RoutingKeyPlaceholder extends PreconditionFailed {
  /** Marks the error for the forwarder; its name stays PreconditionFailed. */
  readonly placeholder = true;
}

export interface RoutingKeySource {
  routingKey(): Promise<string>;
}

export interface SecretsManagerRoutingKeyOptions {
  ttlMs?: number;
  now?: () => number;
}

export class SecretsManagerRoutingKey implements RoutingKeySource {
  private cached?: { value: Promise<string>; at: number };
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: Pick<SecretsManagerClient, 'send'>,
    private readonly secretId: string,
    options: SecretsManagerRoutingKeyOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  routingKey(): Promise<string> {
    const t = this.now();
    if (this.cached && t - this.cached.at < this.ttlMs) return this.cached.value;
    const value = this.read();
    this.cached = { value, at: t };
    // A failed read is not cached: the next event tries again.
    value.catch(() => {
      if (this.cached?.value === value) this.cached = undefined;
    });
    return value;
  }

  private async read(): Promise<string> {
    let secret: string | undefined;
    try {
      const out = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
      secret = out.SecretString;
    } catch (err) {
      const e = err as Error;
      throw new PreconditionFailed(`cannot read the PagerDuty routing key secret ${this.secretId}: ${e.name}: ${e.message}`);
    }
    return parseRoutingKey(secret, this.secretId);
  }
}

/** Extracts the key from the secret's string; errors describe the shape, never the content. */
export function parseRoutingKey(secret: string | undefined, secretId: string): string {
  if (secret === undefined || !secret.trim()) {
    throw new PreconditionFailed(
      `secret ${secretId} has no SecretString: store the PagerDuty Events API v2 routing key as text or as {"routingKey": "..."}`,
    );
  }
  let key = secret.trim();
  if (key.startsWith('{')) {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(key) as Record<string, unknown>;
    } catch {
      throw new PreconditionFailed(
        `secret ${secretId} starts with "{" but is not valid JSON: store the key as text or as {"routingKey": "..."}`,
      );
    }
    const v = json.routingKey ?? json.routing_key;
    if (typeof v !== 'string' || !v.trim()) {
      throw new PreconditionFailed(`secret ${secretId} is JSON without a non-empty string field "routingKey" (or "routing_key")`);
    }
    key = v.trim();
  }
  if (key === ROUTING_KEY_PLACEHOLDER) {
    throw new RoutingKeyPlaceholder(
      `secret ${secretId} still holds the placeholder: put the PagerDuty Events API v2 integration key in it ` +
        `(aws secretsmanager put-secret-value --secret-id ${secretId} --secret-string '{"routingKey":"<key>"}'; see docs/runbook.md#pagerduty)`,
    );
  }
  if (/\s/.test(key)) {
    throw new PreconditionFailed(
      `secret ${secretId} holds a routing key with whitespace inside: a PagerDuty integration key is 32 letters and digits`,
    );
  }
  return key;
}
