/** The RDS and CloudWatch reads the failover and replica steps share. */
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { type DBInstance, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import type { LagDatapoint } from '../domain/failover/lag';
import type { PrimarySignals } from '../domain/failover/primary-health';
import type { ClientFactory } from '../runtime/clients';
import { hasCode, rethrowTyped } from './aws-errors';

/** The instance, or undefined when it does not exist. */
export async function describeInstance(clients: ClientFactory, region: string, id: string): Promise<DBInstance | undefined> {
  try {
    const out = await clients(RDSClient, region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
    return out.DBInstances?.[0];
  } catch (err) {
    if (hasCode(err, 'DBInstanceNotFound')) return undefined;
    return rethrowTyped(err, `describe RDS instance ${id}`);
  }
}

/** Minutes of ReplicaLag history read: the freshness window (5 min) and some margin. */
const LAG_WINDOW_MINUTES = 10;

/** AWS/RDS ReplicaLag datapoints (1-minute maximum) of a replica over the last 10 minutes. */
export async function replicaLagDatapoints(clients: ClientFactory, region: string, replicaId: string, now: Date): Promise<LagDatapoint[]> {
  try {
    const out = await clients(CloudWatchClient, region).send(
      new GetMetricDataCommand({
        StartTime: new Date(now.getTime() - LAG_WINDOW_MINUTES * 60_000),
        EndTime: now,
        MetricDataQueries: [
          {
            Id: 'lag',
            MetricStat: {
              Metric: { Namespace: 'AWS/RDS', MetricName: 'ReplicaLag', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: replicaId }] },
              Period: 60,
              Stat: 'Maximum',
            },
          },
        ],
      }),
    );
    const r = out.MetricDataResults?.[0];
    const times = r?.Timestamps ?? [];
    const values = r?.Values ?? [];
    return times.map((t, i) => ({ timestamp: new Date(t).toISOString(), value: values[i] ?? Number.NaN }));
  } catch (err) {
    return rethrowTyped(err, `read ReplicaLag of ${replicaId}`);
  }
}

/** The state of an alarm and since when, or "missing". */
export async function alarmState(clients: ClientFactory, region: string, name: string): Promise<PrimarySignals['alarm']> {
  try {
    const out = await clients(CloudWatchClient, region).send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
    const a = out.MetricAlarms?.[0];
    if (!a?.StateValue) return { name, state: 'missing' };
    return {
      name,
      state: a.StateValue as PrimarySignals['alarm']['state'],
      since: a.StateUpdatedTimestamp ? new Date(a.StateUpdatedTimestamp).toISOString() : undefined,
    };
  } catch (err) {
    return rethrowTyped(err, `describe alarm ${name}`);
  }
}
