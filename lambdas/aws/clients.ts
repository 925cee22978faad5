/**
 * The one place SDK v3 clients are made. Clients are created lazily, once per
 * region and container, and honour AWS_ENDPOINT_URL (moto_server, LocalStack)
 * so the same code runs against AWS and against the embedded emulator.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { KMSClient } from '@aws-sdk/client-kms';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';

export interface AwsClients {
  readonly region: string;
  readonly rds: RDSClient;
  readonly kms: KMSClient;
  readonly sns: SNSClient;
  readonly s3: S3Client;
  readonly elasticache: ElastiCacheClient;
  readonly cloudwatch: CloudWatchClient;
  readonly sfn: SFNClient;
  readonly secrets: SecretsManagerClient;
}

/** Gives the clients of one region. Services take this by injection. */
export type ClientFactory = (region: string) => AwsClients;

export interface ClientOptions {
  endpoint?: string;
  /** SDK-level retries; Step Functions Retry handles the long waits. */
  maxAttempts?: number;
}

function commonConfig(region: string, o: ClientOptions) {
  return {
    region,
    maxAttempts: o.maxAttempts ?? 4,
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
  };
}

class LazyClients implements AwsClients {
  private readonly made = new Map<string, unknown>();
  constructor(
    readonly region: string,
    private readonly options: ClientOptions,
  ) {}
  private get<T>(key: string, make: () => T): T {
    if (!this.made.has(key)) this.made.set(key, make());
    return this.made.get(key) as T;
  }
  get rds() { return this.get('rds', () => new RDSClient(commonConfig(this.region, this.options))); }
  get kms() { return this.get('kms', () => new KMSClient(commonConfig(this.region, this.options))); }
  get sns() { return this.get('sns', () => new SNSClient(commonConfig(this.region, this.options))); }
  get s3() {
    return this.get('s3', () => new S3Client({ ...commonConfig(this.region, this.options), forcePathStyle: Boolean(this.options.endpoint) }));
  }
  get elasticache() { return this.get('elasticache', () => new ElastiCacheClient(commonConfig(this.region, this.options))); }
  get cloudwatch() { return this.get('cloudwatch', () => new CloudWatchClient(commonConfig(this.region, this.options))); }
  get sfn() { return this.get('sfn', () => new SFNClient(commonConfig(this.region, this.options))); }
  get secrets() { return this.get('secrets', () => new SecretsManagerClient(commonConfig(this.region, this.options))); }
}

/** A factory with its own cache; `clientsFor` below is the process-wide one. */
export function makeClientFactory(options: ClientOptions = {}): ClientFactory {
  const byRegion = new Map<string, AwsClients>();
  return (region: string) => {
    let c = byRegion.get(region);
    if (!c) {
      c = new LazyClients(region, options);
      byRegion.set(region, c);
    }
    return c;
  };
}

let defaultFactory: ClientFactory | undefined;
let defaultEndpoint: string | undefined;

/** Process-wide clients, honouring AWS_ENDPOINT_URL at first use (and when it changes, for the local runner). */
export const clientsFor: ClientFactory = (region) => {
  const endpoint = process.env.AWS_ENDPOINT_URL || undefined;
  if (!defaultFactory || endpoint !== defaultEndpoint) {
    defaultFactory = makeClientFactory({ endpoint });
    defaultEndpoint = endpoint;
  }
  return defaultFactory(region);
};
