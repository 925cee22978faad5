/**
 * The in-process delete loop of a retention run (cleanupOldBackups: the CLI against an
 * emulator, BackupService): bounded parallel deletes, a throttled delete retried with
 * full-jitter backoff, every other failure kept as a failed outcome (never dropped).
 */
import { isThrottling, Throttled } from '../errors';
import type { DeleteOutcome, DeleteRequest } from '../domain/retention/report';

export interface DeleteLoopOptions {
  /** Parallel deletes (default 4). */
  concurrency?: number;
  /** Attempts per snapshot while throttled (default 6). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Runs `deleteOne` for every request; the outcomes are in the order of `deletes`. */
export async function deleteAllWithBackoff(
  deletes: DeleteRequest[],
  deleteOne: (d: DeleteRequest) => Promise<DeleteOutcome>,
  options: DeleteLoopOptions = {},
): Promise<DeleteOutcome[]> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 6);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const outcomes: DeleteOutcome[] = new Array(deletes.length);
  let next = 0;
  const worker = async () => {
    while (next < deletes.length) {
      const i = next++;
      const d = deletes[i];
      for (let attempt = 1; ; attempt++) {
        try {
          outcomes[i] = await deleteOne(d);
          break;
        } catch (err) {
          if (err instanceof Throttled && attempt < maxAttempts) {
            // Full jitter: random in [0, 500 ms * 2^(attempt-1)], capped at 20 s.
            await sleep(Math.random() * Math.min(20_000, 500 * 2 ** (attempt - 1)));
            continue;
          }
          const e = err as Error;
          outcomes[i] = {
            region: d.region,
            snapshotId: d.snapshotId,
            outcome: 'failed',
            error: isThrottling(err) || err instanceof Throttled ? 'Throttled' : e.name || 'Error',
            detail: e.message,
          };
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, deletes.length) }, worker));
  return outcomes;
}
