import type { WorkflowAlert } from '../../../../lambdas/domain/alerts/alert-message';
import type { CloudWatchAlarmNotification } from '../../../../lambdas/domain/alerts/cloudwatch-alarm-notification';
import type { SnsMessageLike } from '../../../../lambdas/domain/alerts/sns-to-pagerduty';

export const EXECUTION_ARN = 'arn:aws:states:eu-west-1:111122223333:execution:muejam-prod-database-backup:sched-20261124T0600Z';

export function failureAlert(over: Partial<WorkflowAlert> = {}): WorkflowAlert {
  return {
    source: 'muejam-backup-dr',
    kind: 'failure',
    deployment: 'prod',
    workflow: 'database-backup',
    resource: 'muejam-db-prod',
    step: 'copy to backup region',
    error: 'PreconditionFailed',
    cause: 'no customer-managed KMS key alias/muejam-backup in us-west-2',
    severity: 'critical',
    executionArn: EXECUTION_ARN,
    consoleUrl: `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${EXECUTION_ARN}`,
    dedupKey: 'muejam-backup-dr/prod/database-backup/muejam-db-prod',
    summary: 'database-backup failed for muejam-db-prod',
    time: '2026-11-24T06:04:05.000Z',
    ...over,
  };
}

export function recoveryAlert(over: Partial<WorkflowAlert> = {}): WorkflowAlert {
  return failureAlert({
    kind: 'recovery',
    step: '',
    error: '',
    cause: '',
    severity: 'info',
    summary: 'database-backup succeeded for muejam-db-prod',
    ...over,
  });
}

export function alarmNotification(over: Partial<CloudWatchAlarmNotification> = {}): CloudWatchAlarmNotification {
  return {
    AlarmName: 'muejam-prod-rpo-breached-muejam-db-prod',
    AlarmDescription:
      '[critical] The newest verified backup of muejam-db-prod is older than the 6 h RPO. First: check the last database-backup executions. Runbook: https://github.com/example/muejam-backup-dr/blob/main/docs/runbook.md#rpo-breached',
    AWSAccountId: '111122223333',
    NewStateValue: 'ALARM',
    OldStateValue: 'OK',
    NewStateReason: 'Threshold Crossed: 1 datapoint [25200.0 (24/11/26 08:00:00)] was greater than the threshold (21600.0).',
    StateChangeTime: '2026-11-24T08:01:02.345+0000',
    Region: 'EU (Ireland)',
    AlarmArn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:muejam-prod-rpo-breached-muejam-db-prod',
    Trigger: {
      MetricName: 'NewestVerifiedBackupAgeSeconds',
      Namespace: 'MueJam/Backup',
      Statistic: 'MAXIMUM',
      Dimensions: [
        { name: 'Resource', value: 'muejam-db-prod' },
        { name: 'Region', value: 'us-west-2' },
      ],
      Period: 900,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 21600,
      TreatMissingData: 'breaching',
    },
    ...over,
  };
}

export function sns(message: unknown, over: Partial<SnsMessageLike> = {}): SnsMessageLike {
  return {
    MessageId: '5d0f1a2b-0000-4000-8000-000000000001',
    TopicArn: 'arn:aws:sns:eu-west-1:111122223333:muejam-prod-alerts',
    Subject: null,
    Message: typeof message === 'string' ? message : JSON.stringify(message),
    Timestamp: '2026-11-24T08:01:03.000Z',
    ...over,
  };
}
