/**
 * The database restore workflow in the synthesized app (cdk.json defaults): its state machine,
 * IAM scoped by this deployment's restore tags (never a delete, modify only tagged restores), the
 * restore settings on its Lambdas and the over-RTO alarms.
 */
import { ROOT, type SynthResult, cdkJsonContext, resourcesOfType, synthesizedApp } from './synth';

const PRIMARY = 'muejam-backup-dr-prod-primary';
let synth: SynthResult;
let t: any;

beforeAll(async () => {
  synth = await synthesizedApp();
  t = synth.templates[PRIMARY];
}, 480_000);

const asArray = (v: unknown): any[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** The step Lambdas are shared (StepLambdas<Handler>...); the replication and RPO-check Lambdas belong to their constructs. */
const OWN_FUNCTIONS: Record<string, string> = {
  EnsurePitrReplication: 'DatabaseRestorePitrReplication',
  CheckRpo: 'ObservabilityRpoCheck',
};
const idOf = (handler: string) => OWN_FUNCTIONS[handler] ?? `StepLambdas${handler}`;
function policyOf(handler: string): any[] {
  const found = Object.entries(resourcesOfType(t, 'AWS::IAM::Policy')).find(
    ([id]) => id.startsWith(`${idOf(handler)}FunctionRole`) || id.startsWith(`${idOf(handler)}Role`),
  );
  if (!found) throw new Error(`no policy for ${handler}`);
  return found[1].Properties.PolicyDocument.Statement;
}
function functionOf(handler: string): any {
  const found = Object.entries(resourcesOfType(t, 'AWS::Lambda::Function')).find(([id]) => id.startsWith(`${idOf(handler)}Function`));
  if (!found) throw new Error(`no function for ${handler}`);
  return found[1];
}
const HANDLERS = [
  'ValidateDbRestore',
  'RestoreDbInstance',
  'CheckDbRestore',
  'ApplyDbRestoreSettings',
  'VerifyDbRestore',
  'RecordDbRestore',
  'NotifyRestoreFailure',
];

describe('database restore workflow', () => {
  it('deploys state-machines/database-restore.asl.json with its seven handlers', () => {
    const [sm] = Object.values(resourcesOfType(t, 'AWS::StepFunctions::StateMachine')).filter(
      (s: any) => s.Properties.StateMachineName === 'muejam-backup-dr-prod-database-restore',
    ) as any[];
    expect(sm).toBeDefined();
    expect(Object.keys(sm.Properties.DefinitionSubstitutions).sort()).toEqual(
      expect.arrayContaining(HANDLERS.map((h) => `${h}FunctionArn`)),
    );
    expect(ROOT).toBeTruthy();
  });

  it("allows the restore calls only with this deployment's restore tags in the request, from its own snapshots", () => {
    const statements = policyOf('RestoreDbInstance');
    const isRestore = (s: any) => asArray(s.Action).some((a: string) => /^rds:Restore/.test(a));
    // The DR drill (on in cdk.json) reuses this step for its own instances: only with the drill tags in the request
    // (every drill statement: test/infra/dr-drill-workflow.test.ts).
    const drill = statements.filter((s) => isRestore(s) && /Drill/.test(s.Sid ?? ''));
    expect(drill).toHaveLength(2);
    for (const s of drill) expect(s.Condition.StringEquals['aws:RequestTag/muejam:purpose']).toBe('dr-drill');
    const restoreCalls = statements.filter((s) => isRestore(s) && !drill.includes(s));
    expect(restoreCalls).toHaveLength(2);
    for (const s of restoreCalls) {
      expect(s.Condition.StringEquals).toEqual({
        'aws:RequestTag/muejam:managed-by': 'muejam-backup-dr',
        'aws:RequestTag/muejam:deployment': 'prod',
      });
      expect(s.Condition.Null).toEqual({ 'aws:RequestTag/muejam:purpose': 'false' });
    }
    const fromSnapshot = restoreCalls.find((s) => asArray(s.Action).includes('rds:RestoreDBInstanceFromDBSnapshot'));
    const snapshots = asArray(fromSnapshot.Resource).filter((r: string) => r.includes(':snapshot:'));
    const dbs = (cdkJsonContext()['muejam.databases'] as unknown[] | undefined) ?? ['muejam-db-prod'];
    expect(snapshots).toHaveLength(2 * dbs.length);
    for (const r of snapshots) expect(r).toMatch(/:snapshot:muejam-[a-z0-9-]+-\*$/);
    const tagging = statements.find((s) => asArray(s.Action).includes('rds:AddTagsToResource'));
    expect(tagging.Condition.StringEquals['aws:RequestTag/muejam:deployment']).toBe('prod');
  });

  it('never deletes, renames or modifies an instance it did not create', () => {
    for (const h of HANDLERS) {
      for (const s of policyOf(h)) {
        const actions = asArray(s.Action);
        expect(actions.filter((a: string) => /^rds:(Delete|Reboot|Promote|Stop|Failover)/.test(a))).toEqual([]);
        if (actions.includes('rds:ModifyDBInstance') && asArray(s.Resource).some((r: string) => r.includes(':db:'))) {
          expect(s.Condition.StringEquals['aws:ResourceTag/muejam:deployment']).toBe('prod');
          // a purpose tag must be present (restores) or be the drill's (the drill's own instances)
          const purpose = s.Condition.StringEquals['aws:ResourceTag/muejam:purpose'];
          if (purpose !== undefined) expect(purpose).toBe('dr-drill');
          else expect(s.Condition.Null['aws:ResourceTag/muejam:purpose']).toBe('false');
        }
      }
    }
  });

  it('gives the restore handlers the restore settings', () => {
    for (const h of HANDLERS) expect(Object.keys(functionOf(h).Properties.Environment.Variables)).toContain('MUEJAM_SETTINGS_RESTORE');
  });

  it('alarms when a restore of a database in either region takes longer than muejam.rtoHours', () => {
    const ctx = cdkJsonContext();
    const dbs = ((ctx['muejam.databases'] as unknown[] | undefined) ?? ['muejam-db-prod']).map((d: any) =>
      typeof d === 'string' ? d : d.id,
    );
    const rto = Number(ctx['muejam.rtoHours'] ?? 4);
    const alarms = Object.values(resourcesOfType(t, 'AWS::CloudWatch::Alarm')).filter(
      (a: any) => a.Properties.MetricName === 'RestoreDuration',
    ) as any[];
    expect(alarms).toHaveLength(dbs.length * 2);
    for (const a of alarms) {
      expect(a.Properties).toMatchObject({
        Threshold: rto * 3600,
        ComparisonOperator: 'GreaterThanThreshold',
        Statistic: 'Maximum',
        TreatMissingData: 'notBreaching',
      });
      expect(a.Properties.AlarmDescription).toMatch(/^\[critical\] A restore of .* took longer than the RTO/);
      expect(a.Properties.AlarmDescription).toContain('#alarm-restore-over-rto');
      expect(a.Properties.Dimensions).toEqual(expect.arrayContaining([{ Name: 'Workflow', Value: 'database-restore' }]));
      expect(a.Properties.AlarmActions).toHaveLength(1);
    }
  });
});

describe('point-in-time recovery kept alive in the backup region', () => {
  const dbs = () =>
    ((cdkJsonContext()['muejam.databases'] as unknown[] | undefined) ?? ['muejam-db-prod']).map((d: any) =>
      typeof d === 'string' ? d : d.id,
    );
  const ctxNumber = (k: string, d: number) => Number(cdkJsonContext()[k] ?? d);

  it('an hourly schedule runs the replication Lambda, with the retention, for every protected database', () => {
    const fn = functionOf('EnsurePitrReplication');
    expect(fn.Properties.Environment.Variables).toMatchObject({
      PITR_REPLICATION_RETENTION_DAYS: String(ctxNumber('muejam.pitrReplicationRetentionDays', 7)),
      DATABASES: dbs().join(','),
    });
    const schedules = Object.values(resourcesOfType(t, 'AWS::Scheduler::Schedule')).filter(
      (s: any) => s.Properties.Name === 'ensure-pitr-replication',
    ) as any[];
    expect(schedules).toHaveLength(1);
    expect(schedules[0].Properties.ScheduleExpression).toBe('rate(1 hour)');
    expect(schedules[0].Properties.Target.DeadLetterConfig).toBeDefined();
  });

  it('IAM: starts replication of the protected instances only, uses the keys only through RDS, deletes nothing', () => {
    const statements = policyOf('EnsurePitrReplication');
    const start = statements.filter((s) => asArray(s.Action).includes('rds:StartDBInstanceAutomatedBackupsReplication'));
    expect(start).toHaveLength(1);
    expect(asArray(start[0].Resource).sort()).toEqual(
      dbs()
        .map((db) => `arn:aws:rds:us-east-1:123456789012:db:${db}`)
        .sort(),
    );
    for (const s of statements) {
      const actions = asArray(s.Action);
      expect(actions.filter((a: string) => /^rds:(Delete|Modify|Stop|Reboot|Promote|Restore)/.test(a))).toEqual([]);
      if (actions.includes('kms:CreateGrant')) expect(s.Condition.StringEquals['kms:ViaService']).toHaveLength(2);
    }
  });

  it("the RPO check may read the backup region's automated backups (its PITR lag)", () => {
    const statements = policyOf('CheckRpo');
    const read = statements.find((s) => asArray(s.Action).includes('rds:DescribeDBInstanceAutomatedBackups'));
    expect(asArray(read.Resource)).toEqual(expect.arrayContaining(dbs().map((db) => `arn:aws:rds:us-west-2:123456789012:db:${db}`)));
  });

  it('alarms per database when the backup region lags more than muejam.pitrLagAlarmMinutes (missing data breaches)', () => {
    const alarms = Object.values(resourcesOfType(t, 'AWS::CloudWatch::Alarm')).filter(
      (a: any) => a.Properties.MetricName === 'BackupRegionPitrLag',
    ) as any[];
    expect(alarms.map((a) => a.Properties.AlarmName).sort()).toEqual(
      dbs()
        .map((db) => `muejam-backup-dr-prod-${db}-pitr-lag-backup`)
        .sort(),
    );
    for (const a of alarms) {
      expect(a.Properties).toMatchObject({
        Threshold: ctxNumber('muejam.pitrLagAlarmMinutes', 15) * 60,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'breaching',
      });
      expect(a.Properties.Dimensions).toEqual(expect.arrayContaining([{ Name: 'Region', Value: 'us-west-2' }]));
      expect(a.Properties.AlarmDescription).toContain('#alarm-pitr-lag-backup');
    }
  });
});
