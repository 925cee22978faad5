#!/usr/bin/env node
/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy --all`. Configuration comes
 * from cdk.json context and `-c muejam.<key>=<value>` (docs/configuration.md).
 */
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app';

const app = new App();
buildApp(app);
app.synth();
