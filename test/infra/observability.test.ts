/**
 * Observability in the synthesized primary stack (cdk.json defaults): the
 * PagerDuty forwarder and its dead-letter path, the RPO check and its
 * schedule, every alarm (actions on ALARM and OK, severity-tagged description
 * with a first action and a runbook section that exists), and the dashboard.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAlarmDescription } from '../../lambdas/domain/alerts/alarm-description';
import { PAGERDUTY_US_ENDPOINT } from '../../lambdas/services/pagerduty-config';
import { FORWARDER_ASYNC_RETRIES } from '../../lib/observability/pagerduty-forwarding';
import { ROOT, type SynthResult, resourcesOfType, synthesizedApp } from './synth';

const PRIMARY = 'muejam-backup-dr-prod-primary';
let synth: SynthResult;
let template: any;

beforeAll(async () => {
  synth = await synthesizedApp();
  template = synth.templates[PRIMARY];
}, 240_000);

const byType = (type: string) => Object.entries(resourcesOfType(template, type)) as [string, any][];
const alarms = () => byType('AWS::CloudWatch::Alarm').filter(([id]) => id.startsWith('Observability'));
const alarmNamed = (name: string) => alarms().find(([, a]) => a.Properties.AlarmName === name)?.[1].Properties;
const fnWithHandler = (file: string) =>
  byType('AWS::Lambda::Function').find(([, f]) => String(f.Properties.Description ?? '').includes(`lambdas/handlers/${file}`));
const ref = (id: string) => ({ Ref: id });

describe('PagerDuty forwarding', () => {
  it('subscribes the forwarder to the alert topic, retries twice asynchronously, then dead-letters to SQS', () => {
    const [fnId, fn] = fnWithHandler('forward-to-pagerduty.ts')!;
    const [topicId] = byType('AWS::SNS::Topic')[0];
    const subs = byType('AWS::SNS::Subscription').map(([, s]) => s.Properties);
    expect(subs).toContainEqual(
      expect.objectContaining({ Protocol: 'lambda', TopicArn: ref(topicId), Endpoint: { 'Fn::GetAtt': [fnId, 'Arn'] } }),
    );
    const [, invoke] = byType('AWS::Lambda::EventInvokeConfig').find(([, c]) => c.Properties.FunctionName.Ref === fnId)!;
    expect(invoke.Properties.MaximumRetryAttempts).toBe(FORWARDER_ASYNC_RETRIES);
    const dlq = invoke.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
    expect(template.Resources[dlq].Type).toBe('AWS::SQS::Queue');
    expect(fn.Properties.Environment.Variables).toMatchObject({
      PAGERDUTY_ROUTING_KEY_SECRET_ID: 'muejam-backup-dr-prod/pagerduty-routing-key',
      PAGERDUTY_EVENTS_URL: PAGERDUTY_US_ENDPOINT,
    });
    // An alarm watches that dead-letter queue.
    const dlqAlarm = alarmNamed('muejam-backup-dr-prod-pagerduty-dead-letters');
    expect(dlqAlarm.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }]);
  });

  it('may read only its routing key secret, and the key is nowhere in the template', () => {
    const [fnId] = fnWithHandler('forward-to-pagerduty.ts')!;
    const roleId = template.Resources[fnId].Properties.Role['Fn::GetAtt'][0];
    const statements = byType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    const secretReads = statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('secretsmanager:')));
    expect(secretReads).toEqual([
      expect.objectContaining({
        Action: 'secretsmanager:GetSecretValue',
        Resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:muejam-backup-dr-prod/pagerduty-routing-key-??????',
      }),
    ]);
    expect(JSON.stringify(template)).not.toMatch(/routing_?key"\s*:/i);
    expect(byType('AWS::SecretsManager::Secret')).toEqual([]);
  });
});

describe('RPO check', () => {
  it('runs every 15 minutes from EventBridge Scheduler with retries and the schedule dead-letter queue', () => {
    const [fnId, fn] = fnWithHandler('check-rpo.ts')!;
    const [, schedule] = byType('AWS::Scheduler::Schedule').find(([, s]) => s.Properties.Name === 'check-rpo')!;
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'rate(15 minutes)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 4 } },
    });
    expect(schedule.Properties.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0]).toMatch(/^SchedulingDeadLetterQueue/);
    expect(fn.Properties.Environment.Variables).toMatchObject({
      RPO_HOURS: '6',
      DATABASES: 'muejam-db-prod',
      METRICS_NAMESPACE: 'MueJam/Backup',
    });
  });
});

describe('RPO check permissions', () => {
  it("may only read: this deployment's snapshots and instance, and the Redis verified markers", () => {
    const [fnId] = fnWithHandler('check-rpo.ts')!;
    const roleId = template.Resources[fnId].Properties.Role['Fn::GetAtt'][0];
    const statements = byType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .filter((st: any) => st.Sid !== undefined || ![st.Action].flat().every((a: string) => a.startsWith('logs:')));
    const actions = [...new Set(statements.flatMap((st: any) => [st.Action].flat()))].filter((a: string) => !a.startsWith('logs:')).sort();
    // DescribeDBInstanceAutomatedBackups: the backup region's PITR lag (replicated automated backups, issue 10).
    // ssm:GetParameter + the replica: cdk.json configures a failover, so the check follows the database's pointer.
    expect(actions).toEqual([
      'rds:DescribeDBInstanceAutomatedBackups',
      'rds:DescribeDBInstances',
      'rds:DescribeDBSnapshots',
      's3:GetObject',
      's3:ListBucket',
      'ssm:GetParameter',
    ]);
    const resources = statements
      .filter((st: any) => !([st.Action].flat()[0] as string).startsWith('logs:'))
      .flatMap((st: any) => [st.Resource].flat());
    for (const r of resources) {
      expect(String(r)).toMatch(
        /^arn:aws:(rds:(us-east-1|us-west-2):123456789012:(db:muejam-db-prod(-replica)?|snapshot:muejam-muejam-db-prod-\*)|ssm:us-east-1:123456789012:parameter\/muejam-backup-dr\/prod\/databases\/muejam-db-prod\/current-instance|rds:us-west-2:123456789012:auto-backup:\*|s3:::muejam-prod-redis-123456789012-(us-east-1|us-west-2)(\/verified\/\*)?)$/,
      );
    }
  });
});

describe('alarms', () => {
  const runbook = readFileSync(path.join(ROOT, 'docs', 'runbook.md'), 'utf8');

  it('every alarm pages on ALARM and resolves on OK through the alert topic (alert-delivery alarms also through alert-health)', () => {
    const [topicId] = byType('AWS::SNS::Topic').find(([, t]) => String(t.Properties.TopicName).endsWith('-alerts'))!;
    const [healthId] = byType('AWS::SNS::Topic').find(([, t]) => String(t.Properties.TopicName).endsWith('-alert-health'))!;
    expect(alarms().length).toBeGreaterThan(10);
    for (const [, a] of alarms()) {
      const actions = a.Properties.AlarmActions;
      expect([[ref(topicId)], [ref(topicId), ref(healthId)]]).toContainEqual(actions);
      expect(a.Properties.OKActions).toEqual(actions);
      expect(a.Properties.InsufficientDataActions).toBeUndefined();
    }
  });

  it('every description carries a severity tag, a first action and a runbook section that exists', () => {
    for (const [, a] of alarms()) {
      const d = parseAlarmDescription(a.Properties.AlarmDescription);
      expect(d.explicit).toBe(true);
      expect(a.Properties.AlarmDescription.length).toBeLessThanOrEqual(1024);
      expect(d.text).toContain(' First: ');
      // A link when muejam.runbookUrl is set; by default the repository path docs/runbook.md#<section>.
      const anchor = / Runbook: \S+#([a-z0-9-]+)/.exec(d.text)?.[1];
      expect(runbook).toContain(`<a id="${anchor}"></a>`);
    }
  });

  it('RPO breached: per database and region, 30-minute maximum of the newest verified backup age above the RPO, missing data breaches', () => {
    for (const region of ['us-east-1', 'us-west-2']) {
      const a = alarmNamed(`muejam-backup-dr-prod-muejam-db-prod-${region}-rpo-breached`);
      expect(a).toMatchObject({
        Namespace: 'MueJam/Backup',
        MetricName: 'NewestVerifiedBackupAge',
        Statistic: 'Maximum',
        Period: 1800,
        Threshold: 6 * 3600,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'breaching',
      });
      expect(a.Dimensions).toEqual(
        expect.arrayContaining([
          { Name: 'service', Value: 'muejam-backup-dr' },
          { Name: 'Resource', Value: 'muejam-db-prod' },
          { Name: 'Region', Value: region },
        ]),
      );
      expect(parseAlarmDescription(a.AlarmDescription).severity).toBe('critical');
    }
  });

  it('holds Redis groups (backed up daily) to a 26 h RPO', () => {
    const a = alarmNamed('muejam-backup-dr-prod-muejam-redis-prod-us-west-2-rpo-breached');
    expect(a).toBeDefined();
    expect(a.Threshold).toBe(26 * 3600);
    expect(a.AlarmDescription).toContain('older than the 26 h RPO');
  });

  it('database backup: executions failed or timed out, and verification failed, both critical', () => {
    const failed = alarmNamed('muejam-backup-dr-prod-database-backup-executions-failed');
    const names = failed.Metrics.filter((m: any) => m.MetricStat)
      .map((m: any) => m.MetricStat.Metric.MetricName)
      .sort();
    expect(names).toEqual(['ExecutionsFailed', 'ExecutionsTimedOut']);
    expect(failed.Metrics.find((m: any) => m.Expression).Expression).toBe('FILL(failed, 0) + FILL(timedOut, 0)');
    expect(failed).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
    const verification = alarmNamed('muejam-backup-dr-prod-database-backup-muejam-db-prod-verification-failed');
    expect(verification).toMatchObject({ MetricName: 'VerificationFailed', Statistic: 'Sum', Period: 300, Threshold: 1 });
    for (const a of [failed, verification]) expect(parseAlarmDescription(a.AlarmDescription).severity).toBe('critical');
  });

  it('errors of the forwarder and the RPO check, throttles of every Lambda, and alert delivery failures', () => {
    const functions = byType('AWS::Lambda::Function').filter(([, f]) =>
      String(f.Properties.Description ?? '').includes('lambdas/handlers/'),
    );
    const throttled = alarms()
      .filter(([, a]) => a.Properties.MetricName === 'Throttles')
      .map(([, a]) => a.Properties.Dimensions[0].Value.Ref);
    expect(throttled.sort()).toEqual(functions.map(([id]) => id).sort());
    const errors = alarms()
      .filter(([, a]) => a.Properties.MetricName === 'Errors')
      .map(([, a]) => a.Properties.AlarmName)
      .sort();
    expect(errors).toEqual(['muejam-backup-dr-prod-check-rpo-lambda-errors', 'muejam-backup-dr-prod-forward-to-pagerduty-lambda-errors']);
    // Throttle alarms use the same handler names as the errors alarms and the runbook.
    for (const handler of ['check-rpo', 'forward-to-pagerduty', 'create-db-snapshot', 'publish-alert']) {
      expect(alarmNamed(`muejam-backup-dr-prod-${handler}-lambda-throttles`)).toMatchObject({ MetricName: 'Throttles' });
    }
    expect(alarmNamed('muejam-backup-dr-prod-alert-topic-delivery-failures')).toMatchObject({
      Namespace: 'AWS/SNS',
      MetricName: 'NumberOfNotificationsFailed',
    });
    expect(alarmNamed('muejam-backup-dr-prod-pagerduty-dead-letter-delivery-failures')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'DestinationDeliveryFailures',
    });
  });
});

describe('dashboard', () => {
  it('shows backup age against the RPO, success rate, durations, retention, executions, PITR lag and every alarm', () => {
    const [[, dash]] = byType('AWS::CloudWatch::Dashboard');
    expect(dash.Properties.DashboardName).toBe('muejam-backup-dr-prod');
    const body = (dash.Properties.DashboardBody['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : '"<token>"')).join('');
    const widgets = JSON.parse(body.replace(/""<token>""/g, '"<token>"').replace(/"<token>"/g, '"<token>"')).widgets as any[];
    const titles = widgets.map((w) => w.properties.title).filter(Boolean);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Newest verified backup age (h) vs RPO 6 h (caches: daily, 26 h)',
        'Alarms',
        'Backup success rate per day (%)',
        'Durations (minutes): backup and cross-region copy',
        'Retention: snapshots deleted / kept per day',
        'Workflow executions: succeeded / failed',
      ]),
    );
    const age = widgets.find((w) => w.properties.title?.startsWith('Newest verified backup age'));
    expect(age.properties.annotations.horizontal).toEqual([{ value: 6, label: 'RPO 6 h', color: '#d62728', yAxis: 'left' }]);
    const alarmWidget = widgets.find((w) => w.type === 'alarm');
    // every alarm of the stack: Observability's and the schedule dead-letter alarm
    expect(alarmWidget.properties.alarms).toHaveLength(byType('AWS::CloudWatch::Alarm').length);
  });
});
