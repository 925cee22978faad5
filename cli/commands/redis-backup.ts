import type { Command } from 'commander';
import { SFNClient } from '@aws-sdk/client-sfn';
import { type BackupConfig, resourcePrefix } from '../../lib/config';
import { awsClient } from '../../lambdas/runtime/clients';
import { causeMessage } from '../../lambdas/domain/alerts/alert-message';
import { validateRedisGroupId } from '../../lambdas/domain/redis/names';
import { InvalidInput } from '../../lambdas/errors';
import { redisBucketEnvironment } from '../../lambdas/services/redis-config';
import { redisBuckets } from '../../lib/workflows/redis-backup-workflow';
import { describeRedisBackupStep } from '../../local/rehearsal/redis';
import { loadDeploymentConfig } from '../deployment-config';
import { runWorkflowAgainstEmulator } from '../emulator-mode';
import { startAndFollow } from '../follow-execution';
import { createOutput } from '../output';

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
      let result;
      if (process.env.AWS_ENDPOINT_URL) {
        out.warn(
          'moto_server does not implement ElastiCache CopySnapshot: against moto the export step fails; `npm start` rehearses this workflow with a stand-in for that one call',
        );
        Object.assign(process.env, redisBucketEnvironment(buckets));
        result = await runWorkflowAgainstEmulator({
          config,
          aslFile: 'redis-backup.asl.json',
          workflow: 'redis-backup',
          input,
          out,
          describe: describeRedisBackupStep,
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
