import {
  alarmConsoleUrl,
  alarmDimensions,
  alarmLocation,
  isCloudWatchAlarmNotification,
  isoTime,
} from '../../../../lambdas/domain/alerts/cloudwatch-alarm-notification';
import { alarmNotification } from './fixtures';

describe('CloudWatch alarm notification helpers', () => {
  it('recognises alarm notifications by name and a known state', () => {
    expect(isCloudWatchAlarmNotification(alarmNotification())).toBe(true);
    expect(isCloudWatchAlarmNotification({ AlarmName: 'x', NewStateValue: 'BROKEN' })).toBe(false);
    expect(isCloudWatchAlarmNotification({ AlarmName: '', NewStateValue: 'OK' })).toBe(false);
    expect(isCloudWatchAlarmNotification('ALARM')).toBe(false);
  });

  it('reads the region code from the ARN, not the human region name', () => {
    expect(alarmLocation(alarmNotification())).toEqual({ region: 'eu-west-1', account: '111122223333' });
    expect(alarmLocation(alarmNotification({ AlarmArn: undefined }))).toEqual({ region: 'EU (Ireland)', account: '111122223333' });
  });

  it('reads dimensions in both SNS (lower-case) and EventBridge (upper-case) spellings', () => {
    expect(
      alarmDimensions(
        alarmNotification({
          Trigger: {
            Dimensions: [
              { Name: 'QueueName', Value: 'dlq' },
              { name: 'Resource', value: 'db' },
            ],
          },
        }),
      ),
    ).toEqual({
      QueueName: 'dlq',
      Resource: 'db',
    });
    expect(alarmDimensions(alarmNotification({ Trigger: undefined }))).toEqual({});
  });

  it('converts CloudWatch times (+0000) to ISO 8601', () => {
    expect(isoTime('2026-11-24T08:01:02.345+0000')).toBe('2026-11-24T08:01:02.345Z');
    expect(isoTime('2026-11-24T10:01:02.345+0200')).toBe('2026-11-24T08:01:02.345Z');
    expect(isoTime('2026-11-24T08:01:02Z')).toBe('2026-11-24T08:01:02.000Z');
    expect(isoTime('garbage')).toBeUndefined();
    expect(isoTime(undefined)).toBeUndefined();
  });

  it('links the alarm in the console with the name encoded', () => {
    expect(alarmConsoleUrl('us-west-2', 'a b/c')).toBe(
      'https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2#alarmsV2:alarm/a%20b%2Fc',
    );
  });
});
