/**
 * Writes docs/dashboard.svg from the dashboard the primary stack synthesizes
 * (cdk.json defaults, no Lambda bundling): `npx tsx local/render-dashboard.ts`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app';
import { resourcePrefix } from '../lib/config';
import { dashboardBodyFromTemplate, renderDashboardSvg } from './dashboard-svg';
import { REPO_ROOT } from './run-state-machine';

const outdir = mkdtempSync(join(tmpdir(), 'dashboard-'));
try {
  const context = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')).context;
  const app = new App({
    outdir,
    context: { ...context, 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:failSynthOnValidationErrors': false },
  });
  const built = buildApp(app, undefined);
  app.synth();
  const stack = `${resourcePrefix(built.config)}-primary`;
  const template = JSON.parse(readFileSync(join(outdir, `${stack}.template.json`), 'utf8'));
  const { name, body } = dashboardBodyFromTemplate(template, built.config.primaryRegion);
  const target = join(REPO_ROOT, 'docs', 'dashboard.svg');
  writeFileSync(target, `${renderDashboardSvg(body, `CloudWatch dashboard ${name}`)}\n`);
  console.log(`wrote ${target} (${body.widgets.length} widgets)`);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
