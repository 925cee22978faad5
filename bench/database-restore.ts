/**
 * Database restore benchmark (issue #10): state transitions of state-machines/database-restore.asl.json,
 * executed unchanged with the real handlers over the in-memory RDS of test/support/fake-restore-rds.ts.
 * - a clean snapshot restore (backup region) and a clean point-in-time restore (primary), the instance
 *   available at the first look (goal <= 10);
 * - per poll of WaitUntilAvailable (goal 1): measured as (transitions with N NotReady polls - clean) / N;
 * - the polls a real restore of 30 min / 2 h costs, from that state's Retry in the ASL.
 * Imported lazily: it mocks the RDS and SNS clients of this process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../local/run-state-machine';
import { pollsFor } from './restore-test';
import type { BenchRow } from './types';

const POLLS = 8;

export async function runDatabaseRestoreBench(): Promise<BenchRow[]> {
  const { RDSClient } = await import('@aws-sdk/client-rds');
  const { PublishCommand, SNSClient } = await import('@aws-sdk/client-sns');
  const { mockClient } = await import('aws-sdk-client-mock');
  const { restoreSettingsEnvironment, RESTORE_SETTINGS_ENV } = await import('../lambdas/domain/settings/restore');
  const { applyLocalEnvironment, localRuntimeConfig } = await import('../local/local-environment');
  const { runStateMachineLocally } = await import('../local/run-state-machine');
  const f = await import('../test/support/fake-restore-rds');
  const rds = mockClient(RDSClient);
  const sns = mockClient(SNSClient);
  applyLocalEnvironment(
    localRuntimeConfig({ deploymentId: 'bench' }),
    'http://127.0.0.1:9',
    restoreSettingsEnvironment({ databases: { [f.DB]: { backup: { subnetGroup: 'dr-private' } } } }),
  );
  let n = 0;
  const run = async (input: Record<string, unknown>, statuses: string[]) => {
    rds.reset();
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const world = new f.FakeRestoreRds('bench');
    world.install(rds);
    world.addSource();
    world.addSnapshot(f.BACKUP, 'muejam-muejam-db-prod-20261203t0000z', { createdAt: '2026-12-03T00:00:00Z' });
    world.restoredStatuses = statuses;
    n += 1;
    const r = await runStateMachineLocally({
      aslFile: 'database-restore.asl.json',
      input: { ...input, targetDbInstanceIdentifier: `muejam-db-bench${n}` },
      region: f.PRIMARY,
      stateMachineName: 'muejam-backup-dr-bench-database-restore',
      executionName: `bench-${n}`,
      retryDelayMs: 1,
    });
    if (r.status !== 'SUCCEEDED') throw new Error(`database-restore bench run failed: ${r.error}: ${r.cause}`);
    return r.transitions;
  };
  try {
    const snapshot = { dbInstanceIdentifier: f.DB, region: 'backup', snapshotId: 'latest' };
    const pitr = { dbInstanceIdentifier: f.DB, region: 'primary', restoreTime: '2026-12-03T04:10:00Z' };
    const clean = await run(snapshot, ['available']);
    const cleanPitr = await run(pitr, ['available']);
    const polled = await run(snapshot, [...Array(POLLS).fill('creating'), 'available']);
    const asl = JSON.parse(readFileSync(join(REPO_ROOT, 'state-machines', 'database-restore.asl.json'), 'utf8'));
    const retry = asl.States.WaitUntilAvailable.Retry.find((x: { ErrorEquals: string[] }) => x.ErrorEquals.includes('NotReady'));
    const p30 = pollsFor(30 * 60, retry);
    const p120 = pollsFor(2 * 3600, retry);
    return [
      {
        benchmark: 'database-restore',
        metric: 'clean snapshot restore transitions',
        value: clean,
        unit: 'transitions',
        detail: 'goal <= 10; backup region, newest verified copy, instance available at the first look (as on moto)',
      },
      {
        benchmark: 'database-restore',
        metric: 'clean point-in-time restore transitions',
        value: cleanPitr,
        unit: 'transitions',
        detail: 'goal <= 10; primary region, RestoreTime inside the RestoreWindow',
      },
      {
        benchmark: 'database-restore',
        metric: 'transitions per WaitUntilAvailable poll',
        value: (polled - clean) / POLLS,
        unit: 'transitions',
        detail: `goal 1; (${polled} with ${POLLS} NotReady polls - ${clean}) / ${POLLS}`,
      },
      {
        benchmark: 'database-restore',
        metric: 'snapshot restore transitions, 30 min restore',
        value: clean + p30,
        unit: 'transitions',
        detail: `+${p30} polls (${retry.IntervalSeconds} s x${retry.BackoffRate}, max ${retry.MaxDelaySeconds} s); 2 h restore: +${p120}`,
      },
    ];
  } finally {
    delete process.env[RESTORE_SETTINGS_ENV];
    rds.restore();
    sns.restore();
  }
}
