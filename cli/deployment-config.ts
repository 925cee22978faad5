/**
 * The CLI reads the same configuration as `cdk synth`: cdk.json's context,
 * overridden by `-c key=value` (as with the CDK CLI), validated the same way.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BackupConfig, loadConfig } from '../lib/config';
import { REPO_ROOT } from '../local/run-state-machine';

/**
 * Parses `key=value` pairs into strings, exactly as the CDK CLI passes `-c`
 * values: lib/config.ts reads numbers and lists from strings, and an account id
 * stays a string of 12 digits.
 */
export function parseContextPairs(pairs: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new Error(`-c ${p}: expected key=value, e.g. -c muejam.deploymentId=staging`);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

export function loadDeploymentConfig(contextPairs: string[] = [], cdkJsonPath = join(REPO_ROOT, 'cdk.json')): BackupConfig {
  const fromFile = existsSync(cdkJsonPath) ? (JSON.parse(readFileSync(cdkJsonPath, 'utf8')).context ?? {}) : {};
  const context: Record<string, unknown> = { ...fromFile, ...parseContextPairs(contextPairs) };
  return loadConfig({
    context: (k) => context[k],
    contextKeys: Object.keys(context),
    defaultAccount: process.env.CDK_DEFAULT_ACCOUNT,
  });
}
