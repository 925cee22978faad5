/** Maps SDK errors to the typed step errors the ASL Retry/Catch rules understand. */
import { awsErrorCode, isThrottling, Throttled } from '../errors';

/** Re-throws throttling as `Throttled` (retried with backoff by the state), anything else unchanged. The SDK error stays the `cause`. */
export function rethrowTyped(err: unknown, what: string): never {
  if (isThrottling(err)) {
    throw new Throttled(`${what}: AWS throttled the request (${awsErrorCode(err)}): ${(err as Error).message}`, { cause: err });
  }
  throw err;
}

export function hasCode(err: unknown, ...codes: string[]): boolean {
  const c = awsErrorCode(err);
  return c !== undefined && codes.some((x) => c === x || c === `${x}Fault`);
}
