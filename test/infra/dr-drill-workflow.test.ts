/**
 * The DR drill in the synthesized template (cdk-nag on, as `cdk synth`): the quarterly schedule
 * per database, IAM where every mutating call needs the drill tags (aws:RequestTag on create,
 * aws:ResourceTag afterwards) on drill instances only, Route 53 changes on the drill record only,
 * the reports under dr-drill/ of the backup region's report bucket (lifecycle), the 100-day alarm,
 * and the configuration checks.
 */
import { synthesizeVariant } from '../support/synth-variant';
import { resourcesOfType, synthesizedApp } from './synth';

const DB = 'muejam-db-prod';
const FAILOVER = JSON.stringify({
  [DB]: {
    replica: { id: 'muejam-db-prod-replica', availabilityZone: 'us-east-1b' },
    dns: { hostedZoneId: 'Z0PRODZONE1', recordName: 'db.muejam.internal', ttl: 30 },
    drillDns: { hostedZoneId: 'Z0DRILLZONE', recordName: 'drill-db.muejam.internal', ttl: 10 },
    denyAllSecurityGroupId: 'sg-0123456789abcdef0',
  },
});
const ENABLED = { 'muejam.drill.enabled': 'true', 'muejam.failover.databases': FAILOVER };

function templates(overrides: Record<string, string>) {
  const v = synthesizeVariant(overrides);
  if (!v.ok) throw new Error(v.message);
  const names = Object.keys(v.templates);
  return {
    primary: v.templates[names.find((n) => /primary/i.test(n))!],
    backup: v.templates[names.find((n) => /backup/i.test(n))!],
  };
}
/** The step Lambdas are shared by name across workflows; the drill's statements carry "Drill" in their Sid. */
const allStatements = (t: any, handler = '') =>
  (Object.entries(resourcesOfType(t, 'AWS::IAM::Policy')) as [string, any][])
    .filter(([id]) => id.startsWith(`StepLambdas${handler}`))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
const drillStatements = (t: any) => allStatements(t).filter((s) => /Drill/.test(s.Sid ?? ''));
const statements = (t: any, handler: string) => allStatements(t, `${handler}Role`);
const MUTATING = /^rds:(Restore|Create|Delete|Modify|Promote|AddTags)|^route53:Change/;

let t: { primary: any; backup: any };
beforeAll(() => {
  t = templates(ENABLED);
}, 300_000);

describe('DR drill infrastructure', () => {
  it('is in the template cdk.json synthesizes: the quarterly schedule per database and the 100-day alarm', async () => {
    const { templates: plain } = await synthesizedApp();
    const primary = plain[Object.keys(plain).find((n) => /primary/i.test(n))!];
    const schedules = (Object.values(resourcesOfType(primary, 'AWS::Scheduler::Schedule')) as any[]).filter(
      (x) => x.Properties.Name === `dr-drill-${DB}`,
    );
    expect(schedules.map((x) => x.Properties.ScheduleExpression)).toEqual(['cron(0 5 ? JAN,APR,JUL,OCT SUN#1 *)']);
    const alarms = (Object.values(resourcesOfType(primary, 'AWS::CloudWatch::Alarm')) as any[]).filter((a) =>
      String(a.Properties.AlarmName).includes('dr-drill-muejam-db-prod-no-success'),
    );
    expect(alarms).toHaveLength(1);
  }, 300_000);

  it('schedules the drill per database on the first Sunday of January, April, July and October, 05:00 UTC', () => {
    const s = (Object.values(resourcesOfType(t.primary, 'AWS::Scheduler::Schedule')) as any[]).filter((x) =>
      String(x.Properties.Name).startsWith('dr-drill-muejam-db-prod'),
    );
    expect(s).toHaveLength(1);
    expect(s[0].Properties).toMatchObject({ ScheduleExpression: 'cron(0 5 ? JAN,APR,JUL,OCT SUN#1 *)', ScheduleExpressionTimezone: 'UTC' });
    expect(JSON.parse(s[0].Properties.Target.Input)).toEqual({ dbInstanceIdentifier: DB });
  });

  it('takes another schedule from muejam.drill.schedule', () => {
    const other = templates({ ...ENABLED, 'muejam.drill.schedule': 'cron(0 6 ? MAR,JUN,SEP,DEC SAT#2 *)' });
    const s = (Object.values(resourcesOfType(other.primary, 'AWS::Scheduler::Schedule')) as any[]).find(
      (x) => x.Properties.Name === `dr-drill-${DB}`,
    );
    expect(s.Properties.ScheduleExpression).toBe('cron(0 6 ? MAR,JUN,SEP,DEC SAT#2 *)');
  });

  it('allows every mutating RDS call only on drill instances carrying (or created with) the drill tags of this deployment', () => {
    const mutating = drillStatements(t.primary).filter((s) => [s.Action].flat().some((a: string) => MUTATING.test(a)));
    expect(mutating.length).toBeGreaterThanOrEqual(8);
    for (const s of mutating.filter((x) => [x.Action].flat().some((a: string) => a.startsWith('rds:')))) {
      if (s.Sid === 'DrillUseConfiguredGroups') {
        expect([s.Resource].flat().every((r: string) => /:(pg|og|subgrp):\*$/.test(r))).toBe(true);
        continue;
      }
      const cond = JSON.stringify(s.Condition ?? {});
      expect(cond).toMatch(/aws:(Request|Resource)Tag\/muejam:purpose":"dr-drill"/);
      expect(cond).toMatch(/aws:(Request|Resource)Tag\/muejam:execution":"false"/);
      const dbs = [s.Resource].flat().filter((r: any) => typeof r === 'string' && r.includes(':db:'));
      if (s.Sid === 'DeleteDrillSnapshotsOnly') expect([s.Resource].flat().every((r: string) => /:snapshot:\*$/.test(r))).toBe(true);
      else expect(dbs.length).toBeGreaterThan(0);
      for (const r of dbs) expect(r).toMatch(/:us-west-2:\d{12}:db:muejam-db-prod-dr\*$/);
    }
    // Creates need the tags in the request, later calls on the resource.
    const byAction = (a: string) => mutating.filter((s) => [s.Action].flat().includes(a));
    for (const a of ['rds:RestoreDBInstanceFromDBSnapshot', 'rds:RestoreDBInstanceToPointInTime', 'rds:CreateDBInstanceReadReplica'])
      expect(JSON.stringify(byAction(a).map((s) => s.Condition))).toContain('aws:RequestTag/muejam:purpose');
    for (const a of ['rds:DeleteDBInstance', 'rds:PromoteReadReplica', 'rds:DeleteDBSnapshot'])
      expect(byAction(a).every((s) => JSON.stringify(s.Condition).includes('aws:ResourceTag/muejam:purpose'))).toBe(true);
  });

  it('changes Route 53 only on the drill record (UPSERT to repoint, DELETE to tear down), never the production record', () => {
    const changes = drillStatements(t.primary).filter((s) => [s.Action].flat().includes('route53:ChangeResourceRecordSets'));
    expect(changes.length).toBeGreaterThanOrEqual(2);
    for (const s of changes) {
      expect(s.Resource).toEqual(expect.stringContaining('hostedzone/Z0DRILLZONE'));
      expect(s.Condition['ForAllValues:StringEquals']['route53:ChangeResourceRecordSetsNormalizedRecordNames']).toEqual([
        'drill-db.muejam.internal',
      ]);
    }
    expect(JSON.stringify(statements(t.primary, 'RepointDatabaseDns'))).toContain('"UPSERT"');
    expect(JSON.stringify(statements(t.primary, 'TeardownDrDrill'))).toContain('"DELETE"');
    for (const h of ['TeardownDrDrill', 'CheckDrillTeardown', 'ReportDrDrill'])
      expect(JSON.stringify(statements(t.primary, h))).not.toContain('Z0PRODZONE1');
  });

  it('writes the reports under dr-drill/ of the backup region bucket, which expires objects (lifecycle)', () => {
    const writes = statements(t.primary, 'ReportDrDrill').filter((s) => [s.Action].flat().includes('s3:PutObject'));
    expect(writes).toHaveLength(1);
    expect(writes[0].Resource).toMatch(/^arn:aws:s3:::muejam-[a-z0-9-]+-reports-\d{12}-us-west-2\/dr-drill\/\*$/);
    const buckets = Object.values(resourcesOfType(t.backup, 'AWS::S3::Bucket')) as any[];
    const reports = buckets.find((b) => String(b.Properties.BucketName).includes('-reports-'));
    expect(reports.Properties.LifecycleConfiguration.Rules.some((r: any) => r.ExpirationInDays > 0)).toBe(true);
  });

  it('alarms when no drill passed in 100 days (missing data breaches), to the alert topic', () => {
    const alarms = (Object.values(resourcesOfType(t.primary, 'AWS::CloudWatch::Alarm')) as any[]).filter((a) =>
      String(a.Properties.AlarmName).includes('dr-drill-muejam-db-prod-no-success'),
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0].Properties).toMatchObject({
      MetricName: 'DrDrillSinceSuccess',
      Threshold: 100 * 86400,
      TreatMissingData: 'breaching',
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(alarms[0].Properties.AlarmActions).toHaveLength(1);
    const freshness = (Object.values(resourcesOfType(t.primary, 'AWS::Scheduler::Schedule')) as any[]).find(
      (x) => x.Properties.Name === 'dr-drill-freshness',
    );
    expect(freshness.Properties.ScheduleExpression).toBe('rate(1 day)');
  });

  it('gives the drill handlers its settings (goals, report bucket) and runs the SQL checker in the VPC', () => {
    const fns = Object.entries(resourcesOfType(t.primary, 'AWS::Lambda::Function')).filter(([id]) => id.startsWith('StepLambdas'));
    const report = fns.find(([id]) => id.includes('ReportDrDrill'))![1] as any;
    const settings = JSON.parse(report.Properties.Environment.Variables.MUEJAM_SETTINGS_DRILL);
    expect(settings).toMatchObject({ rtoHours: 4, rpoHours: 6, inFlightMinutes: 120 });
    expect(settings.reportBucket).toMatch(/-reports-\d{12}-us-west-2$/);
    const checker = fns.find(([id]) => id.includes('RunRestoreTestChecks'))![1] as any;
    expect(checker.Properties.VpcConfig.SubnetIds).toEqual(['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210']);
  });

  it('is absent unless enabled, and refuses to synthesize without a drill DNS record or the restore test', () => {
    const off = templates({ 'muejam.drill.enabled': 'false' });
    expect(Object.keys(resourcesOfType(off.primary, 'AWS::StepFunctions::StateMachine')).some((id) => id.startsWith('DrDrill'))).toBe(
      false,
    );
    expect(Object.keys(resourcesOfType(t.primary, 'AWS::StepFunctions::StateMachine')).some((id) => id.startsWith('DrDrill'))).toBe(true);
    const { drillDns: _drill, ...withoutDrillDns } = JSON.parse(FAILOVER)[DB];
    const noDns = synthesizeVariant({
      'muejam.drill.enabled': 'true',
      'muejam.failover.databases': JSON.stringify({ [DB]: withoutDrillDns }),
    });
    expect(noDns).toMatchObject({ ok: false, configError: true });
    expect((noDns as { message: string }).message).toContain(`muejam.drill.enabled: needs muejam.failover.databases.${DB}.drillDns`);
    const noRt = synthesizeVariant({ ...ENABLED, 'muejam.restoreTest.enabled': 'false' });
    expect((noRt as { message: string }).message).toContain('muejam.drill.enabled: needs muejam.restoreTest.enabled');
  });
});
