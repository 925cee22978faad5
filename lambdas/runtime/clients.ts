/**
 * The one place SDK v3 clients are made: `client(RDSClient, 'us-east-1')`.
 * Clients are created lazily, once per class, region and container, and honour
 * AWS_ENDPOINT_URL (moto_server, LocalStack), so the same code runs against
 * AWS and against the embedded emulator. Taking the client class as an
 * argument keeps each Lambda bundle to the SDK clients its step really uses.
 */
import { endpointOverride } from './runtime-config';

/** Any SDK v3 client class. */
export type ClientClass<T> = new (config: any) => T;

/** Gives the client of one class and region. Services take this by injection. */
export type ClientFactory = <T>(cls: ClientClass<T>, region: string) => T;

export interface ClientOptions {
  endpoint?: string;
  /** SDK-level attempts; Step Functions Retry handles the long waits. */
  maxAttempts?: number;
}

/** A factory with its own cache (tests and the local runner make their own). */
export function makeClientFactory(options: ClientOptions = {}): ClientFactory {
  const made = new Map<ClientClass<unknown>, Map<string, unknown>>();
  return <T>(cls: ClientClass<T>, region: string): T => {
    let byRegion = made.get(cls);
    if (!byRegion) {
      byRegion = new Map();
      made.set(cls, byRegion);
    }
    let c = byRegion.get(region) as T | undefined;
    if (!c) {
      c = new cls({
        region,
        maxAttempts: options.maxAttempts ?? 4,
        // forcePathStyle: S3 on an emulator endpoint; the other clients ignore it.
        ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      });
      byRegion.set(region, c);
    }
    return c;
  };
}

let shared: ClientFactory | undefined;
let sharedEndpoint: string | undefined;

/** Process-wide clients, honouring AWS_ENDPOINT_URL (re-read so the local runner can switch emulators). */
export const awsClient: ClientFactory = (cls, region) => {
  const endpoint = endpointOverride();
  if (!shared || endpoint !== sharedEndpoint) {
    shared = makeClientFactory({ endpoint });
    sharedEndpoint = endpoint;
  }
  return shared(cls, region);
};
