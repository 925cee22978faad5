/**
 * Writes docs/dashboard.svg from the dashboard the primary stack synthesizes
 * (cdk.json defaults, no Lambda bundling) with the datapoints of the last
 * `npm start` (.rehearsal/dashboard-datapoints.json, kept as
 * docs/dashboard-datapoints.json so the picture can be drawn again from a clone):
 * `npm start && npx tsx local/render-dashboard.ts`.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app';
import { resourcePrefix } from '../lib/config';
import type { DashboardDatapoints } from './dashboard-datapoints';
import { dashboardBodyFromTemplate, renderDashboardSvg } from './dashboard-svg';
import { REPO_ROOT } from './run-state-machine';

const fresh = join(REPO_ROOT, '.rehearsal', 'dashboard-datapoints.json');
const kept = join(REPO_ROOT, 'docs', 'dashboard-datapoints.json');
if (existsSync(fresh)) copyFileSync(fresh, kept);
const data: DashboardDatapoints | undefined = existsSync(kept) ? JSON.parse(readFileSync(kept, 'utf8')) : undefined;
if (!data) console.warn('no datapoints (run npm start first): drawing the dashboard without data');

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
  writeFileSync(target, `${renderDashboardSvg(body, `CloudWatch dashboard ${name}`, data)}\n`);
  console.log(
    `wrote ${relative(REPO_ROOT, target)} (${body.widgets.length} widgets${data ? `, ${data.series.length} metrics from ${relative(REPO_ROOT, kept)}` : ', no data'})`,
  );
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
