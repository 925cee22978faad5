/**
 * The Redis backup and restore workflows in the synthesized primary stack: the
 * ASL files deployed unchanged, the daily schedule per group, the bucket names
 * handed to the Redis Lambdas, and least-privilege IAM per handler.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT, type SynthResult, resourcesOfType, synthesizedApp } from './synth';

const PRIMARY = 'muejam-backup-dr-prod-primary';
const ACCOUNT = '123456789012';

let synth: SynthResult;
beforeAll(async () => {
  synth = await synthesizedApp();
}, 240_000);

const asArray = (v: unknown): any[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const resources = (type: string) => resourcesOfType(synth.templates[PRIMARY], type);

function stateMachine(name: string): any {
  const found = Object.values(resources('AWS::StepFunctions::StateMachine')).find((m: any) => m.Properties.StateMachineName === name);
  expect(found).toBeDefined();
  return found;
}

function statementsOf(handler: string): any[] {
  const [, policy] = Object.entries(resources('AWS::IAM::Policy')).find(([id]) => id.startsWith(`StepLambdas${handler}Role`))!;
  return (policy as any).Properties.PolicyDocument.Statement;
}

describe('Redis workflows', () => {
  it.each([
    ['muejam-backup-dr-prod-redis-backup', 'redis-backup.asl.json'],
    ['muejam-backup-dr-prod-redis-restore', 'redis-restore.asl.json'],
  ])('%s deploys %s unchanged (the same states, inlined)', (name, file) => {
    const m = stateMachine(name);
    const asl = JSON.parse(readFileSync(path.join(ROOT, 'state-machines', file), 'utf8'));
    const body = JSON.stringify(m.Properties.DefinitionString);
    for (const state of Object.keys(asl.States)) expect(body).toContain(`\\"${state}\\"`);
    expect(m.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('starts the backup daily at 02:00 for each configured group, with the schedule time as input', () => {
    const schedules = Object.values(resources('AWS::Scheduler::Schedule')).filter((s: any) =>
      s.Properties.Name?.startsWith('redis-backup-'),
    ) as any[];
    expect(schedules.map((s) => s.Properties.Name)).toEqual(['redis-backup-muejam-redis-prod']);
    const s = schedules[0].Properties;
    expect(s.ScheduleExpression).toBe('cron(0 2 * * ? *)');
    expect(JSON.parse(s.Target.Input)).toEqual({
      replicationGroupId: 'muejam-redis-prod',
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
  });

  it('hands both bucket names and the Redis retention to every Redis Lambda', () => {
    const fns = Object.entries(resources('AWS::Lambda::Function')).filter(([id]) => /Redis/.test(id));
    expect(fns.length).toBe(13);
    for (const [, fn] of fns) {
      expect((fn as any).Properties.Environment.Variables).toMatchObject({
        REDIS_BUCKET_PRIMARY: `muejam-prod-redis-${ACCOUNT}-us-east-1`,
        REDIS_BUCKET_BACKUP: `muejam-prod-redis-${ACCOUNT}-us-west-2`,
        REDIS_RETENTION_DAYS: '30',
      });
    }
  });

  it('lets only the prune step delete snapshots, and only those this system names and this deployment tagged', () => {
    for (const [id, policy] of Object.entries(resources('AWS::IAM::Policy'))) {
      for (const s of (policy as any).Properties.PolicyDocument.Statement) {
        if (!asArray(s.Action).includes('elasticache:DeleteSnapshot')) continue;
        expect(id).toMatch(/^StepLambdasPruneRedisSnapshotsRole/);
        expect(s.Resource).toEqual(`arn:aws:elasticache:us-east-1:${ACCOUNT}:snapshot:muejam-muejam-redis-prod-*`);
        expect(s.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/muejam:deployment': 'prod' } });
      }
    }
  });

  it('lets only the export step call CopySnapshot, on the snapshots this system names', () => {
    for (const [id, policy] of Object.entries(resources('AWS::IAM::Policy'))) {
      for (const s of (policy as any).Properties.PolicyDocument.Statement) {
        if (!asArray(s.Action).includes('elasticache:CopySnapshot')) continue;
        expect(id).toMatch(/^StepLambdasExportRedisSnapshotRole/);
        expect(s.Resource).toEqual(`arn:aws:elasticache:us-east-1:${ACCOUNT}:snapshot:muejam-muejam-redis-prod-*`);
      }
    }
  });

  it('creates replication groups only with the ownership tag in the request', () => {
    const create = statementsOf('CreateRedisRestore').filter((s) => asArray(s.Action).includes('elasticache:CreateReplicationGroup'));
    const onGroups = create.find((s) => JSON.stringify(s.Resource).includes('replicationgroup:*'));
    expect(onGroups.Condition).toEqual({ StringEquals: { 'aws:RequestTag/muejam:managed-by': 'muejam-backup-dr' } });
  });

  it('writes and deletes only staged copies during a restore', () => {
    for (const handler of ['StageRedisRestore', 'CleanupRedisRestore']) {
      for (const s of statementsOf(handler)) {
        const writes = asArray(s.Action).filter((a) => /^s3:(Put|Delete)/.test(a));
        if (writes.length === 0) continue;
        for (const r of asArray(s.Resource)) expect(r).toMatch(/\/restore-staging\/\*$/);
      }
    }
  });

  it('grants no action wildcard and uses the bucket keys only through S3, by alias', () => {
    const redisPolicies = Object.entries(resources('AWS::IAM::Policy')).filter(([id]) => /^StepLambdas\w*Redis\w*Role/.test(id));
    expect(redisPolicies.length).toBe(13); // one role policy per Redis step Lambda (at least its own log group)
    for (const [, policy] of redisPolicies) {
      for (const s of (policy as any).Properties.PolicyDocument.Statement) {
        for (const a of asArray(s.Action)) expect(a.endsWith(':*')).toBe(false);
        if (asArray(s.Action).some((a) => a.startsWith('kms:')) && JSON.stringify(s.Resource).includes(':key/*')) {
          expect(s.Condition['ForAnyValue:StringEquals']).toEqual({ 'kms:ResourceAliases': 'alias/muejam-backup-dr-prod-redis' });
          expect(s.Condition.StringEquals['kms:ViaService']).toMatch(/^s3\.us-(east-1|west-2)\.amazonaws\.com$/);
        }
      }
    }
  });
});

describe('Redis step permissions that make errors clear', () => {
  it('lets every step that reads objects list their bucket (a missing object is then a 404, not a 403)', () => {
    for (const handler of ['CopyRedisExport', 'VerifyRedisBackup', 'ValidateRedisRestore', 'StageRedisRestore']) {
      const statements = statementsOf(handler);
      const lists = statements.filter((s) => asArray(s.Action).includes('s3:ListBucket')).flatMap((s) => asArray(s.Resource));
      expect(lists.sort()).toEqual([
        `arn:aws:s3:::muejam-prod-redis-${ACCOUNT}-us-east-1`,
        `arn:aws:s3:::muejam-prod-redis-${ACCOUNT}-us-west-2`,
      ]);
    }
  });
});
