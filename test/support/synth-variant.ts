/**
 * `npx cdk synth -c key=value ...` in-process: the real app (lib/app.ts) with
 * cdk.json's context overridden by the given `-c` values (strings, as the CDK
 * CLI passes them), cdk-nag on and failing on findings as `cdk synth` does,
 * Lambda bundling skipped (`aws:cdk:bundling-stacks`: []) since a variant checks
 * configuration and construct wiring, not bundles: a few seconds, not a minute.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../lib/app';
import { ConfigError } from '../../lib/config';
import { cdkJsonContext } from '../infra/synth';

export type VariantResult = { ok: true; templates: Record<string, any> } | { ok: false; configError: boolean; message: string };

export function synthesizeVariant(overrides: Record<string, string>): VariantResult {
  const outdir = mkdtempSync(path.join(tmpdir(), 'synth-variant-'));
  try {
    const app = new App({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...overrides } });
    buildApp(app, undefined);
    app.synth();
    const templates: Record<string, any> = {};
    for (const f of readdirSync(outdir).filter((x) => x.endsWith('.template.json'))) {
      templates[path.basename(f, '.template.json')] = JSON.parse(readFileSync(path.join(outdir, f), 'utf8'));
    }
    return { ok: true, templates };
  } catch (err) {
    return { ok: false, configError: err instanceof ConfigError, message: (err as Error).message };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The `-c key=value` pairs of a cdk command's words. */
export function contextPairs(words: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== '-c' && words[i] !== '--context') continue;
    const pair = words[++i] ?? '';
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`-c ${pair}: expected key=value`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}
