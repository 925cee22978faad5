/** The restore test in the synthesized template: weekly schedules, the checker Lambda in the VPC, the security-group rule only from the checker, deletes scoped to the restore-test tag. */
import { synthesizeVariant } from '../support/synth-variant';
import { resourcesOfType, synthesizedApp } from './synth';

let primary: any;
let backup: any;
beforeAll(async () => {
  const app = await synthesizedApp();
  const names = Object.keys(app.templates);
  primary = app.templates[names.find((n) => /primary/i.test(n)) ?? names[0]];
  backup = app.templates[names.find((n) => /backup/i.test(n)) ?? names[1]];
}, 300_000);

const statementsOf = (t: any, roleLogicalIdPart: string) =>
  Object.entries(resourcesOfType(t, 'AWS::IAM::Policy'))
    .filter(([id]) => id.includes(roleLogicalIdPart))
    .flatMap(([, p]: [string, any]) => p.Properties.PolicyDocument.Statement);
const resourcePrefixed = (t: any, type: string, namePart: string) =>
  Object.fromEntries(
    Object.entries(resourcesOfType(t, type)).filter(([, r]: [string, any]) =>
      String(r.Properties.AlarmName ?? r.Properties.Name).includes(namePart),
    ),
  );
const functionOf = (t: any, part: string) =>
  Object.entries(resourcesOfType(t, 'AWS::Lambda::Function')).find(([id]) => id.includes(part))?.[1] as any;

describe('restore test infrastructure', () => {
  it('schedules the restore test weekly, Sunday 04:00, per database, with the database and region mode as input', () => {
    const schedules = Object.values(resourcesOfType(primary, 'AWS::Scheduler::Schedule')).filter((s: any) =>
      String(s.Properties.Name).startsWith('restore-test-muejam-db-prod'),
    );
    expect(schedules).toHaveLength(1);
    const [s] = schedules as any[];
    expect(s.Properties.ScheduleExpression).toBe('cron(0 4 ? * SUN *)');
    expect(JSON.parse(s.Properties.Target.Input)).toEqual({
      dbInstanceIdentifier: 'muejam-db-prod',
      region: 'alternate',
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
  });

  it('runs the SQL checker in the VPC behind the checker security group; no other step Lambda is in the VPC', () => {
    const checker = functionOf(primary, 'RunRestoreTestChecks');
    expect(checker.Properties.VpcConfig.SubnetIds).toEqual(['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210']);
    const [sg] = checker.Properties.VpcConfig.SecurityGroupIds;
    expect(sg['Fn::GetAtt'][0]).toMatch(/CheckerSecurityGroup/);
    const inVpc = Object.entries(resourcesOfType(primary, 'AWS::Lambda::Function')).filter(
      ([, f]: [string, any]) => f.Properties.VpcConfig,
    );
    expect(inVpc.map(([id]) => id)).toEqual([expect.stringContaining('RunRestoreTestChecks')]);
  });

  it('lets PostgreSQL into the restore-test instances only from the checker security group', () => {
    const ingress = Object.values(resourcesOfType(primary, 'AWS::EC2::SecurityGroupIngress')) as any[];
    const toInstances = ingress.filter((i) => JSON.stringify(i.Properties.GroupId).includes('InstanceSecurityGroup'));
    expect(toInstances).toHaveLength(1);
    expect(toInstances[0].Properties).toMatchObject({ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 });
    expect(toInstances[0].Properties.SourceSecurityGroupId['Fn::GetAtt'][0]).toMatch(/CheckerSecurityGroup/);
    const groups = resourcesOfType(primary, 'AWS::EC2::SecurityGroup') as Record<string, any>;
    const instanceGroup = Object.entries(groups).find(([id]) => id.includes('InstanceSecurityGroup'))![1];
    expect(instanceGroup.Properties.SecurityGroupIngress).toBeUndefined();
    expect(instanceGroup.Properties.VpcId).toBe('vpc-0123456789abcdef0');
  });

  it("allows DeleteDBInstance only on <prefix>-rt-* instances tagged as this deployment's restore tests", () => {
    const deletes = Object.values(resourcesOfType(primary, 'AWS::IAM::Policy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => [s.Action].flat().includes('rds:DeleteDBInstance'));
    expect(deletes.length).toBeGreaterThan(0);
    const restoreTestDeletes = deletes.filter((s: any) => s.Sid === 'DeleteOwnRestoreTestInstances');
    expect(restoreTestDeletes.length).toBe(2); // janitor and teardown
    for (const s of restoreTestDeletes) {
      expect(JSON.stringify(s.Resource)).toContain(':db:muejam-rt-*');
      expect(s.Condition.StringEquals).toEqual({
        'aws:ResourceTag/muejam:managed-by': 'muejam-backup-dr',
        'aws:ResourceTag/muejam:deployment': 'prod',
        'aws:ResourceTag/muejam:purpose': 'restore-test',
      });
    }
    expect(statementsOf(primary, 'PlanRestoreTest')).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ Action: 'rds:DeleteDBInstance' })]),
    );
  });

  it('alarms when the projected 100 GiB RTO exceeds the target, and keeps the reports in the backup region with a lifecycle', () => {
    const alarms = Object.values(resourcesOfType(primary, 'AWS::CloudWatch::Alarm')).filter((a: any) =>
      String(a.Properties.AlarmName).includes('projected-rto'),
    ) as any[];
    expect(alarms.map((a) => a.Properties.AlarmName).sort()).toEqual([
      'muejam-backup-dr-prod-restore-test-muejam-db-prod-backup-projected-rto',
      'muejam-backup-dr-prod-restore-test-muejam-db-prod-primary-projected-rto',
    ]);
    expect(alarms[0].Properties).toMatchObject({
      MetricName: 'RestoreTestProjectedRto',
      Threshold: 14400,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    const buckets = Object.values(resourcesOfType(backup, 'AWS::S3::Bucket')).filter((b: any) =>
      String(b.Properties.BucketName ?? '').includes('-reports-'),
    ) as any[];
    expect(buckets).toHaveLength(1);
    expect(buckets[0].Properties.LifecycleConfiguration.Rules[0]).toMatchObject({ ExpirationInDays: 400, Status: 'Enabled' });
  });

  it('alarms (critical) when no restore test passed in 8 days, from a twice-daily freshness check whose silence breaches', () => {
    const [alarm] = Object.values(resourcePrefixed(primary, 'AWS::CloudWatch::Alarm', 'no-success-8-days')) as any[];
    expect(alarm.Properties).toMatchObject({
      AlarmName: 'muejam-backup-dr-prod-restore-test-muejam-db-prod-no-success-8-days',
      MetricName: 'RestoreTestSinceSuccess',
      Threshold: 8 * 86400,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'breaching',
      Period: 86400,
    });
    const check = functionOf(primary, 'FreshnessCheck');
    expect(check).toBeDefined();
    const schedule = (Object.values(resourcesOfType(primary, 'AWS::Scheduler::Schedule')) as any[]).find(
      (s) => s.Properties.Name === 'restore-test-freshness',
    );
    expect(schedule.Properties.ScheduleExpression).toBe('rate(12 hours)');
    expect(schedule.Properties.Target.Arn['Fn::GetAtt'][0]).toMatch(/FreshnessCheck/);
    const statements = statementsOf(primary, 'FreshnessCheck');
    const writes = statements.filter((x: any) => [x.Action].flat().includes('s3:PutObject'));
    expect(writes.flatMap((x: any) => [x.Resource].flat())).toEqual([
      'arn:aws:s3:::muejam-prod-reports-123456789012-us-west-2/restore-tests/muejam-db-prod/watch-start.json',
    ]);
  });

  it('regionMode "both": two weekly schedules per database (primary, backup), one run each', () => {
    const v = synthesizeVariant({ 'muejam.restoreTest.regionMode': 'both' });
    if (!v.ok) throw new Error(v.message);
    const t = v.templates[Object.keys(v.templates).find((n) => /primary/i.test(n))!];
    const runs = (Object.values(resourcesOfType(t, 'AWS::Scheduler::Schedule')) as any[])
      .filter((x) => String(x.Properties.Name).startsWith('restore-test-muejam-db-prod'))
      .map((x) => [x.Properties.Name, JSON.parse(x.Properties.Target.Input).region]);
    expect(runs.sort()).toEqual([
      ['restore-test-muejam-db-prod-backup', 'backup'],
      ['restore-test-muejam-db-prod-primary', 'primary'],
    ]);
  }, 300_000);
});
