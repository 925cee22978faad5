/**
 * Typed errors thrown by step handlers. Step Functions matches Retry/Catch on
 * the error's `name`, so each class sets a stable name that the ASL files use.
 */

/**
 * The base of every typed step error. `name` is what the ASL Retry/Catch rules
 * match (so it is fixed per class, never minified away); `cause` keeps the SDK
 * error that was wrapped, for the logs and the alert.
 */
export abstract class StepError extends Error {
  abstract override name: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** The resource is still being created/copied: the state's Retry does the waiting. */
export class NotReady extends StepError {
  override name = 'NotReady';
}

/** The resource reached a status it will never leave (failed, incompatible-*, deleting...). */
export class TerminalStatus extends StepError {
  override name = 'TerminalStatus';
}

/** Operator or schedule input is invalid: names the field and what is allowed. Nothing was changed. */
export class InvalidInput extends StepError {
  override name = 'InvalidInput';

  constructor(
    readonly field: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${field}: ${detail}`, options);
  }
}

/** A precondition of the environment is not met (missing KMS key, default aws/rds key, quota...). */
export class PreconditionFailed extends StepError {
  override name = 'PreconditionFailed';
}

/** A verification found a backup that is not what it must be. */
export class VerificationFailed extends StepError {
  override name = 'VerificationFailed';
}

/** AWS throttled us or a quota is momentarily exhausted: retried with backoff by the state's Retry. The SDK error is the `cause`. */
export class Throttled extends StepError {
  override name = 'Throttled';
}

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SnapshotQuotaExceeded',
  'SnapshotQuotaExceededFault',
  'InsufficientDBInstanceCapacity',
]);

/** True when an AWS SDK error means "slow down and try again". */
export function isThrottling(err: unknown): boolean {
  const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number }; message?: string };
  if (!e) return false;
  if (e.name && THROTTLING_CODES.has(e.name)) return true;
  if (e.Code && THROTTLING_CODES.has(e.Code)) return true;
  // RDS reports the concurrent cross-region copy limit as a quota fault with this wording.
  return typeof e.message === 'string' && /concurrent .*cop(y|ies)|rate exceeded/i.test(e.message);
}

/** The AWS error code of an SDK v3 error, or undefined. */
export function awsErrorCode(err: unknown): string | undefined {
  const e = err as { name?: string; Code?: string };
  return e?.Code ?? e?.name;
}
