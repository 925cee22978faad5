/** The plan as a table (the CLI prints it before anything is deleted). Pure. */
import type { RetentionDecision } from './types';

export const PLAN_TABLE_HEADERS = ['region', 'snapshot', 'created (UTC)', 'action', 'rule', 'verified', 'policy ends (UTC)', 'reason'];

const minute = (iso?: string) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '-');

export function planTableRows(decisions: RetentionDecision[]): string[][] {
  return decisions.map((d) => [
    d.region,
    d.id,
    minute(d.createdAt),
    d.action.toUpperCase(),
    d.rule,
    d.verified === undefined ? '-' : d.verified ? 'yes' : 'no',
    minute(d.expiresAt),
    d.reason,
  ]);
}
