/**
 * Verification of a backup: the primary snapshot and its backup-region copy,
 * checked against what they must be. Pure: the service gathers the facts.
 */
export interface SnapshotFacts {
  id: string;
  arn: string;
  region: string;
  status: string;
  encrypted: boolean;
  kmsKeyId?: string;
  engine?: string;
  engineVersion?: string;
  allocatedStorage?: number;
}

export interface VerificationCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface VerificationResult {
  isValid: boolean;
  checks: VerificationCheck[];
}

/** `arn:aws:kms:r:a:key/abc` and `abc` both give `abc`. */
export function keyIdOf(keyArnOrId: string | undefined): string | undefined {
  if (!keyArnOrId) return undefined;
  const i = keyArnOrId.lastIndexOf('key/');
  return i >= 0 ? keyArnOrId.slice(i + 4) : keyArnOrId;
}

function check(name: string, ok: boolean, good: string, bad: string): VerificationCheck {
  return { name, ok, detail: ok ? good : bad };
}

function snapshotChecks(label: string, s: SnapshotFacts, expectedKeyArn: string): VerificationCheck[] {
  return [
    check(
      `${label} available`,
      s.status === 'available',
      `${s.id} is available in ${s.region}`,
      `${s.id} in ${s.region} is "${s.status}", not available`,
    ),
    check(`${label} encrypted`, s.encrypted, `${s.id} is encrypted (AES-256, KMS)`, `${s.id} in ${s.region} is NOT encrypted`),
    check(
      `${label} KMS key`,
      keyIdOf(s.kmsKeyId) === keyIdOf(expectedKeyArn),
      `${s.id} uses ${s.kmsKeyId}`,
      `${s.id} in ${s.region} uses key ${s.kmsKeyId ?? '(none)'}, expected ${expectedKeyArn}`,
    ),
  ];
}

/** Every check, in order; the backup is valid only when all pass. */
export function verifySnapshotPair(o: {
  source: SnapshotFacts;
  copy: SnapshotFacts;
  expectedSourceKeyArn: string;
  expectedCopyKeyArn: string;
}): VerificationResult {
  const { source, copy } = o;
  const same = (what: string, a: unknown, b: unknown) =>
    check(
      `copy ${what} matches source`,
      a !== undefined && a === b,
      `${what} ${String(a)}`,
      `${what}: source ${String(a)}, copy ${String(b)}`,
    );
  const checks = [
    ...snapshotChecks('source', source, o.expectedSourceKeyArn),
    ...snapshotChecks('copy', copy, o.expectedCopyKeyArn),
    check(
      'copy in backup region',
      copy.region !== source.region,
      `copy is in ${copy.region}`,
      `copy is in the same region as the source (${copy.region})`,
    ),
    same('engine', source.engine, copy.engine),
    same('engine version', source.engineVersion, copy.engineVersion),
    same('allocated storage (GiB)', source.allocatedStorage, copy.allocatedStorage),
  ];
  return { isValid: checks.every((c) => c.ok), checks };
}

/** One line naming every failed check, for alerts. */
export function describeFailures(r: VerificationResult): string {
  return r.checks
    .filter((c) => !c.ok)
    .map((c) => `${c.name}: ${c.detail}`)
    .join('; ');
}
