import type { Command } from 'commander';
import { type BackupConfig, backupKeyAlias, resourcePrefix } from '../../lib/config';
import { SFNClient } from '@aws-sdk/client-sfn';
import { awsClient } from '../../lambdas/runtime/clients';
import { validateDatabaseChoice } from '../validate';
import { createOutput } from '../output';
import { describeBackupStep } from '../../local/console/step-descriptions';
import { runWorkflowAgainstEmulator } from '../emulator-mode';
import { startAndFollow } from '../follow-execution';
import { loadDeploymentConfig } from '../deployment-config';
import { causeMessage } from '../../lambdas/domain/alerts/alert-message';

export function register(program: Command): void {
  program
    .command('backup <db>')
    .description('back up one database now: snapshot, copy to the backup region, verify (follows the execution live)')
    .option('-c, --context <key=value...>', 'override a cdk.json context value, as with cdk -c')
    .action(async (db: string, opts: { context?: string[] }) => {
      const out = createOutput();
      const config: BackupConfig = loadDeploymentConfig(opts.context);
      validateDatabaseChoice('db', db, config.databases);
      const input = { dbInstanceIdentifier: db };
      const name = `${resourcePrefix(config)}-database-backup`;
      out.heading(`Backup of ${db} (deployment ${config.deploymentId}; copy to ${config.backupRegion} under ${backupKeyAlias(config)})`);
      const result = process.env.AWS_ENDPOINT_URL
        ? await runWorkflowAgainstEmulator({
            config,
            aslFile: 'database-backup.asl.json',
            workflow: 'database-backup',
            input,
            out,
            describe: describeBackupStep,
          })
        : await startAndFollow({
            sfn: awsClient(SFNClient, config.primaryRegion),
            stateMachineName: name,
            input,
            executionName: `manual-${db}-${Date.now()}`.slice(0, 80),
            out,
            describe: describeBackupStep,
          });
      if (result.status === 'SUCCEEDED') {
        out.ok(`backup of ${db} verified in both regions`);
      } else {
        out.fail(`backup of ${db} ${result.status}: ${result.error ?? ''}: ${causeMessage({ Cause: result.cause })}`);
        process.exitCode = 1;
      }
    });
}
