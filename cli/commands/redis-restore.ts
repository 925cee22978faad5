import type { Command } from 'commander';
import { SFNClient } from '@aws-sdk/client-sfn';
import { type BackupConfig, resourcePrefix } from '../../lib/config';
import { awsClient } from '../../lambdas/runtime/clients';
import { causeMessage } from '../../lambdas/domain/alerts/alert-message';
import { type RedisRestoreRequest, type RestoreRequestContext, validateRestoreRequest } from '../../lambdas/domain/redis/restore-request';
import { InvalidInput } from '../../lambdas/errors';
import { redisBucketEnvironment } from '../../lambdas/services/redis-config';
import { redisBuckets } from '../../lib/workflows/redis-backup-workflow';
import { describeRedisRestoreStep } from '../../local/console/step-descriptions';
import { loadDeploymentConfig } from '../deployment-config';
import { runWorkflowAgainstEmulator } from '../emulator-mode';
import { type FollowResult, startAndFollow } from '../follow-execution';
import { createOutput } from '../output';

interface RestoreOptions {
  to: string;
  region?: string;
  backup?: string;
  source?: string;
  nodeType?: string;
  engine?: string;
  engineVersion?: string;
  shards?: string;
  replicas?: string;
  subnetGroup?: string;
  securityGroups?: string;
  parameterGroup?: string;
  context?: string[];
}

/** A flag's digits as a JSON number (the console input takes numbers); anything else as typed, so the schema names it. */
function wholeOrAsTyped(v: string | undefined): number | string | undefined {
  return v !== undefined && /^\d{1,6}$/.test(v.trim()) ? Number(v) : v;
}

/** The workflow input from the command line: the field names of the restore request, absent options left out. */
export function restoreInput(o: RestoreOptions): Record<string, unknown> {
  const input: Record<string, unknown> = {
    replicationGroupId: o.to,
    region: o.region,
    backupName: o.backup,
    sourceReplicationGroupId: o.source,
    cacheNodeType: o.nodeType,
    engine: o.engine,
    engineVersion: o.engineVersion,
    numNodeGroups: wholeOrAsTyped(o.shards),
    replicasPerNodeGroup: wholeOrAsTyped(o.replicas),
    cacheSubnetGroupName: o.subnetGroup,
    securityGroupIds: o.securityGroups,
    cacheParameterGroupName: o.parameterGroup,
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

/** The command-line option of each request field, so an error names what the operator typed. */
const OPTION_OF: Record<string, string> = {
  replicationGroupId: '--to',
  region: '--region',
  backupName: '--backup',
  sourceReplicationGroupId: '--source',
  cacheNodeType: '--node-type',
  engine: '--engine',
  engineVersion: '--engine-version',
  numNodeGroups: '--shards',
  replicasPerNodeGroup: '--replicas',
  cacheSubnetGroupName: '--subnet-group',
  securityGroupIds: '--security-groups',
  cacheParameterGroupName: '--parameter-group',
};

/** validateRestoreRequest with errors naming the command-line option (and the request field). */
export function validateRestoreOptions(input: Record<string, unknown>, ctx: RestoreRequestContext): RedisRestoreRequest {
  try {
    return validateRestoreRequest(input, ctx);
  } catch (err) {
    if (err instanceof InvalidInput && OPTION_OF[err.field]) {
      throw new InvalidInput(`${OPTION_OF[err.field]} (${err.field})`, err.message.slice(err.field.length + 2));
    }
    throw err;
  }
}

export function register(program: Command): void {
  program
    .command('redis-restore')
    .description(
      'seed a NEW Redis/Valkey replication group from a verified backup (named, or the newest one) in the primary or the backup region',
    )
    .requiredOption('--to <group>', 'name of the new replication group (never a protected production group)')
    .option('--region <primary|backup>', 'where to restore: "primary" or "backup" (default), or the region name')
    .option('--backup <name>', 'backup name, e.g. muejam-muejam-redis-prod-20261124 (default: the newest verified one)')
    .option('--source <group>', 'protected group whose backup to restore (default: the only one)')
    .option('--node-type <type>', "node type, e.g. cache.r7g.large (default: the backed-up group's)")
    .option('--engine <redis|valkey>', "engine (default: the backed-up group's)")
    .option('--engine-version <version>', "engine version, e.g. 7.1 (default: the backed-up group's)")
    .option('--shards <n>', 'number of shards (node groups) for cluster mode (default: as backed up)')
    .option('--replicas <n>', 'replicas per shard, 0-5 (default 1)')
    .option('--subnet-group <name>', 'cache subnet group in the target region')
    .option('--security-groups <ids>', 'comma-separated VPC security group ids')
    .option('--parameter-group <name>', 'cache parameter group in the target region')
    .option('-c, --context <key=value...>', 'override a cdk.json context value, as with cdk -c')
    .action(async (opts: RestoreOptions) => {
      const out = createOutput();
      const config: BackupConfig = loadDeploymentConfig(opts.context);
      const input = restoreInput(opts);
      // Validated here too, so a typo is reported before anything starts (the workflow validates again).
      const request = validateRestoreOptions(input, config);
      out.heading(
        `Redis restore into NEW group ${request.replicationGroupId} in ${request.region} from ${request.backupName ?? `the newest verified backup of ${request.sourceReplicationGroupId}`}`,
      );
      let result: FollowResult;
      if (process.env.AWS_ENDPOINT_URL) {
        Object.assign(process.env, redisBucketEnvironment(redisBuckets(config)));
        result = await runWorkflowAgainstEmulator({
          config,
          aslFile: 'redis-restore.asl.json',
          workflow: 'redis-restore',
          input,
          out,
          describe: describeRedisRestoreStep,
        });
      } else {
        result = await startAndFollow({
          sfn: awsClient(SFNClient, config.primaryRegion),
          stateMachineName: `${resourcePrefix(config)}-redis-restore`,
          input,
          executionName: `restore-${request.replicationGroupId}-${Date.now()}`.slice(0, 80),
          out,
          describe: describeRedisRestoreStep,
        });
      }
      if (result.status === 'SUCCEEDED') {
        out.ok(`replication group ${request.replicationGroupId} is available in ${request.region}`);
      } else {
        out.fail(`Redis restore ${result.status}: ${result.error ?? ''}: ${causeMessage({ Cause: result.cause })}`);
        process.exitCode = 1;
      }
    });
}
