/**
 * The database retention workflow in the synthesized app (cdk.json defaults):
 * its state machine, its schedule, the policy its plan step reads, and the
 * IAM of its one destructive permission.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_RETENTION } from '../../lib/config';
import { ROOT, type SynthResult, cdkJsonContext, resourcesOfType, synthesizedApp } from './synth';

const PRIMARY = 'muejam-backup-dr-prod-primary';
const ACCOUNT = '123456789012';
let synth: SynthResult;
let t: any;

beforeAll(async () => {
  synth = await synthesizedApp();
  t = synth.templates[PRIMARY];
}, 240_000);

const asArray = (v: unknown): any[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
function policyOf(handler: string): any[] {
  const found = Object.entries(resourcesOfType(t, 'AWS::IAM::Policy')).find(([id]) => id.startsWith(`StepLambdas${handler}Role`));
  if (!found) throw new Error(`no policy for ${handler}`);
  return found[1].Properties.PolicyDocument.Statement;
}
function functionOf(handler: string): any {
  const found = Object.entries(resourcesOfType(t, 'AWS::Lambda::Function')).find(([id]) => id.startsWith(`StepLambdas${handler}Function`));
  if (!found) throw new Error(`no function for ${handler}`);
  return found[1];
}

describe('database retention workflow', () => {
  it('deploys state-machines/database-retention.asl.json unchanged as a STANDARD state machine', () => {
    const [sm] = Object.values(resourcesOfType(t, 'AWS::StepFunctions::StateMachine')).filter(
      (s: any) => s.Properties.StateMachineName === 'muejam-backup-dr-prod-database-retention',
    );
    expect(sm).toBeDefined();
    const deployed = JSON.parse(JSON.stringify(sm.Properties.DefinitionString));
    const text = typeof deployed === 'string' ? deployed : JSON.stringify(deployed);
    const asl = readFileSync(path.join(ROOT, 'state-machines', 'database-retention.asl.json'), 'utf8');
    // Same states, the placeholders filled in by DefinitionSubstitutions.
    for (const state of Object.keys(JSON.parse(asl).States)) expect(text).toContain(`"${state}"`);
    expect(Object.keys(sm.Properties.DefinitionSubstitutions).sort()).toEqual(
      expect.arrayContaining([
        'DeleteDbSnapshotFunctionArn',
        'PlanRetentionFunctionArn',
        'PublishAlertFunctionArn',
        'ReportRetentionFunctionArn',
      ]),
    );
  });

  it('starts the retention of each database daily at 03:00 in the configured time zone', () => {
    const schedules = Object.values(resourcesOfType(t, 'AWS::Scheduler::Schedule')).filter((s: any) =>
      String(s.Properties.Name).startsWith('database-retention-'),
    );
    const ctx = cdkJsonContext();
    const dbs = (ctx['muejam.databases'] as string[] | undefined) ?? ['muejam-db-prod'];
    expect(schedules.map((s: any) => s.Properties.Name).sort()).toEqual(dbs.map((d) => `database-retention-${d}`).sort());
    for (const s of schedules) {
      expect(s.Properties).toMatchObject({
        ScheduleExpression: (ctx['muejam.retentionSchedule'] as string) ?? 'cron(0 3 * * ? *)',
        ScheduleExpressionTimezone: (ctx['muejam.scheduleTimezone'] as string) ?? 'UTC',
      });
      expect(Object.keys(JSON.parse(s.Properties.Target.Input))).toEqual(['dbInstanceIdentifier']);
    }
  });

  it('gives the plan step the configured policy, and no Lambda the local-only clock switch', () => {
    const env = functionOf('PlanRetention').Properties.Environment.Variables;
    const ctx = cdkJsonContext();
    const expected = Object.fromEntries(
      Object.entries(DEFAULT_RETENTION).map(([k, v]) => [k, (ctx[`muejam.retention.${k}`] as number | undefined) ?? v]),
    );
    expect(JSON.parse(env.RETENTION_POLICY)).toEqual(expected);
    expect(env.RETENTION_MAX_DELETES_PER_RUN).toBe('500');
    for (const fn of Object.values(resourcesOfType(t, 'AWS::Lambda::Function'))) {
      expect((fn as any).Properties.Environment?.Variables?.MUEJAM_LOCAL_RUN).toBeUndefined();
    }
  });

  it("may delete only this deployment's snapshots: its name pattern in both regions AND its deployment tag", () => {
    const statements = policyOf('DeleteDbSnapshot').filter((s) => !asArray(s.Action).some((a: string) => a.startsWith('logs:')));
    expect(statements).toHaveLength(1);
    const [s] = statements;
    expect(asArray(s.Action)).toEqual(['rds:DeleteDBSnapshot']);
    expect(asArray(s.Resource).sort()).toEqual([
      `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:muejam-muejam-db-prod-*`,
      `arn:aws:rds:us-west-2:${ACCOUNT}:snapshot:muejam-muejam-db-prod-*`,
    ]);
    expect(s.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/muejam:deployment': 'prod' } });
    // No other role of the app may delete a snapshot, except the DR drill's teardown: only snapshots carrying its
    // drill tags (ResourceTag purpose=dr-drill; on in cdk.json; test/infra/dr-drill-workflow.test.ts).
    const drillOnly = (x: any) => x.Condition?.StringEquals?.['aws:ResourceTag/muejam:purpose'] === 'dr-drill';
    const deleters = Object.entries(resourcesOfType(t, 'AWS::IAM::Policy')).filter(([, p]) =>
      (p.Properties.PolicyDocument.Statement as any[]).some((x) => asArray(x.Action).includes('rds:DeleteDBSnapshot') && !drillOnly(x)),
    );
    expect(deleters.map(([id]) => id)).toEqual([expect.stringMatching(/^StepLambdasDeleteDbSnapshotRole/)]);
  });

  it('lets the plan step only read (list snapshots, read the quota) and the report step call nothing', () => {
    const actions = policyOf('PlanRetention')
      .flatMap((s) => asArray(s.Action))
      .filter((a: string) => !a.startsWith('logs:'));
    // ssm:GetParameter: cdk.json configures a failover, so the plan reads the database's pointer (lib/workflows/pointer-readers.ts).
    expect([...new Set(actions)].sort()).toEqual(['rds:DescribeAccountAttributes', 'rds:DescribeDBSnapshots', 'ssm:GetParameter']);
    const report = policyOf('ReportRetention').flatMap((s) => asArray(s.Action));
    expect(report.every((a: string) => a.startsWith('logs:'))).toBe(true);
  });
});
