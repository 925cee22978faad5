/**
 * getBackupMetrics against a real moto_server after several rehearsed runs
 * of the database backup (real ASL, real handlers), one of them failing at
 * verification, and one RPO check. The handlers' EMF output reaches the
 * emulator's CloudWatch through local/emf-bridge.ts, as Lambda's log pipeline
 * would carry it in AWS; the reading side is the production code unchanged.
 */
import { VerificationFailed } from '../../lambdas/errors';
import { BackupService } from '../../lambdas/services/backup-service';
import { metricsServiceFor } from '../../lambdas/services/rpo-setup';
import { EmfBridge } from '../../local/emf-bridge';
import { localRuntimeConfig, stateMachineName } from '../../local/local-environment';
import { runStateMachineLocally } from '../../local/run-state-machine';
import { drainAlerts } from '../../local/seed-world';
import { useMoto } from '../support/moto';

const moto = useMoto();

describe('getBackupMetrics on moto_server', () => {
  it('counts 3 verified runs and 1 failed run, averages their durations, finds the newest verified backup per region and measures RPO compliance', async () => {
    const { config, world } = await moto.freshWorld(localRuntimeConfig({ deploymentId: 'metrics1', redisGroups: [] }));
    const bridge = new EmfBridge({ endpoint: moto.endpoint, region: config.primaryRegion }).start();
    const run = (scheduledTime: string, failVerification = false) =>
      runStateMachineLocally({
        aslFile: 'database-backup.asl.json',
        input: { dbInstanceIdentifier: 'muejam-db-prod', scheduledTime },
        region: config.primaryRegion,
        stateMachineName: stateMachineName(config.deploymentId, 'database-backup'),
        retryDelayMs: 1,
        handlerOverrides: failVerification
          ? {
              VerifyDbBackup: () => {
                throw new VerificationFailed(
                  'backup-region copy uses key arn:aws:kms:us-west-2:1:key/other, expected the backup-region key',
                );
              },
            }
          : undefined,
      });
    let statuses: string[];
    try {
      statuses = [];
      for (const [tick, fail] of [
        ['2026-11-24T00:00:00Z', false],
        ['2026-11-24T06:00:00Z', false],
        ['2026-11-24T12:00:00Z', true],
        ['2026-11-24T18:00:00Z', false],
      ] as const) {
        statuses.push((await run(tick, fail)).status);
      }
      const { handler: checkRpo } = await import('../../lambdas/handlers/check-rpo');
      await checkRpo(undefined as never);
    } finally {
      await bridge.stop();
    }
    expect(statuses).toEqual(['SUCCEEDED', 'SUCCEEDED', 'FAILED', 'SUCCEEDED']);
    expect(bridge.sent).toBeGreaterThan(0);
    const alerts = await drainAlerts(moto.endpoint, config.primaryRegion, world.alertQueueUrl);
    expect(alerts.map((a) => a.kind)).toEqual(['recovery', 'recovery', 'failure', 'recovery']);

    const service = new BackupService(config, moto.clients, undefined, metricsServiceFor(config, moto.clients));
    const r = await service.getBackupMetrics(1);
    expect(r).toMatchObject({
      days: 1,
      rpoHours: 6,
      namespace: 'MueJam/Backup',
      totalBackups: 4,
      succeededBackups: 3,
      failedBackups: 1,
      successRate: 0.75,
      verificationFailures: 1,
      rpoCompliance: 1,
      rpoSamples: 2,
    });
    expect(r.averageBackupDurationSeconds).not.toBeNull();
    expect(r.averageCopyDurationSeconds).not.toBeNull();
    expect(r.resources).toHaveLength(1);
    const newest = r.resources[0].newestVerified;
    expect(newest.map((n) => [n.region, n.role, n.snapshotId, n.withinRpo])).toEqual([
      ['us-east-1', 'primary', 'muejam-muejam-db-prod-20261124t1800z', true],
      ['us-west-2', 'backup', 'muejam-muejam-db-prod-20261124t1800z', true],
    ]);
  });

  it('reports no runs (null rates, not 0 %) and no verified backup for a fresh deployment', async () => {
    const { config } = await moto.freshWorld(localRuntimeConfig({ deploymentId: 'metrics2', redisGroups: [] }));
    const r = await new BackupService(config, moto.clients, undefined, metricsServiceFor(config, moto.clients)).getBackupMetrics('7');
    expect(r).toMatchObject({ totalBackups: 0, successRate: null, rpoCompliance: null, averageBackupDurationSeconds: null });
    expect(r.resources[0].newestVerified.map((n) => n.snapshotId)).toEqual([null, null]);
  });
});
