/** Classifies RDS instance statuses for the restore wait step. Pure. */
export type InstanceStatusClass = 'ready' | 'waiting' | 'terminal';

const TERMINAL = [
  /^failed$/,
  /^restore-error$/,
  /^incompatible-/,
  /^inaccessible-encryption-credentials/,
  /^deleting$/,
  /^deleted$/,
  /^stopp/,
  /^storage-full$/,
];

/**
 * `available` is ready; failed, restore-error, incompatible-*, inaccessible-encryption-credentials*,
 * deleting, stopped/stopping and storage-full are terminal (the restore will never become usable
 * on its own); anything else (creating, backing-up, modifying, configuring-*, rebooting...) waits,
 * bounded by the state's retry budget.
 */
export function classifyInstanceStatus(status: string | undefined): InstanceStatusClass {
  const s = (status ?? '').toLowerCase();
  if (s === 'available') return 'ready';
  if (TERMINAL.some((p) => p.test(s))) return 'terminal';
  return 'waiting';
}
