/**
 * The failover's own step errors (the ASL matches their names). A refusal is
 * not a fault: it means a guard said no and nothing was changed.
 */

/** A guard refused the failover; the message lists every guard with its evidence. Nothing was changed. */
export class FailoverRefused extends Error {
  override readonly name = 'FailoverRefused';
}

/** Another failover of the same database holds the lock (single flight). Nothing was changed. */
export class FailoverLockHeld extends Error {
  override readonly name = 'FailoverLockHeld';
}

/** A step after promotion failed; the message carries the exact command to finish by hand. */
export class FailoverStepFailed extends Error {
  override readonly name = 'FailoverStepFailed';
}
