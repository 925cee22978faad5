import type { Command } from 'commander';
import { SFNClient } from '@aws-sdk/client-sfn';
import { type BackupConfig, resourcePrefix } from '../../lib/config';
import { awsClient } from '../../lambdas/runtime/clients';
import { causeMessage } from '../../lambdas/domain/alerts/alert-message';
import { validateRedisGroupId } from '../../lambdas/domain/redis/names';
import { InvalidInput } from '../../lambdas/errors';
import { redisBucketEnvironment } from '../../lambdas/services/redis-config';
import { redisBuckets } from '../../lib/workflows/redis-backup-workflow';
import { describeRedisBackupStep } from '../../local/console/step-descriptions';
import { loadDeploymentConfig } from '../deployment-config';
import { runWorkflowAgainstEmulator } from '../emulator-mode';
import { type FollowResult, startAndFollow } from '../follow-execution';
import { createOutput } from '../output';

/** What the export step cannot do against moto_server, and what the rehearsal does instead (also in the README). */
export const MOTO_EXPORT_GAP =
  'moto_server does not implement ElastiCache CopySnapshot (the export to S3), so against moto this run fails at the export step; `npm start` rehearses the whole workflow with a stand-in for that one call (it puts a real RDB file where the export would write it)';

/** The group to back up: the argument, or the only protected group; InvalidInput names the argument and what is allowed. */
export function chooseRedisGroup(field: string, value: string | undefined, groups: string[]): string {
  if (value === undefined || value === '') {
    if (groups.length === 1) return groups[0];
    throw new InvalidInput(
      field,
      `is required: this deployment protects ${groups.length ? groups.join(', ') : 'no Redis replication group'}`,
    );
  }
  validateRedisGroupId(field, value);
  if (!groups.includes(value)) {
    throw new InvalidInput(
      field,
      `unknown replication group "${value}"; this deployment protects: ${groups.join(', ') || '(none configured)'}`,
    );
  }
  return value;
}

export function register(program: Command): void {
  program
    .command('redis-backup [group]')
    .description(
      "back up one Redis/Valkey replication group now: the day's snapshot (reused if it exists), export to S3, copy to the backup region, verify byte for byte",
    )
    .option('-c, --context <key=value...>', 'override a cdk.json context value, as with cdk -c')
    .action(async (groupArg: string | undefined, opts: { context?: string[] }) => {
      const out = createOutput();
      const config: BackupConfig = loadDeploymentConfig(opts.context);
      const group = chooseRedisGroup('group', groupArg, config.redisGroups);
      const buckets = redisBuckets(config);
      const input = { replicationGroupId: group };
      out.heading(`Redis backup of ${group} (deployment ${config.deploymentId}; s3://${buckets.primary} -> s3://${buckets.backup})`);
      let result: FollowResult;
      if (process.env.AWS_ENDPOINT_URL) {
        out.warn(MOTO_EXPORT_GAP);
        Object.assign(process.env, redisBucketEnvironment(buckets));
        result = await runWorkflowAgainstEmulator({
          config,
          aslFile: 'redis-backup.asl.json',
          workflow: 'redis-backup',
          input,
          out,
          describe: describeRedisBackupStep,
          emulatorGaps: { ExportRedisSnapshot: MOTO_EXPORT_GAP },
        });
      } else {
        result = await startAndFollow({
          sfn: awsClient(SFNClient, config.primaryRegion),
          stateMachineName: `${resourcePrefix(config)}-redis-backup`,
          input,
          executionName: `manual-${group}-${Date.now()}`.slice(0, 80),
          out,
          describe: describeRedisBackupStep,
        });
      }
      if (result.status === 'SUCCEEDED') {
        out.ok(`Redis backup of ${group} verified in both regions`);
      } else {
        out.fail(`Redis backup of ${group} ${result.status}: ${result.error ?? ''}: ${causeMessage({ Cause: result.cause })}`);
        process.exitCode = 1;
      }
    });
}
