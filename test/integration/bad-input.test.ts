/**
 * Issue 8's bad-input table, against a real moto_server: every bad console
 * input of every existing workflow (run through the real ASL and handlers) and
 * every bad CDK context / CLI `-c` value (read by the CLI's loadDeploymentConfig,
 * the code `cdk synth` shares) is refused, the refusal names the field, and the
 * emulator's snapshot list (RDS in both regions, ElastiCache) is identical before
 * and after. The retention world holds expired snapshots and the cases that
 * reach it move the clock past them, so a typo that slipped through would delete.
 * The counts (tried / refused / changed anything) are printed at the end.
 */
import { DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeSnapshotsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { loadDeploymentConfig } from '../../cli/deployment-config';
import { ConfigError } from '../../lib/config';
import { localRuntimeConfig, stateMachineName } from '../../local/local-environment';
import { stageRetentionWorld } from '../../local/retention-world';
import { runStateMachineLocally } from '../../local/run-state-machine';
import { useMoto } from '../support/moto';

const moto = useMoto();
const DB = 'muejam-db-prod';
const LATER = new Date(Date.now() + 3 * 24 * 3_600_000).toISOString();
const long = (n: number) => `a${'b'.repeat(n - 1)}`;

type WorkflowCase = [label: string, workflow: string, input: unknown, field: string, opts?: { deployed?: boolean }];
type ConfigCase = [label: string, pairs: string[], key: string];

const ASL: Record<string, string> = {
  'database-backup': 'database-backup.asl.json',
  'database-retention': 'database-retention.asl.json',
  'redis-backup': 'redis-backup.asl.json',
  'redis-restore': 'redis-restore.asl.json',
};

const db = (extra: Record<string, unknown>) => ({ dbInstanceIdentifier: DB, ...extra });
const ret = (extra: Record<string, unknown>) => ({ dbInstanceIdentifier: DB, clockOverride: LATER, ...extra });
const restore = (extra: Record<string, unknown>) => ({ replicationGroupId: 'muejam-redis-dr', ...extra });

const WORKFLOW_CASES: WorkflowCase[] = [
  // The issue's own cases.
  ['issue: dryrun (lower-case r) ran a real cleanup', 'database-retention', ret({ dryrun: true }), 'dryrun'],
  ['issue: impossible date 2026-02-30', 'database-backup', db({ scheduledTime: '2026-02-30T06:00:00Z' }), 'scheduledTime'],
  ['issue: clockOverride in a deployed run', 'database-retention', ret({}), 'clockOverride', { deployed: true }],
  ['issue: Redis restore typo nodetype', 'redis-restore', restore({ nodetype: 'cache.t3.micro' }), 'nodetype'],
  // Unknown keys (misspelt, wrong case, extra).
  ['unknown: dbInstanceIdentifer', 'database-backup', { dbInstanceIdentifer: DB }, 'dbInstanceIdentifer'],
  ['unknown: DBInstanceIdentifier (SDK casing)', 'database-backup', { DBInstanceIdentifier: DB }, 'DBInstanceIdentifier'],
  ['unknown: scheduledtime', 'database-backup', db({ scheduledtime: '2026-11-24T06:00:00Z' }), 'scheduledtime'],
  ['unknown: dry_run', 'database-retention', ret({ dry_run: true }), 'dry_run'],
  ['unknown: DryRun', 'database-retention', ret({ DryRun: true }), 'DryRun'],
  ['unknown: extra force flag', 'database-retention', ret({ force: true }), 'force'],
  ['unknown: replicationGroupID', 'redis-backup', { replicationGroupID: 'muejam-redis-prod' }, 'replicationGroupID'],
  ['unknown: regoin', 'redis-restore', restore({ regoin: 'backup' }), 'regoin'],
  ['unknown: replicas', 'redis-restore', restore({ replicas: 2 }), 'replicas'],
  // Empty and whitespace.
  ['empty: dbInstanceIdentifier', 'database-backup', { dbInstanceIdentifier: '' }, 'dbInstanceIdentifier'],
  ['whitespace: dbInstanceIdentifier', 'database-backup', { dbInstanceIdentifier: '   ' }, 'dbInstanceIdentifier'],
  ['padded: dbInstanceIdentifier', 'database-retention', ret({ dbInstanceIdentifier: ` ${DB} ` }), 'dbInstanceIdentifier'],
  ['empty: scheduledTime', 'database-backup', db({ scheduledTime: '' }), 'scheduledTime'],
  ['empty: replicationGroupId (backup)', 'redis-backup', { replicationGroupId: '' }, 'replicationGroupId'],
  ['empty: cacheNodeType', 'redis-restore', restore({ cacheNodeType: '' }), 'cacheNodeType'],
  ['whitespace: region', 'redis-restore', restore({ region: ' ' }), 'region'],
  // Wrong types.
  ['type: dryRun "true" (string)', 'database-retention', ret({ dryRun: 'true' }), 'dryRun'],
  ['type: dryRun 1', 'database-retention', ret({ dryRun: 1 }), 'dryRun'],
  ['type: dbInstanceIdentifier number', 'database-backup', { dbInstanceIdentifier: 42 }, 'dbInstanceIdentifier'],
  ['type: dbInstanceIdentifier list', 'database-retention', ret({ dbInstanceIdentifier: [DB] }), 'dbInstanceIdentifier'],
  ['type: input is a string', 'database-backup', 'muejam-db-prod', 'input'],
  ['type: numNodeGroups "3"', 'redis-restore', restore({ numNodeGroups: '3' }), 'numNodeGroups'],
  ['type: replicasPerNodeGroup 9', 'redis-restore', restore({ replicasPerNodeGroup: 9 }), 'replicasPerNodeGroup'],
  ['type: engine memcached', 'redis-restore', restore({ engine: 'memcached' }), 'engine'],
  ['missing: dbInstanceIdentifier', 'database-retention', { dryRun: true }, 'dbInstanceIdentifier'],
  ['missing: replicationGroupId', 'redis-restore', { region: 'backup' }, 'replicationGroupId'],
  // Impossible or zone-less dates.
  ['date: 2026-13-01', 'database-backup', db({ scheduledTime: '2026-13-01T06:00:00Z' }), 'scheduledTime'],
  ['date: 2027-02-29 (not a leap year)', 'database-backup', db({ scheduledTime: '2027-02-29T06:00:00Z' }), 'scheduledTime'],
  ['date: 2026-04-31', 'redis-backup', { replicationGroupId: 'muejam-redis-prod', scheduledTime: '2026-04-31T02:00:00Z' }, 'scheduledTime'],
  ['date: 25:00', 'database-backup', db({ scheduledTime: '2026-11-24T25:00:00Z' }), 'scheduledTime'],
  ['date: no zone', 'database-backup', db({ scheduledTime: '2026-11-24T06:00:00' }), 'scheduledTime'],
  ['date: date only', 'database-backup', db({ scheduledTime: '2026-11-24' }), 'scheduledTime'],
  ['date: epoch number', 'database-backup', db({ scheduledTime: 1764000000 }), 'scheduledTime'],
  ['date: clockOverride Feb 30', 'database-retention', ret({ clockOverride: '2027-02-30T03:00:00Z' }), 'clockOverride'],
  ['date: clockOverride words', 'database-retention', ret({ clockOverride: 'tomorrow' }), 'clockOverride'],
  // Identifiers: upper case, 64+ characters, unicode, bad shapes, not protected.
  ['id: upper case database', 'database-backup', { dbInstanceIdentifier: 'MueJam-DB-Prod' }, 'dbInstanceIdentifier'],
  ['id: upper case retention', 'database-retention', ret({ dbInstanceIdentifier: 'MUEJAM-DB-PROD' }), 'dbInstanceIdentifier'],
  ['id: 64 characters', 'database-backup', { dbInstanceIdentifier: long(64) }, 'dbInstanceIdentifier'],
  ['id: 200 characters', 'database-retention', ret({ dbInstanceIdentifier: long(200) }), 'dbInstanceIdentifier'],
  ['id: unicode dash', 'database-backup', { dbInstanceIdentifier: 'muejam‐db‐prod' }, 'dbInstanceIdentifier'],
  ['id: unicode letters', 'database-retention', ret({ dbInstanceIdentifier: 'müejam-db-prod' }), 'dbInstanceIdentifier'],
  ['id: emoji', 'redis-backup', { replicationGroupId: 'muejam-redis-💥' }, 'replicationGroupId'],
  ['id: double hyphen', 'database-backup', { dbInstanceIdentifier: 'muejam--db' }, 'dbInstanceIdentifier'],
  ['id: trailing hyphen', 'database-backup', { dbInstanceIdentifier: 'muejam-db-' }, 'dbInstanceIdentifier'],
  ['id: starts with a digit', 'database-retention', ret({ dbInstanceIdentifier: '1muejam' }), 'dbInstanceIdentifier'],
  ['id: not protected', 'database-retention', ret({ dbInstanceIdentifier: 'someone-elses-db' }), 'dbInstanceIdentifier'],
  ['id: Redis group 41 characters', 'redis-backup', { replicationGroupId: long(41) }, 'replicationGroupId'],
  ['id: Redis group upper case', 'redis-backup', { replicationGroupId: 'MueJam-Redis-Prod' }, 'replicationGroupId'],
  ['id: restore target upper case', 'redis-restore', restore({ replicationGroupId: 'Restore-1' }), 'replicationGroupId'],
  ['id: restore into the protected group', 'redis-restore', restore({ replicationGroupId: 'muejam-redis-prod' }), 'replicationGroupId'],
  ['region: restore to us-west-9', 'redis-restore', restore({ region: 'us-west-9' }), 'region'],
];

const CONFIG_CASES: ConfigCase[] = [
  ['issue: muejam.retention.floor= (unset shell variable)', ['muejam.retention.floor='], 'muejam.retention.floor'],
  ['issue: muejam.deploymentId=', ['muejam.deploymentId='], 'muejam.deploymentId'],
  ['issue: muejam.primaryRegion=', ['muejam.primaryRegion='], 'muejam.primaryRegion'],
  ['issue: muejam.backupRegion=us-west-9', ['muejam.backupRegion=us-west-9'], 'muejam.backupRegion'],
  ['empty: muejam.databases=', ['muejam.databases='], 'muejam.databases'],
  ['empty: muejam.redisGroups=', ['muejam.redisGroups='], 'muejam.redisGroups'],
  ['whitespace: muejam.backupSchedule', ['muejam.backupSchedule=  '], 'muejam.backupSchedule'],
  ['empty: muejam.alertEmail=', ['muejam.alertEmail='], 'muejam.alertEmail'],
  ['empty: muejam.allowNoFallbackAlerts=', ['muejam.allowNoFallbackAlerts='], 'muejam.allowNoFallbackAlerts'],
  ['unknown: muejam.retention.flor', ['muejam.retention.flor=5'], 'muejam.retention.flor'],
  ['unknown: muejam.backupregion', ['muejam.backupregion=us-west-1'], 'muejam.backupregion'],
  ['unknown: muejam.dryRun', ['muejam.dryRun=true'], 'muejam.dryRun'],
  ['region: muejam.primaryRegion=us-east-7', ['muejam.primaryRegion=us-east-7'], 'muejam.primaryRegion'],
  ['region: muejam.backupRegion=US-WEST-2', ['muejam.backupRegion=US-WEST-2'], 'muejam.backupRegion'],
  ['region: muejam.backupRegion=eu-wets-1', ['muejam.backupRegion=eu-wets-1'], 'muejam.backupRegion'],
  ['type: muejam.retention.floor=five', ['muejam.retention.floor=five'], 'muejam.retention.floor'],
  ['range: muejam.retention.floor=0', ['muejam.retention.floor=0'], 'muejam.retention.floor'],
  ['type: muejam.allowNoFallbackAlerts=yes', ['muejam.allowNoFallbackAlerts=yes'], 'muejam.allowNoFallbackAlerts'],
  ['id: muejam.databases upper case', ['muejam.databases=MueJam-DB'], 'muejam.databases[0]'],
  ['id: muejam.databases 64 characters', [`muejam.databases=${long(64)}`], 'muejam.databases[0]'],
  ['id: muejam.databases unicode', ['muejam.databases=müejam-db'], 'muejam.databases[0]'],
  ['id: muejam.deploymentId unicode', ['muejam.deploymentId=prød'], 'muejam.deploymentId'],
  [
    'url: muejam.fallbackAlertUrl is PagerDuty',
    ['muejam.fallbackAlertUrl=https://events.pagerduty.com/v2/enqueue'],
    'muejam.fallbackAlertUrl',
  ],
];

interface Row {
  label: string;
  refused: boolean;
  namesField: boolean;
  changed: boolean;
}
const rows: Row[] = [];

async function snapshotList(config: ReturnType<typeof localRuntimeConfig>): Promise<string[]> {
  const out: string[] = [];
  for (const region of [config.primaryRegion, config.backupRegion]) {
    const rds = await moto.clients(RDSClient, region).send(new DescribeDBSnapshotsCommand({}));
    for (const s of rds.DBSnapshots ?? []) out.push(`rds ${region} ${s.DBSnapshotIdentifier} ${s.Status}`);
    const ec = await moto.clients(ElastiCacheClient, region).send(new DescribeSnapshotsCommand({}));
    for (const s of ec.Snapshots ?? []) out.push(`elasticache ${region} ${s.SnapshotName} ${s.SnapshotStatus}`);
  }
  return out.sort();
}

describe('bad input on moto_server: refused, field named, nothing changed', () => {
  let config: ReturnType<typeof localRuntimeConfig>;
  let before: string[];

  beforeAll(async () => {
    const fresh = await moto.freshWorld(localRuntimeConfig({ deploymentId: 'badin' }));
    config = fresh.config;
    await stageRetentionWorld(moto.clients, config, fresh.world.backupKeyArn!, DB);
    before = await snapshotList(config);
    expect(before.length).toBeGreaterThan(10);
  }, 120_000);

  afterAll(() => {
    const refused = rows.filter((r) => r.refused && r.namesField).length;
    const changed = rows.filter((r) => r.changed).length;
    // The closing note's figures.
    console.log(`bad-input table: ${rows.length} tried, ${refused} refused naming the field, ${changed} changed anything`);
  });

  it.each(WORKFLOW_CASES)('%s (%s)', async (label, workflow, input, field, opts) => {
    const previous = process.env.MUEJAM_LOCAL_RUN;
    if (opts?.deployed) process.env.MUEJAM_LOCAL_RUN = 'false';
    let r: Awaited<ReturnType<typeof runStateMachineLocally>>;
    try {
      r = await runStateMachineLocally({
        aslFile: ASL[workflow],
        input: input as Record<string, unknown>,
        region: config.primaryRegion,
        stateMachineName: stateMachineName(config.deploymentId, workflow),
      });
    } finally {
      process.env.MUEJAM_LOCAL_RUN = previous;
    }
    const text = JSON.stringify(r.events);
    const refused = r.status === 'FAILED' && text.includes('InvalidInput');
    const namesField = new RegExp(`\\b${field}(\\[\\d+\\])?: `).test(text.replace(/\\"/g, '"'));
    const changed = JSON.stringify(await snapshotList(config)) !== JSON.stringify(before);
    rows.push({ label, refused, namesField, changed });
    expect({ refused, namesField, changed }).toEqual({ refused: true, namesField: true, changed: false });
  });

  it.each(CONFIG_CASES)('%s', async (label, pairs, key) => {
    let message = '';
    try {
      loadDeploymentConfig(pairs);
    } catch (e) {
      if (e instanceof ConfigError) message = e.message;
      else throw e;
    }
    const refused = message !== '';
    const namesField = message.includes(`  - ${key}: `);
    const changed = JSON.stringify(await snapshotList(config)) !== JSON.stringify(before);
    rows.push({ label, refused, namesField, changed });
    expect({ refused, namesField, changed, message: namesField ? '' : message }).toEqual({
      refused: true,
      namesField: true,
      changed: false,
      message: '',
    });
  });

  it('a correct input still works (the table is not refusing everything): a dry-run plan deletes nothing and succeeds', async () => {
    const r = await runStateMachineLocally({
      aslFile: ASL['database-retention'],
      input: ret({ dryRun: true }),
      region: config.primaryRegion,
      stateMachineName: stateMachineName(config.deploymentId, 'database-retention'),
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(await snapshotList(config)).toEqual(before);
  });
});
