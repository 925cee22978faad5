/**
 * Builds the whole CDK app from its context: configuration, the two stacks,
 * tags and the cdk-nag AwsSolutions checks. bin/app.ts calls it with the
 * CLI's App; tests call it with an App of their own.
 */
import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BackupRegionStack } from './backup-region-stack';
import { type BackupConfig, loadConfig, resourcePrefix } from './config';
import { PrimaryStack } from './primary-stack';

export interface BuiltApp {
  readonly config: BackupConfig;
  readonly backupRegion: BackupRegionStack;
  readonly primary: PrimaryStack;
}

export function buildApp(app: App, defaultAccount: string | undefined = process.env.CDK_DEFAULT_ACCOUNT): BuiltApp {
  const config = loadConfig({
    context: (key) => app.node.tryGetContext(key),
    contextKeys: Object.keys(app.node.getAllContext()),
    defaultAccount,
  });
  const prefix = resourcePrefix(config);

  const backupRegion = new BackupRegionStack(app, `${prefix}-backup-region`, {
    config,
    env: { account: config.account, region: config.backupRegion },
    description: `MueJam backup & DR (${config.deploymentId}): backup-region encryption key in ${config.backupRegion}`,
  });
  const primary = new PrimaryStack(app, `${prefix}-primary`, {
    config,
    env: { account: config.account, region: config.primaryRegion },
    description: `MueJam backup & DR (${config.deploymentId}): alerting and backup workflows in ${config.primaryRegion}`,
  });
  // The copies need the backup-region key: deploy that stack first.
  primary.addStackDependency(backupRegion, 'cross-region copies are encrypted with the backup-region key');

  Tags.of(app).add('muejam:managed-by', 'muejam-backup-dr');
  Tags.of(app).add('muejam:deployment', config.deploymentId);
  Tags.of(backupRegion).add('muejam:region-role', 'backup');
  Tags.of(primary).add('muejam:region-role', 'primary');

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { config, backupRegion, primary };
}
