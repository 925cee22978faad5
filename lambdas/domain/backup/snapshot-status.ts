/** Classifies RDS snapshot statuses for the wait steps. Pure. */
export type StatusClass = 'ready' | 'waiting' | 'terminal';

const WAITING = new Set(['creating', 'copying', 'pending', 'modifying', 'upgrading', 'backing-up', 'starting']);
const TERMINAL_PATTERNS = [/^failed$/, /^deleting$/, /^deleted$/, /^error$/, /^incompatible-/, /^inaccessible-/];

/**
 * `available` is ready; known transitional statuses wait; failed, deleting,
 * incompatible-* and inaccessible-encryption-credentials are terminal.
 * An unknown status waits (bounded by the state's retry budget) rather than
 * failing a backup that AWS may still complete.
 */
export function classifySnapshotStatus(status: string | undefined): StatusClass {
  const s = (status ?? '').toLowerCase();
  if (s === 'available') return 'ready';
  if (TERMINAL_PATTERNS.some((p) => p.test(s))) return 'terminal';
  if (WAITING.has(s)) return 'waiting';
  return 'waiting';
}
