/**
 * The checks on a restored instance before it is reported usable: available, encrypted with the
 * expected key, the source's engine and version, at least the source's storage. Pure.
 */
export interface RestoredFacts {
  status?: string;
  encrypted: boolean;
  kmsKeyId?: string;
  engine?: string;
  engineVersion?: string;
  allocatedStorage?: number;
}

export interface RestoreExpectations {
  /** Key ARN (or id) the data must be encrypted with. */
  kmsKeyId?: string;
  engine?: string;
  engineVersion?: string;
  allocatedStorage?: number;
}

export interface RestoreCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** Key ids compared by their last segment (an ARN `.../key/<id>` and the bare id are the same key). */
export function sameKey(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const id = (k: string) => k.split('/').pop()!.toLowerCase();
  return id(a) === id(b);
}

export function verifyRestoredInstance(f: RestoredFacts, e: RestoreExpectations): { isValid: boolean; checks: RestoreCheck[] } {
  const checks: RestoreCheck[] = [
    { name: 'available', ok: f.status === 'available', detail: `status is "${f.status ?? 'unknown'}"` },
    { name: 'encrypted', ok: f.encrypted, detail: f.encrypted ? 'storage is encrypted' : 'storage is NOT encrypted' },
    {
      name: 'kms key',
      ok: f.encrypted && (!e.kmsKeyId || sameKey(f.kmsKeyId, e.kmsKeyId)),
      detail: `key ${f.kmsKeyId ?? '(none)'}, expected ${e.kmsKeyId ?? '(any customer key)'}`,
    },
    { name: 'engine', ok: !e.engine || f.engine === e.engine, detail: `engine ${f.engine ?? '?'}, expected ${e.engine ?? '(any)'}` },
    {
      name: 'engine version',
      ok: !e.engineVersion || f.engineVersion === e.engineVersion,
      detail: `version ${f.engineVersion ?? '?'}, expected ${e.engineVersion ?? '(any)'}`,
    },
    {
      name: 'storage',
      ok: e.allocatedStorage === undefined || (f.allocatedStorage ?? 0) >= e.allocatedStorage,
      detail: `${f.allocatedStorage ?? '?'} GiB, source ${e.allocatedStorage ?? '?'} GiB`,
    },
  ];
  return { isValid: checks.every((c) => c.ok), checks };
}

export function describeFailedChecks(checks: readonly RestoreCheck[]): string {
  return checks
    .filter((c) => !c.ok)
    .map((c) => `${c.name}: ${c.detail}`)
    .join('; ');
}
