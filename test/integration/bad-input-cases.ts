/**
 * Issue 8's bad-input table (test/integration/bad-input.test.ts): every bad input the issue
 * names and the usual mistakes (empty, whitespace, unknown key, wrong type, impossible date,
 * unknown region, upper-case identifiers, 64+ characters, unicode) for every workflow of
 * lambdas/domain/workflows/registry.ts, and for CDK context / CLI `-c` values.
 * Each row: [label, workflow, console input, the field the refusal must name, options].
 */
export type WorkflowCase = [label: string, workflow: string, input: unknown, field: string, opts?: { deployed?: boolean }];
export type ConfigCase = [label: string, pairs: string[], key: string];

export const DB = 'muejam-db-prod';
/** A clock past every staged retention snapshot: a typo that slipped through would delete. */
export const LATER = new Date(Date.now() + 3 * 24 * 3_600_000).toISOString();
export const long = (n: number) => `a${'b'.repeat(n - 1)}`;

const db = (extra: Record<string, unknown>) => ({ dbInstanceIdentifier: DB, ...extra });
const ret = (extra: Record<string, unknown>) => ({ dbInstanceIdentifier: DB, clockOverride: LATER, ...extra });
const restore = (extra: Record<string, unknown>) => ({ replicationGroupId: 'muejam-redis-dr', ...extra });
const dbRestore = (extra: Record<string, unknown>) => ({
  dbInstanceIdentifier: DB,
  targetDbInstanceIdentifier: 'muejam-db-restored',
  region: 'backup',
  snapshotId: 'latest',
  ...extra,
});
const pitr = (extra: Record<string, unknown>) => ({
  dbInstanceIdentifier: DB,
  targetDbInstanceIdentifier: 'muejam-db-pitr',
  region: 'primary',
  restoreTime: '2026-12-03T04:10:00Z',
  ...extra,
});
const failover = (extra: Record<string, unknown>) => ({ dbInstanceIdentifier: DB, reason: 'primary unreachable since 03:02', ...extra });
const replica = (extra: Record<string, unknown>) => ({ dbInstanceIdentifier: DB, availabilityZone: 'us-east-1b', ...extra });
const rtest = (extra: Record<string, unknown>) => ({ dbInstanceIdentifier: DB, region: 'backup', ...extra });

export const WORKFLOW_CASES: WorkflowCase[] = [
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
  // Database restore / point-in-time restore (lambdas/domain/inputs/database-restore.ts).
  ['restore: unknown snapshotID', 'database-restore', dbRestore({ snapshotID: 'latest' }), 'snapshotID'],
  [
    'restore: unknown targetDbInstanceIdentifer',
    'database-restore',
    { ...pitr({}), targetDbInstanceIdentifer: 'x' },
    'targetDbInstanceIdentifer',
  ],
  ['restore: unknown allowUnverifed', 'database-restore', dbRestore({ allowUnverifed: true }), 'allowUnverifed'],
  ['restore: allowUnverified "true"', 'database-restore', dbRestore({ allowUnverified: 'true' }), 'allowUnverified'],
  ['restore: region us-west-9', 'database-restore', dbRestore({ region: 'us-west-9' }), 'region'],
  ['restore: region empty', 'database-restore', dbRestore({ region: '' }), 'region'],
  [
    'restore: target upper case',
    'database-restore',
    dbRestore({ targetDbInstanceIdentifier: 'MueJam-DB-Restored' }),
    'targetDbInstanceIdentifier',
  ],
  ['restore: target 64 characters', 'database-restore', dbRestore({ targetDbInstanceIdentifier: long(64) }), 'targetDbInstanceIdentifier'],
  [
    'restore: target unicode',
    'database-restore',
    dbRestore({ targetDbInstanceIdentifier: 'müejam-restored' }),
    'targetDbInstanceIdentifier',
  ],
  ['restore: snapshotId whitespace', 'database-restore', dbRestore({ snapshotId: '  ' }), 'snapshotId'],
  ['pitr: restoreTime 2026-02-30', 'database-restore', pitr({ restoreTime: '2026-02-30T04:10:00Z' }), 'restoreTime'],
  ['pitr: restoreTime without a zone', 'database-restore', pitr({ restoreTime: '2026-12-03T04:10:00' }), 'restoreTime'],
  ['pitr: restoreTime words', 'database-restore', pitr({ restoreTime: 'yesterday 4am' }), 'restoreTime'],
  ['pitr: restoreTime number', 'database-restore', pitr({ restoreTime: 1764735000 }), 'restoreTime'],
  ['pitr: unknown restoretime', 'database-restore', { ...pitr({}), restoreTime: undefined, restoretime: 'latest' }, 'restoretime'],
  // Weekly restore test (lambdas/domain/inputs/restore-test.ts).
  ['restore test: unknown regoin', 'restore-test', { dbInstanceIdentifier: DB, regoin: 'backup' }, 'regoin'],
  ['restore test: region both (two runs: the CLI)', 'restore-test', rtest({ region: 'both' }), 'region'],
  ['restore test: region us-west-9', 'restore-test', rtest({ region: 'us-west-9' }), 'region'],
  ['restore test: scheduledTime 2026-02-30', 'restore-test', rtest({ scheduledTime: '2026-02-30T04:00:00Z' }), 'scheduledTime'],
  ['restore test: database upper case', 'restore-test', rtest({ dbInstanceIdentifier: 'MUEJAM-DB-PROD' }), 'dbInstanceIdentifier'],
  ['restore test: database empty', 'restore-test', rtest({ dbInstanceIdentifier: '' }), 'dbInstanceIdentifier'],
  // Failover (lambdas/domain/failover/request.ts).
  ['failover: unknown reasn', 'database-failover', { dbInstanceIdentifier: DB, reasn: 'primary down' }, 'reasn'],
  ['failover: unknown targetReplicaID', 'database-failover', failover({ targetReplicaID: 'muejam-db-prod-replica' }), 'targetReplicaID'],
  ['failover: force "yes"', 'database-failover', failover({ force: 'yes' }), 'force'],
  ['failover: trigger auto', 'database-failover', failover({ trigger: 'auto' }), 'trigger'],
  ['failover: requestedAt 2026-02-30', 'database-failover', failover({ requestedAt: '2026-02-30T03:02:00Z' }), 'requestedAt'],
  ['failover: reason whitespace', 'database-failover', failover({ reason: '   ' }), 'reason'],
  [
    'failover: dns.recordname',
    'database-failover',
    failover({ dns: { hostedZoneId: 'Z123', recordname: 'db.muejam.internal' } }),
    'dns.recordname',
  ],
  ['failover: target upper case', 'database-failover', failover({ targetReplicaId: 'MueJam-Replica' }), 'targetReplicaId'],
  ['failover: database not protected', 'database-failover', failover({ dbInstanceIdentifier: 'someone-elses-db' }), 'dbInstanceIdentifier'],
  // Read replica (lambdas/domain/failover/replica-request.ts).
  [
    'replica: unknown availabilityzone',
    'database-replica',
    { dbInstanceIdentifier: DB, availabilityzone: 'us-east-1b' },
    'availabilityzone',
  ],
  ['replica: availabilityZone us-east-1', 'database-replica', replica({ availabilityZone: 'us-east-1' }), 'availabilityZone'],
  ['replica: instanceClass r6g.large', 'database-replica', replica({ instanceClass: 'r6g.large' }), 'instanceClass'],
  ['replica: replicaId 64 characters', 'database-replica', replica({ replicaId: long(64) }), 'replicaId'],
  ['replica: replicaId is the database', 'database-replica', replica({ replicaId: DB }), 'replicaId'],
  // Replica health (lambdas/domain/inputs/replica-health.ts).
  ['replica health: unknown dbinstanceidentifier', 'replica-health', { dbinstanceidentifier: DB }, 'dbinstanceidentifier'],
  ['replica health: database empty', 'replica-health', { dbInstanceIdentifier: '' }, 'dbInstanceIdentifier'],
  ['replica health: database not protected', 'replica-health', { dbInstanceIdentifier: 'someone-elses-db' }, 'dbInstanceIdentifier'],
  // DR drill (lambdas/domain/inputs/dr-drill.ts).
  ['drill: unknown dbInstanceID', 'dr-drill', { dbInstanceID: DB }, 'dbInstanceID'],
  ['drill: unknown dryRun', 'dr-drill', db({ dryRun: true }), 'dryRun'],
  ['drill: database whitespace', 'dr-drill', { dbInstanceIdentifier: ' ' }, 'dbInstanceIdentifier'],
  ['drill: database unicode', 'dr-drill', { dbInstanceIdentifier: 'muejam-db-prød' }, 'dbInstanceIdentifier'],
];

export const CONFIG_CASES: ConfigCase[] = [
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
  // The recovery areas.
  ['empty: muejam.restoreTest.regionMode=', ['muejam.restoreTest.regionMode='], 'muejam.restoreTest.regionMode'],
  ['type: muejam.restoreTest.regionMode=bothh', ['muejam.restoreTest.regionMode=bothh'], 'muejam.restoreTest.regionMode'],
  ['empty: muejam.failover.maxLagSeconds=', ['muejam.failover.maxLagSeconds='], 'muejam.failover.maxLagSeconds'],
  ['type: muejam.failover.automatic=maybe', ['muejam.failover.automatic=maybe'], 'muejam.failover.automatic'],
  ['unknown: muejam.failover.maxlag', ['muejam.failover.maxlag=30'], 'muejam.failover.maxlag'],
  ['empty: muejam.drill.schedule=', ['muejam.drill.schedule='], 'muejam.drill.schedule'],
  ['unknown: muejam.drill.rtoGoal', ['muejam.drill.rtoGoal=2'], 'muejam.drill.rtoGoal'],
  ['empty: muejam.pitrReplicationRetentionDays=', ['muejam.pitrReplicationRetentionDays='], 'muejam.pitrReplicationRetentionDays'],
];
