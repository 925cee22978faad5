/**
 * "Did you mean ...?" for unknown keys: the known key nearest to a typo.
 * Pure; shared by lib/config (CDK context, CLI -c) and every workflow input schema.
 */

/** Optimal-string-alignment edit distance (insert, delete, substitute, swap two neighbours): "dryrun" -> "dryRun" is 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known key nearest to `key`: case-insensitive equality first, then the smallest
 * edit distance if it is at most max(2, a third of the key's length). Undefined when nothing is close.
 */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase) return sameCase;
  // A key typed without its qualifier ("nodetype" for "cacheNodeType").
  const contained = known.filter((k) => lower.length >= 4 && k.toLowerCase().includes(lower));
  if (contained.length === 1) return contained[0];
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const dist = editDistance(lower, k.toLowerCase());
    if (dist < bestDistance) {
      best = k;
      bestDistance = dist;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/** The sentence for an unknown key: "unknown field `dryrun`; did you mean `dryRun`? allowed: ...". */
export function unknownKeyMessage(key: string, known: readonly string[], noun = 'field'): string {
  const near = nearestKey(key, known);
  const hint = near ? `; did you mean \`${near}\`?` : ';';
  return `unknown ${noun} \`${key}\`${hint} allowed: ${known.join(', ')}`;
}
