/**
 * The CLI `restore` and `restore-pitr` commands exactly as the issue and the README write them,
 * in-process against moto_server holding cdk.json's deployment: the plan is printed before the
 * run starts, the steps follow live, the end names endpoint, data time and RTO; bad input is
 * refused before anything starts, naming the option. (PITR in the backup region needs replicated
 * automated backups, which moto cannot make: refused naming the snapshot alternative.)
 */
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { loadDeploymentConfig } from '../../cli/deployment-config';
import type { BackupConfig } from '../../lib/config';
import { runCliInProcess } from '../support/doc-cli';
import { removeRestoredInstances, seedDocumentedDeployment } from '../support/doc-world';
import { useMoto } from '../support/moto';

const moto = useMoto();
let config: BackupConfig;
const instanceIds = async (region: string) =>
  ((await moto.clients(RDSClient, region).send(new DescribeDBInstancesCommand({}))).DBInstances ?? []).map((i) => i.DBInstanceIdentifier);

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL = moto.endpoint;
  config = loadDeploymentConfig();
  await seedDocumentedDeployment(config, moto.endpoint, moto.clients);
  const backup = await runCliInProcess(['backup', 'muejam-db-prod']);
  expect([backup.code, backup.output]).toEqual([0, expect.stringContaining('verified in both regions')]);
}, 180_000);
afterAll(() => {
  delete process.env.AWS_ENDPOINT_URL;
});
afterEach(async () => {
  await removeRestoredInstances(config, moto.clients);
}, 120_000);

/** Index of `text` in `output`, failing with the output when absent. */
function at(output: string, text: string | RegExp): number {
  const i = typeof text === 'string' ? output.indexOf(text) : output.search(text);
  if (i < 0) throw new Error(`expected ${text} in:\n${output}`);
  return i;
}

test('restore --snapshot latest --db muejam-db-prod --region backup --to muejam-db-restored', async () => {
  const r = await runCliInProcess([
    'restore',
    '--snapshot',
    'latest',
    '--db',
    'muejam-db-prod',
    '--region',
    'backup',
    '--to',
    'muejam-db-restored',
  ]);
  expect(r.code).toBe(0);
  const plan = at(r.output, 'Plan: restore from a snapshot of muejam-db-prod');
  for (const line of [
    'source:          snapshot muejam-muejam-db-prod-',
    'region:          us-west-2 (backup)',
    'target:          NEW instance muejam-db-restored',
    'instance class:',
    'subnet group:',
    'security groups:',
  ])
    expect(at(r.output, line)).toBeGreaterThan(plan);
  const started = at(r.output, 'Starting database-restore');
  expect(started).toBeGreaterThan(plan);
  expect(at(r.output, 'WaitUntilAvailable')).toBeGreaterThan(started);
  const done = at(r.output, 'muejam-db-restored is available and verified in us-west-2');
  for (const line of ['endpoint:        muejam-db-restored.', 'data as of:', 'RTO measured:', 'next:            point the application at'])
    expect(at(r.output, line)).toBeGreaterThan(done);
  expect(await instanceIds(config.backupRegion)).toContain('muejam-db-restored');
}, 180_000);

test('restore-pitr --db muejam-db-prod --time latest --region primary --to muejam-db-pitr', async () => {
  const r = await runCliInProcess([
    'restore-pitr',
    '--db',
    'muejam-db-prod',
    '--time',
    'latest',
    '--region',
    'primary',
    '--to',
    'muejam-db-pitr',
  ]);
  expect(r.code).toBe(0);
  const plan = at(r.output, 'Plan: point-in-time restore of muejam-db-prod');
  expect(at(r.output, 'window:          from')).toBeGreaterThan(plan);
  expect(at(r.output, 'the time falls:  the latest restorable time')).toBeGreaterThan(plan);
  expect(at(r.output, 'muejam-db-pitr is available and verified in us-east-1')).toBeGreaterThan(at(r.output, 'Starting database-restore'));
  expect(at(r.output, 'RTO measured:')).toBeGreaterThan(plan);
}, 180_000);

test('restore-pitr --time latest --region backup: refused before anything starts (no replicated automated backups on moto)', async () => {
  const before = await instanceIds(config.backupRegion);
  const r = await runCliInProcess([
    'restore-pitr',
    '--db',
    'muejam-db-prod',
    '--time',
    'latest',
    '--region',
    'backup',
    '--to',
    'muejam-db-dr',
  ]);
  expect(r.code).toBe(1);
  expect(r.output).toContain('are not replicated to us-west-2');
  expect(r.output).toContain('snapshotId "latest"');
  expect(r.output).not.toContain('Starting database-restore');
  expect(await instanceIds(config.backupRegion)).toEqual(before);
}, 120_000);

test.each([
  [
    ['restore', '--snapshot', 'latest', '--db', 'muejam-db-nope', '--region', 'backup', '--to', 'muejam-db-x'],
    '--db (dbInstanceIdentifier)',
  ],
  [['restore', '--snapshot', 'latest', '--region', 'west', '--to', 'muejam-db-x'], '--region (region)'],
  [['restore', '--snapshot', 'latest', '--region', 'primary', '--to', 'muejam-db-prod'], '--to (targetDbInstanceIdentifier)'],
  [['restore', '--snapshot', 'latest', '--region', 'primary', '--to', '9-bad--name'], '--to (targetDbInstanceIdentifier)'],
  [['restore', '--snapshot', 'muejam-nope', '--region', 'primary', '--to', 'muejam-db-x'], '--snapshot (snapshotId)'],
  [['restore-pitr', '--time', '2026-12-03T04:10:00', '--region', 'primary', '--to', 'muejam-db-x'], '--time (restoreTime)'],
  [['restore-pitr', '--time', '2999-01-01T00:00:00Z', '--region', 'primary', '--to', 'muejam-db-x'], '--time (restoreTime)'],
])(
  '%j is refused before anything starts, naming %s',
  async (argv, option) => {
    const before = [...(await instanceIds(config.primaryRegion)), ...(await instanceIds(config.backupRegion))];
    const r = await runCliInProcess(argv);
    expect(r.code).toBe(1);
    expect(r.output).toContain(option);
    expect(r.output).not.toContain('Starting database-restore');
    expect([...(await instanceIds(config.primaryRegion)), ...(await instanceIds(config.backupRegion))]).toEqual(before);
  },
  120_000,
);
