/**
 * The JSON CloudWatch publishes to an SNS topic when an alarm changes state
 * (metric alarms carry `Trigger`, composite alarms carry `AlarmRule`).
 * Only the fields the forwarder reads are typed.
 */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface CloudWatchAlarmNotification {
  AlarmName: string;
  AlarmDescription?: string | null;
  AWSAccountId: string;
  NewStateValue: AlarmState;
  OldStateValue?: AlarmState;
  NewStateReason?: string;
  /** e.g. "2026-11-24T08:12:50.123+0000" */
  StateChangeTime?: string;
  /** Human region name ("US East (N. Virginia)"): the region code is read from AlarmArn. */
  Region?: string;
  AlarmArn?: string;
  AlarmRule?: string;
  Trigger?: {
    MetricName?: string;
    Namespace?: string;
    Statistic?: string;
    Dimensions?: { name?: string; value?: string; Name?: string; Value?: string }[];
    Period?: number;
    EvaluationPeriods?: number;
    ComparisonOperator?: string;
    Threshold?: number;
    TreatMissingData?: string;
  };
}

const STATES: readonly string[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

export function isCloudWatchAlarmNotification(value: unknown): value is CloudWatchAlarmNotification {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.AlarmName === 'string' && v.AlarmName.length > 0 && typeof v.NewStateValue === 'string' && STATES.includes(v.NewStateValue)
  );
}

/** Region code and account from the alarm ARN (arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME). */
export function alarmLocation(n: CloudWatchAlarmNotification): { region: string; account: string } {
  const parts = (n.AlarmArn ?? '').split(':');
  const region = parts.length >= 6 && parts[3] ? parts[3] : (n.Region ?? 'unknown-region');
  const account = n.AWSAccountId || (parts.length >= 6 ? parts[4] : '') || 'unknown-account';
  return { region, account };
}

/** Dimensions as a plain name → value map (SNS uses lower-case keys, EventBridge upper-case). */
export function alarmDimensions(n: CloudWatchAlarmNotification): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of n.Trigger?.Dimensions ?? []) {
    const name = d.name ?? d.Name;
    const value = d.value ?? d.Value;
    if (name && value !== undefined) out[name] = value;
  }
  return out;
}

/** The alarm's page in the CloudWatch console. */
export function alarmConsoleUrl(region: string, alarmName: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(alarmName)}`;
}

/** "2026-11-24T08:12:50.123+0000" → ISO 8601 with Z; undefined when unparseable. */
export function isoTime(t: string | undefined): string | undefined {
  if (!t) return undefined;
  const ms = Date.parse(t.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
