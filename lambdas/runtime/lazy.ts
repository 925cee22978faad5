/**
 * One per-container singleton helper for every handler: `lazy(make, key)` makes
 * the value on first use (so a configuration error is a clear step failure, not
 * an import crash) and keeps it for the container's life. `key` says what the value
 * depends on (by default the runtime configuration): in Lambda it never changes;
 * in-process runs (tests, the rehearsal) may switch deployments between runs, and
 * then the value is made again.
 */
import { type RuntimeConfig, readRuntimeConfig } from './runtime-config';

export function lazy<T, K = RuntimeConfig>(make: (key: K) => T, key: () => K = readRuntimeConfig as unknown as () => K): () => T {
  let made: { key: string; value: T } | undefined;
  return () => {
    const k = key();
    const text = JSON.stringify(k);
    if (made === undefined || made.key !== text) made = { key: text, value: make(k) };
    return made.value;
  };
}
