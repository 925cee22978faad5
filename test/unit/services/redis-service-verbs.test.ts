/** The seed's verbs for Redis: BackupService.backupRedisData and DisasterRecoveryService.restoreRedis delegate to the Redis services. */
import { makeClientFactory } from '../../../lambdas/runtime/clients';
import { BackupService } from '../../../lambdas/services/backup-service';
import { DisasterRecoveryService } from '../../../lambdas/services/disaster-recovery-service';
import { localRuntimeConfig } from '../../../local/local-environment';

const config = localRuntimeConfig({ deploymentId: 'prod' });
const execution = { Id: 'arn:x', Name: 'x', StartTime: '2026-11-24T02:00:00Z' };

describe('BackupService.backupRedisData', () => {
  it("makes (or reuses) the day's snapshot through the Redis backup service", async () => {
    const calls: unknown[] = [];
    const redis = { createRedisBackup: async (req: unknown, ex: unknown) => (calls.push([req, ex]), { backupName: 'n' } as any) };
    const r = await new BackupService(config, makeClientFactory()).backupRedisData(
      { replicationGroupId: 'muejam-redis-prod' },
      execution,
      redis,
    );
    expect(r).toEqual({ backupName: 'n' });
    expect(calls).toEqual([[{ replicationGroupId: 'muejam-redis-prod' }, execution]]);
  });
});

describe('DisasterRecoveryService.restoreRedis', () => {
  it('validates and plans the restore through the Redis restore service', async () => {
    const redis = { validateRedisRestore: async (req: unknown) => ({ plan: req }) as any };
    await expect(new DisasterRecoveryService(config).restoreRedis({ replicationGroupId: 'dr' }, redis)).resolves.toEqual({
      plan: { replicationGroupId: 'dr' },
    });
  });

  it('refuses when the deployment protects no Redis group', async () => {
    const redis = { validateRedisRestore: jest.fn() };
    await expect(new DisasterRecoveryService({ ...config, redisGroups: [] }).restoreRedis({}, redis)).rejects.toMatchObject({
      name: 'PreconditionFailed',
    });
    expect(redis.validateRedisRestore).not.toHaveBeenCalled();
  });
});
