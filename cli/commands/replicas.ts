/**
 * `create-replica <db> --az <az> [--id <id>] [--class <class>]`: the replica workflow (create -> wait -> verify).
 * `replica-health <db>`: each replica's AZ, status, replication state, lag (with its age) and verdict,
 * read now with your credentials (nothing changed), and the seed's `{healthy, replicaCount, ...}`.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Command } from 'commander';
import { causeMessage } from '../../lambdas/domain/alerts/alert-message';
import { awsClient } from '../../lambdas/runtime/clients';
import { ReplicaService } from '../../lambdas/services/replica-service';
import { resourcePrefix, toRuntimeConfig } from '../../lib/config';
import { loadDeploymentConfig } from '../deployment-config';
import { runWorkflowAgainstEmulator } from '../emulator-mode';
import { healthSummary, replicaRows } from '../failover-format';
import { startAndFollow } from '../follow-execution';
import { createOutput } from '../output';
import { validateDatabaseChoice } from '../validate';
import { failoverSettingsEnvironment } from './failover';

export function register(program: Command): void {
  program
    .command('create-replica <db>')
    .description('create a read replica of a database in another availability zone, wait for it, verify it (AZ, encryption, replication)')
    .option('--az <zone>', "availability zone, other than the primary's (default: the configured replica's)")
    .option('--id <replica>', 'replica identifier (default: the configured one, else <db>-replica)')
    .option('--class <instanceClass>', "instance class (default: the configured one, else the primary's)")
    .option('-c, --context <key=value...>', 'override a cdk.json context value, as with cdk -c')
    .action(async (db: string, opts: { az?: string; id?: string; class?: string; context?: string[] }) => {
      const out = createOutput();
      const config = loadDeploymentConfig(opts.context);
      validateDatabaseChoice('db', db, config.databases);
      const input = {
        dbInstanceIdentifier: db,
        ...(opts.az ? { availabilityZone: opts.az } : {}),
        ...(opts.id ? { replicaId: opts.id } : {}),
        ...(opts.class ? { instanceClass: opts.class } : {}),
      };
      Object.assign(process.env, failoverSettingsEnvironment(config));
      out.heading(`Read replica of ${db} (deployment ${config.deploymentId})`);
      const result = process.env.AWS_ENDPOINT_URL
        ? await runWorkflowAgainstEmulator({ config, aslFile: 'database-replica.asl.json', workflow: 'database-replica', input, out })
        : await startAndFollow({
            sfn: awsClient(SFNClient, config.primaryRegion),
            stateMachineName: `${resourcePrefix(config)}-database-replica`,
            input,
            executionName: `manual-${db}-replica-${Date.now()}`.slice(0, 80),
            out,
          });
      if (result.status === 'SUCCEEDED') {
        const v = (result.output as { verification?: { replicaId: string; az?: string; primaryAz?: string } }).verification;
        out.ok(`replica ${v?.replicaId} is available in ${v?.az} (primary in ${v?.primaryAz}), encrypted, replicating`);
      } else {
        out.fail(`replica of ${db} ${result.status}: ${result.error ?? ''}: ${causeMessage({ Cause: result.cause })}`);
        process.exitCode = 1;
      }
    });

  program
    .command('replica-health <db>')
    .description('each replica of a database: AZ, status, replication state, lag (with its age) and a verdict')
    .option('-c, --context <key=value...>', 'override a cdk.json context value, as with cdk -c')
    .action(async (db: string, opts: { context?: string[] }) => {
      const out = createOutput();
      const config = loadDeploymentConfig(opts.context);
      validateDatabaseChoice('db', db, config.databases);
      Object.assign(process.env, failoverSettingsEnvironment(config));
      const runtime = toRuntimeConfig(
        config,
        `arn:${config.partition}:sns:${config.primaryRegion}:${config.account}:${resourcePrefix(config)}-alerts`,
      );
      const h = await new ReplicaService(runtime, awsClient).replicaHealth(db);
      out.heading(`Replicas of ${db}: primary ${h.primaryId} in ${h.primaryAz ?? '?'} (${h.primaryDetail})`);
      if (h.replicas.length) out.table(['replica', 'AZ', 'status', 'replication', 'lag', 'verdict'], replicaRows(h));
      else
        out.warn(
          `${db} has no read replica: npm run cli -- create-replica ${db} --az <an AZ other than ${h.primaryAz ?? "the primary's"}>`,
        );
      out.line(healthSummary(h));
      (h.healthy ? out.ok : out.fail)(
        h.healthy ? `${h.healthyCount} healthy replica(s)` : 'no healthy replica: a failover would be refused',
      );
      if (!h.healthy) process.exitCode = 1;
    });
}
