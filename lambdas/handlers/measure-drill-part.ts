/**
 * DR drill: one part's outcome and timeline from what its steps left in the state (pure:
 * lambdas/domain/drill/part-measure.ts). Never throws for a failed part: the report judges it.
 * In: { part: "inventory"|"restore"|"pitr"|"failover", since, state }   Out: PartRecord
 */
import { InvalidInput } from '../errors';
import type { InventoryResult } from '../domain/drill/inventory';
import {
  type CaughtError,
  type FailoverPartState,
  type PartRecord,
  type RestorePartState,
  errorText,
  measureFailoverPart,
  measureRestorePart,
} from '../domain/drill/part-measure';
import { stepHandler } from '../runtime/step-handler';

type Input = { part?: string; since?: string; state?: unknown };

function inventoryRecord(
  since: string,
  s: (Partial<InventoryResult> & { finishedAt?: string; error?: CaughtError }) | undefined,
  now: Date,
): PartRecord {
  const end = s?.finishedAt ?? now.toISOString();
  const outcome = s?.outcome ?? {
    name: 'inventory',
    result: 'error' as const,
    durationS: null,
    rtoS: null,
    rpoS: null,
    detail: `inventory failed: ${errorText(s?.error)}`,
  };
  const durationS = Math.max(0, Math.round((Date.parse(end) - Date.parse(since)) / 1000));
  const status = outcome.result === 'completed' ? 'passed' : 'failed';
  return {
    outcome: { ...outcome, durationS },
    steps: [
      {
        name: 'backups in both regions, verified, within RPO',
        test: 'inventory',
        startedAt: since,
        endedAt: end < since ? since : end,
        status,
      },
    ],
    endedAt: end,
  };
}

export const handler = stepHandler('measure-drill-part', (e: Input): PartRecord => {
  const since = e.since ?? '';
  if (Number.isNaN(Date.parse(since))) throw new InvalidInput('since', 'must be the ISO time the part started');
  const now = new Date();
  switch (e.part) {
    case 'inventory':
      return inventoryRecord(since, e.state as Parameters<typeof inventoryRecord>[1], now);
    case 'restore':
    case 'pitr':
      return measureRestorePart(e.part, (e.state ?? {}) as RestorePartState, since, now);
    case 'failover':
      return measureFailoverPart((e.state ?? {}) as FailoverPartState, since, now);
    default:
      throw new InvalidInput('part', 'must be one of inventory, restore, pitr, failover');
  }
});
