/**
 * `npx cdk synth -c key=value ...` in-process: the real app (lib/app.ts) with
 * cdk.json's context overridden by the given `-c` values (strings, as the CDK
 * CLI passes them), cdk-nag on and failing on findings as `cdk synth` does,
 * Lambda bundling skipped (`aws:cdk:bundling-stacks`: []) since a variant checks
 * configuration and construct wiring, not bundles. CDK's built-in CloudFormation
 * validation (a WASM rule engine: about 20 of the 25 CPU-seconds of a synth on this
 * app) is off unless the context makes its findings fail synth
 * (`@aws-cdk/core:validateAgainstDefaultRules`, `@aws-cdk/core:strictCfnValidateErrors`): by default it only downgrades its
 * findings to warnings, so it cannot change whether `cdk synth` succeeds (cfn-lint
 * checks the templates in test/infra/nag-and-lint.test.ts). About 5 CPU-seconds a variant.
 * Results are cached on disk by the app's inputs (test/infra/synth.ts) and the
 * overrides, so the docs test and the infra tests share a variant they both need.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
// the context flags under which CDK's built-in CloudFormation validation can fail synth instead of warning
import { STRICT_CFN_VALIDATE_ERRORS, VALIDATE_AGAINST_DEFAULT_RULES } from 'aws-cdk-lib/cx-api';
import { buildApp } from '../../lib/app';
import { ConfigError } from '../../lib/config';
import { cdkJsonContext, inputHash, ROOT } from '../infra/synth';

/** Beside test/infra/synth.ts's cache entries; the "." keeps its pruning away from it. */
const VARIANTS = path.join(ROOT, 'cdk.out.test', 'variants.d');

export type VariantResult = { ok: true; templates: Record<string, any> } | { ok: false; configError: boolean; message: string };

export function synthesizeVariant(overrides: Record<string, string>): VariantResult {
  const inputs = inputHash();
  const key = createHash('sha256')
    .update(JSON.stringify(Object.entries(overrides).sort()))
    .update(readFileSync(__filename))
    .digest('hex')
    .slice(0, 16);
  const file = path.join(VARIANTS, `${inputs}-${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as VariantResult;
  const result = synthesizeUncached(overrides);
  mkdirSync(VARIANTS, { recursive: true });
  for (const f of readdirSync(VARIANTS)) if (!f.startsWith(inputs) && !f.endsWith('.tmp')) rmSync(path.join(VARIANTS, f), { force: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(result));
  renameSync(tmp, file);
  return result;
}

function synthesizeUncached(overrides: Record<string, string>): VariantResult {
  const outdir = mkdtempSync(path.join(tmpdir(), 'synth-variant-'));
  try {
    const context: Record<string, unknown> = { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...overrides };
    const findingsFailSynth = [VALIDATE_AGAINST_DEFAULT_RULES, STRICT_CFN_VALIDATE_ERRORS].some((flag) =>
      [true, 'true'].includes(context[flag] as boolean | string),
    );
    // stackTraces: construct stack traces go to the assembly's metadata, not to the templates a variant returns
    const app = new App({ outdir, context, builtinCloudFormationValidation: findingsFailSynth, stackTraces: false });
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
