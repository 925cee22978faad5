/**
 * Database credentials from a Secrets Manager secret holding `{"username", "password"}` (a
 * configured secret or an RDS-managed master secret, `ManageMasterUserPassword`), for the SQL
 * checks of the restore test and the write probe after a failover. The secret is read in its own
 * region (from its ARN). Every problem is an Error naming the secret and what is wrong with it;
 * the credentials themselves never appear in a message.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ClientFactory } from '../runtime/clients';

export interface DatabaseCredentials {
  user: string;
  password: string;
  /** Where they came from (never the credentials): a description and the secret's ARN. */
  from: string;
}

const regionOfArn = (arn: string) => arn.split(':')[3];

/**
 * Reads `{username, password}` from the secret `arn`. `fallbackUser` (the instance's master user
 * name) stands in for a secret without a username; `from` says which secret this is in messages.
 */
export async function readSecretCredentials(
  clients: ClientFactory,
  secret: { arn: string; from: string },
  fallbackRegion: string,
  fallbackUser?: string,
): Promise<DatabaseCredentials> {
  const { arn } = secret;
  let text: string | undefined;
  try {
    text = (await clients(SecretsManagerClient, regionOfArn(arn) || fallbackRegion).send(new GetSecretValueCommand({ SecretId: arn })))
      .SecretString;
  } catch (err) {
    throw new Error(`secret ${arn} is unreadable: ${(err as Error).name}: ${(err as Error).message}`);
  }
  let parsed: { username?: string; password?: string };
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    throw new Error(`secret ${arn} is not JSON with "username" and "password"`);
  }
  const user = parsed?.username ?? fallbackUser;
  if (!user || !parsed?.password) throw new Error(`secret ${arn} has no ${parsed?.password ? 'username' : 'password'}`);
  return { user, password: parsed.password, from: `${secret.from} ${arn}` };
}
