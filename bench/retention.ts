/**
 * Retention benchmarks:
 * - planning time of the pure plan for 10,000 and 100,000 snapshots (best of
 *   several runs after a warm-up), and the growth ratio against n log n
 *   (10x the snapshots: n log n predicts 12.5x; quadratic would be 100x);
 * - AWS API calls of one retention run (the real ASL, real handlers, SDK
 *   mocked and counted) over 500 snapshots: goal = list pages + deletes
 *   (+ one quota read per region), nothing else per snapshot.
 */
import { mockClient } from 'aws-sdk-client-mock';
import {
  type DBSnapshot,
  DeleteDBSnapshotCommand,
  DescribeAccountAttributesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { ownershipTags, TAG } from '../lambdas/domain/backup/ownership-tags';
import { planRetention } from '../lambdas/domain/retention/plan';
import type { RetentionSnapshot } from '../lambdas/domain/retention/types';
import { applyLocalEnvironment, localRuntimeConfig } from '../local/local-environment';
import { runStateMachineLocally } from '../local/run-state-machine';
import type { BenchRow } from './types';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-24T03:00:00Z');
const IDENTITY = { deploymentId: 'bench', primaryRegion: 'us-east-1', backupRegion: 'us-west-2' };

/** n snapshots: 6-hourly primaries with verified copies over 4 databases, 1 in 50 foreign. */
export function syntheticHistory(n: number): RetentionSnapshot[] {
  const out: RetentionSnapshot[] = [];
  const dbs = ['db-a', 'db-b', 'db-c', 'db-d'];
  for (let i = 0; out.length < n; i++) {
    const db = dbs[i % dbs.length];
    const t = NOW - 3 * HOUR - Math.floor(i / dbs.length) * 6 * HOUR;
    const id = `muejam-${db}-${i}`;
    const foreign = i % 50 === 49;
    const tags = (role: string): Record<string, string> =>
      foreign
        ? {}
        : {
            [TAG.managedBy]: 'muejam-backup-dr',
            [TAG.deployment]: 'bench',
            [TAG.resource]: db,
            [TAG.regionRole]: role,
            [TAG.verifiedAt]: new Date(t + HOUR).toISOString(),
          };
    const primaryArn = `arn:aws:rds:us-east-1:1:snapshot:${id}`;
    out.push({
      id,
      arn: primaryArn,
      region: 'us-east-1',
      resource: db,
      status: 'available',
      snapshotType: 'manual',
      createdAt: new Date(t),
      tags: tags('primary'),
    });
    if (out.length < n)
      out.push({
        id,
        arn: `arn:aws:rds:us-west-2:1:snapshot:${id}`,
        region: 'us-west-2',
        resource: db,
        status: 'available',
        snapshotType: 'manual',
        createdAt: new Date(t),
        tags: { ...tags('backup'), [TAG.copyOf]: primaryArn },
      });
  }
  // Shuffle deterministically: the plan must not rely on the input order.
  let x = 12345;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) >>> 0;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Best of `rounds` (the least disturbed by GC and by other processes on a shared machine). */
function bestPlanMs(snapshots: RetentionSnapshot[], rounds: number): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    planRetention({ snapshots, now: new Date(NOW), identity: IDENTITY });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return Math.min(...times);
}

/** API calls of one retention run over `total` snapshots (half primaries, half copies), by command. */
export async function retentionApiCalls(
  total: number,
): Promise<{ byCommand: Record<string, number>; deletes: number; pages: number; status: string }> {
  const rds = mockClient(RDSClient);
  const sns = mockClient(SNSClient);
  try {
    const config = localRuntimeConfig({ deploymentId: 'bench' });
    applyLocalEnvironment(config, 'http://127.0.0.1:9');
    delete process.env.RETENTION_POLICY;
    const db = config.databases[0];
    const byRegion: Record<string, DBSnapshot[]> = { [config.primaryRegion]: [], [config.backupRegion]: [] };
    for (let i = 0; i < total / 2; i++) {
      const at = new Date(NOW - 3 * HOUR - i * 6 * HOUR);
      const id = `${config.snapshotPrefix}-${db}-b${String(i).padStart(4, '0')}`;
      for (const role of ['primary', 'backup'] as const) {
        const region = role === 'primary' ? config.primaryRegion : config.backupRegion;
        const tags = [
          ...ownershipTags({ deploymentId: 'bench', resource: db, regionRole: role, execution: 'b' }),
          { Key: TAG.verifiedAt, Value: at.toISOString() },
        ];
        if (role === 'backup') tags.push({ Key: TAG.copyOf, Value: `arn:aws:rds:${config.primaryRegion}:1:snapshot:${id}` });
        byRegion[region].push({
          DBSnapshotIdentifier: id,
          DBSnapshotArn: `arn:aws:rds:${region}:1:snapshot:${id}`,
          DBInstanceIdentifier: db,
          Status: 'available',
          SnapshotType: 'manual',
          SnapshotCreateTime: at,
          OriginalSnapshotCreateTime: at,
          TagList: tags,
        });
      }
    }
    rds.on(DescribeDBSnapshotsCommand).callsFake(async (input, getClient) => {
      const list = byRegion[await getClient().config.region()];
      const start = input.Marker ? Number(input.Marker) : 0;
      const size = input.MaxRecords ?? 100;
      const next = start + size;
      return { DBSnapshots: list.slice(start, next), ...(next < list.length ? { Marker: String(next) } : {}) };
    });
    rds.on(DeleteDBSnapshotCommand).resolves({});
    rds
      .on(DescribeAccountAttributesCommand)
      .resolves({ AccountQuotas: [{ AccountQuotaName: 'ManualSnapshots', Used: total / 2, Max: 1000 }] });
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const r = await runStateMachineLocally({
      aslFile: 'database-retention.asl.json',
      input: { dbInstanceIdentifier: db, clockOverride: new Date(NOW).toISOString() },
      region: config.primaryRegion,
      stateMachineName: 'bench-retention',
      retryDelayMs: 0,
    });
    const byCommand: Record<string, number> = {};
    for (const c of [...rds.calls(), ...sns.calls()]) {
      const name = (c.args[0] as object).constructor.name.replace(/Command$/, '');
      byCommand[name] = (byCommand[name] ?? 0) + 1;
    }
    return { byCommand, deletes: byCommand.DeleteDBSnapshot ?? 0, pages: byCommand.DescribeDBSnapshots ?? 0, status: r.status };
  } finally {
    rds.restore();
    sns.restore();
  }
}

export async function runRetentionBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const small = syntheticHistory(10_000);
  const large = syntheticHistory(100_000);
  bestPlanMs(small, 2); // warm-up (JIT)
  const t10k = bestPlanMs(small, 7);
  const t100k = bestPlanMs(large, 4);
  const ratio = t100k / t10k;
  const nlogn = (100_000 * Math.log2(100_000)) / (10_000 * Math.log2(10_000));
  rows.push({
    benchmark: 'retention plan',
    metric: 'planning time, 10,000 snapshots',
    value: Number(t10k.toFixed(1)),
    unit: 'ms',
    detail: 'best of 7, after warm-up',
  });
  rows.push({
    benchmark: 'retention plan',
    metric: 'planning time, 100,000 snapshots',
    value: Number(t100k.toFixed(1)),
    unit: 'ms',
    detail: 'best of 4',
  });
  rows.push({
    benchmark: 'retention plan',
    metric: 'growth 10k -> 100k',
    value: Number(ratio.toFixed(2)),
    unit: 'x',
    detail: `n log n predicts ${nlogn.toFixed(1)}x, quadratic 100x: ${ratio <= nlogn * 1.5 ? 'no worse than n log n' : 'WORSE than n log n'}`,
  });

  const total = 500;
  const calls = await retentionApiCalls(total);
  const expected = calls.pages + calls.deletes + 2;
  const all = Object.values(calls.byCommand).reduce((a, b) => a + b, 0);
  rows.push({
    benchmark: 'retention run',
    metric: `AWS API calls, ${total} snapshots (${total / 2} per region)`,
    value: all,
    unit: 'calls',
    detail: `${Object.entries(calls.byCommand)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; run ${calls.status}`,
  });
  rows.push({
    benchmark: 'retention run',
    metric: 'calls besides list pages, deletes and 1 quota read per region',
    value: all - expected,
    unit: 'calls',
    detail: `goal 0: nothing per snapshot besides the delete (${calls.pages} pages of 100, ${calls.deletes} deletes)`,
  });
  return rows;
}
