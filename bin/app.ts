#!/usr/bin/env node
/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy --all`. Configuration comes
 * from cdk.json context and `-c muejam.<key>=<value>` (docs/configuration.md).
 */
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app';
import { ConfigError } from '../lib/config';

const app = new App();
try {
  buildApp(app);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  // A configuration mistake: the message names every wrong key; no stack trace needed.
  console.error(err.message);
  process.exit(1);
}
app.synth();
