/**
 * Foundation benchmarks: bytes of each Lambda bundle, module initialisation
 * time of each bundle in a fresh Node process, state transitions of a
 * successful database backup (and the cost of each poll), and the rehearsal's
 * wall time. Counts are stable here; times are indicative only.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AddTagsToResourceCommand,
  CopyDBSnapshotCommand,
  CreateDBSnapshotCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { SNSClient } from '@aws-sdk/client-sns';
import { ownershipTags, TAG } from '../lambdas/domain/backup/ownership-tags';
import { applyLocalEnvironment, localRuntimeConfig } from '../local/local-environment';
import { REPO_ROOT, runStateMachineLocally } from '../local/run-state-machine';
import { rehearse } from '../local/rehearsal';
import type { Output } from '../local/console/output';
import type { BenchRow } from './types';
import { handlerBundle, handlerNames } from '../lib/constructs/lambda-bundles';

/** Every handler's bundle exactly as the CDK app deploys it (lib/constructs/lambda-bundles.ts: one esbuild build). */
export function bundleHandlers(): { name: string; file: string; bytes: number }[] {
  const dir = join(REPO_ROOT, 'lambdas', 'handlers');
  return handlerNames(dir).map((name) => {
    const file = join(handlerBundle(dir, name), 'index.js');
    return { name, file, bytes: statSync(file).size };
  });
}

/** Milliseconds to load a bundle in a fresh Node process (median of `rounds`). */
export function moduleInitMs(file: string, rounds = 3): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const times = Array.from({ length: rounds }, () => Number(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout));
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

/** Transitions of a successful backup when each snapshot needs `polls` extra polls. */
async function backupTransitions(polls: number): Promise<number> {
  const rds = mockClient(RDSClient);
  const kms = mockClient(KMSClient);
  const sns = mockClient(SNSClient);
  try {
    const config = localRuntimeConfig({ deploymentId: 'bench' });
    applyLocalEnvironment(config, 'http://127.0.0.1:9');
    const id = 'muejam-muejam-db-prod-20261124t0600z';
    const seen: Record<string, number> = {};
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ KmsKeyId: 'arn:aws:kms:us-east-1:1:key/db' }] });
    rds.on(CreateDBSnapshotCommand).resolves({ DBSnapshot: { DBSnapshotArn: `arn:aws:rds:us-east-1:1:snapshot:${id}` } });
    rds.on(CopyDBSnapshotCommand).resolves({ DBSnapshot: { DBSnapshotArn: `arn:aws:rds:us-west-2:1:snapshot:${id}` } });
    rds.on(AddTagsToResourceCommand).resolves({});
    rds.on(DescribeDBSnapshotsCommand).callsFake(async (_i, getClient) => {
      const region = await getClient().config.region();
      const n = (seen[region] ?? 0) + 1; // nth DescribeDBSnapshots in this region
      seen[region] = n;
      const primary = region === 'us-east-1';
      return {
        DBSnapshots: [
          {
            DBSnapshotIdentifier: id,
            DBSnapshotArn: `arn:aws:rds:${region}:1:snapshot:${id}`,
            Status: n > polls ? 'available' : 'creating',
            Encrypted: true,
            KmsKeyId: primary ? 'arn:aws:kms:us-east-1:1:key/db' : 'arn:aws:kms:us-west-2:1:key/b',
            Engine: 'postgres',
            EngineVersion: '15.4',
            AllocatedStorage: 100,
            TagList: [
              ...ownershipTags({
                deploymentId: 'bench',
                resource: 'muejam-db-prod',
                regionRole: primary ? 'primary' : 'backup',
                execution: 'b',
              }),
              { Key: TAG.copyOf, Value: `arn:aws:rds:us-east-1:1:snapshot:${id}` },
            ],
          },
        ],
      };
    });
    kms.on(DescribeKeyCommand).callsFake(async (input) => ({
      KeyMetadata: {
        Arn: input.KeyId === config.backupKmsKeyAlias ? 'arn:aws:kms:us-west-2:1:key/b' : input.KeyId,
        KeyState: 'Enabled',
        KeyManager: 'CUSTOMER',
      },
    }));
    const r = await runStateMachineLocally({
      aslFile: 'database-backup.asl.json',
      input: { dbInstanceIdentifier: 'muejam-db-prod', scheduledTime: '2026-11-24T06:00:00Z' },
      region: 'us-east-1',
      stateMachineName: 'bench',
      retryDelayMs: 0,
    });
    if (r.status !== 'SUCCEEDED') throw new Error(`bench backup failed: ${r.error} ${r.cause}`);
    return r.transitions;
  } finally {
    rds.restore();
    kms.restore();
    sns.restore();
  }
}

const silent: Output = { heading() {}, line() {}, ok() {}, fail() {}, info() {}, warn() {}, table() {} };

export async function runBackupBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const bundles = bundleHandlers();
  const inits = bundles.map((b) => ({ ...b, ms: moduleInitMs(b.file) }));
  const fastest = Math.min(...inits.map((b) => b.ms));
  for (const b of inits) {
    rows.push({ benchmark: 'lambda bundle', metric: `${b.name} bytes`, value: b.bytes, unit: 'B' });
    rows.push({
      benchmark: 'lambda init (cold, fresh node)',
      metric: `${b.name}`,
      value: Number(b.ms.toFixed(1)),
      unit: 'ms',
      detail: `${(b.ms / fastest).toFixed(2)}x the fastest bundle`,
    });
  }
  const t0 = await backupTransitions(0);
  const t5 = await backupTransitions(5);
  rows.push({
    benchmark: 'database backup',
    metric: 'state transitions, snapshots ready at first poll',
    value: t0,
    unit: 'transitions',
    detail: 'goal ≤ 12',
  });
  rows.push({
    benchmark: 'database backup',
    metric: 'state transitions per extra poll',
    value: (t5 - t0) / 10,
    unit: 'transitions',
    detail: `5 extra polls on each of 2 waits: ${t5} transitions; goal 1 per poll`,
  });
  const started = Date.now();
  const ok = await rehearse({ only: ['database-backup'], out: silent });
  rows.push({
    benchmark: 'rehearsal',
    metric: 'database-backup section wall time (moto_server start to stop)',
    value: Date.now() - started,
    unit: 'ms',
    detail: ok ? 'succeeded' : 'FAILED',
  });
  return rows;
}
