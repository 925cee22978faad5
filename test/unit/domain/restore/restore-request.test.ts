/** Every refusal of a database restore request that needs no AWS read: field named, allowed values given. */
import { validateDbRestoreRequest } from '../../../../lambdas/domain/restore/restore-request';

const CTX = { primaryRegion: 'us-east-1', backupRegion: 'us-west-2', databases: ['muejam-db-prod', 'muejam-db-reports'] };
const SNAPSHOT = {
  dbInstanceIdentifier: 'muejam-db-prod',
  targetDbInstanceIdentifier: 'muejam-db-restored',
  region: 'backup',
  snapshotId: 'latest',
};
const PITR = {
  dbInstanceIdentifier: 'muejam-db-prod',
  targetDbInstanceIdentifier: 'muejam-db-pitr',
  region: 'primary',
  restoreTime: '2026-12-03T04:10:00Z',
};

function refusal(input: unknown): { name: string; field: string; message: string } {
  try {
    validateDbRestoreRequest(input, CTX);
  } catch (e) {
    return e as { name: string; field: string; message: string };
  }
  throw new Error('expected a refusal');
}

test('a snapshot restore request: latest in the backup region, default purpose "restore"', () => {
  expect(validateDbRestoreRequest(SNAPSHOT, CTX)).toEqual({
    dbInstanceIdentifier: 'muejam-db-prod',
    targetDbInstanceIdentifier: 'muejam-db-restored',
    regionRole: 'backup',
    region: 'us-west-2',
    source: { kind: 'snapshot', snapshotId: 'latest', allowUnverified: false },
    purpose: 'restore',
  });
});

test('a PITR request: the time is normalized to UTC; latest stays "latest"; the caller may set its purpose', () => {
  expect(validateDbRestoreRequest({ ...PITR, restoreTime: '2026-12-03T06:10:00+02:00' }, CTX).source).toEqual({
    kind: 'pitr',
    restoreTime: '2026-12-03T04:10:00.000Z',
  });
  const r = validateDbRestoreRequest({ ...PITR, restoreTime: 'latest', purpose: 'dr-drill' }, CTX);
  expect(r.source).toEqual({ kind: 'pitr', restoreTime: 'latest' });
  expect(r.purpose).toBe('dr-drill');
  expect(r.region).toBe('us-east-1');
});

test.each([
  [
    'unknown database',
    { ...SNAPSHOT, dbInstanceIdentifier: 'muejam-db-other' },
    'dbInstanceIdentifier',
    'this deployment protects: muejam-db-prod, muejam-db-reports',
  ],
  [
    'target equals a protected database',
    { ...SNAPSHOT, targetDbInstanceIdentifier: 'muejam-db-reports' },
    'targetDbInstanceIdentifier',
    'is a database this deployment protects',
  ],
  [
    'target in upper case (RDS stores ids in lower case)',
    { ...SNAPSHOT, targetDbInstanceIdentifier: 'MueJam-DB-Prod' },
    'targetDbInstanceIdentifier',
    'use "muejam-db-prod"',
  ],
  [
    'target not a valid identifier (double hyphen)',
    { ...SNAPSHOT, targetDbInstanceIdentifier: 'muejam--x' },
    'targetDbInstanceIdentifier',
    'not a valid RDS instance identifier',
  ],
  [
    'target not a valid identifier (starts with a digit)',
    { ...SNAPSHOT, targetDbInstanceIdentifier: '1db' },
    'targetDbInstanceIdentifier',
    'starts with a letter',
  ],
  ['target too long', { ...SNAPSHOT, targetDbInstanceIdentifier: `a${'b'.repeat(63)}` }, 'targetDbInstanceIdentifier', 'at most 63'],
  ['target missing', { ...SNAPSHOT, targetDbInstanceIdentifier: undefined }, 'targetDbInstanceIdentifier', 'is required'],
  ['region other than primary/backup', { ...SNAPSHOT, region: 'us-west-2' }, 'region', '"primary", "backup"'],
  ['region missing', { ...SNAPSHOT, region: undefined }, 'region', '"primary", "backup"'],
  ['time malformed', { ...PITR, restoreTime: '03/12/2026 04:10' }, 'restoreTime', 'is not an ISO-8601 date-time with Z or an offset'],
  ['time without timezone', { ...PITR, restoreTime: '2026-12-03T04:10:00' }, 'restoreTime', 'has no time zone'],
  ['time not a real date', { ...PITR, restoreTime: '2026-02-30T04:10:00Z' }, 'restoreTime', 'not'],
  ['time not a string', { ...PITR, restoreTime: 1733199000 }, 'restoreTime', 'must be a string ("latest" or an ISO-8601 date-time'],
  ['both snapshotId and restoreTime', { ...SNAPSHOT, restoreTime: 'latest' }, 'restoreTime', 'give exactly one of snapshotId'],
  ['neither snapshotId nor restoreTime', { ...SNAPSHOT, snapshotId: undefined }, 'snapshotId', 'give exactly one of snapshotId'],
  ['snapshot id not an identifier', { ...SNAPSHOT, snapshotId: 'snap shot' }, 'snapshotId', 'not a valid identifier'],
  ['allowUnverified not a boolean', { ...SNAPSHOT, allowUnverified: 'yes' }, 'allowUnverified', 'true or false'],
  ['allowUnverified on a PITR', { ...PITR, allowUnverified: true }, 'allowUnverified', 'snapshot restores only'],
  ['purpose not kebab-case', { ...SNAPSHOT, purpose: 'Restore Test' }, 'purpose', 'kebab-case'],
  ['unknown key, with the nearest one', { ...SNAPSHOT, snapshotID: 'x' }, 'snapshotID', 'did you mean `snapshotId`'],
  ['unknown key, far from any', { ...SNAPSHOT, color: 'blue' }, 'color', 'allowed: dbInstanceIdentifier'],
])('%s is refused on its field', (_what, input, field, text) => {
  const e = refusal(input);
  expect(e.name).toBe('InvalidInput');
  expect(e.field).toBe(field);
  expect(e.message).toContain(text);
});

test('a non-object input lists the fields', () => {
  expect(refusal('restore please').message).toContain(
    'must be a JSON object with the fields dbInstanceIdentifier, targetDbInstanceIdentifier',
  );
});
