/**
 * Synthesizes the real CDK app (cdk.json context, Lambdas bundled by esbuild)
 * once per change of its inputs, into cdk.out.test/<hash>/, and gives every
 * infra test file the parsed templates. Jest runs test files in separate
 * workers with separate module registries, so the cache is on disk: the first
 * file to need it synthesizes under a lock, the others wait and read.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../lib/app';

export const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, 'cdk.out.test');
const INPUTS = ['bin', 'lib', 'lambdas', 'state-machines', 'cdk.json', 'package-lock.json', 'test/infra/synth.ts'];
const DONE = '.complete';

export interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

export interface SynthResult {
  dir: string;
  /** Stack name -> parsed CloudFormation template. */
  templates: Record<string, any>;
  templateFiles: string[];
  /** validation-report.json of the cloud assembly (cdk-nag findings not acknowledged). */
  validationReport: { pluginReports: { pluginName: string; conclusion: string; violations: any[] }[] };
  acknowledgements: Acknowledgement[];
  /** Seconds the synthesis took (0 when read from the cache). */
  seconds: number;
}

/** The cdk.json context (what `cdk synth` uses). */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).context;
}

function files(p: string): string[] {
  if (!existsSync(p)) return [];
  if (statSync(p).isFile()) return [p];
  return readdirSync(p)
    .sort()
    .flatMap((e) => files(path.join(p, e)));
}

export function inputHash(): string {
  const h = createHash('sha256');
  for (const f of INPUTS.flatMap((i) => files(path.join(ROOT, i)))) {
    h.update(path.relative(ROOT, f));
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

function synthesizeInto(outdir: string): number {
  const started = Date.now();
  const app = new App({
    outdir,
    context: { ...cdkJsonContext(), '@aws-cdk/core:failSynthOnValidationErrors': false },
    // aws-cdk-lib's built-in CloudFormation validation (a WASM engine) only warns and took most of a synth's CPU;
    // the templates are checked by cfn-lint and cdk-nag (nag-and-lint.test.ts) instead.
    builtinCloudFormationValidation: false,
  });
  buildApp(app, undefined);
  app.synth();
  return (Date.now() - started) / 1000;
}

function load(dir: string, seconds: number): SynthResult {
  const templateFiles = readdirSync(dir)
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => path.join(dir, f));
  const templates: Record<string, any> = {};
  for (const f of templateFiles) templates[path.basename(f, '.template.json')] = JSON.parse(readFileSync(f, 'utf8'));
  // One entry per construct and id: a later acknowledgement of the same id replaces the earlier one.
  const byKey = new Map<string, Acknowledgement>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.metadata.json'))) {
    const meta = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, { type: string; data: any }[]>;
    for (const [p, entries] of Object.entries(meta)) {
      for (const e of entries) {
        if (e.type !== 'aws:cdk:acknowledged-rules') continue;
        for (const [id, reason] of Object.entries(e.data as Record<string, string>)) {
          const clean = id.replace(/^[A-Za-z]+::/, '');
          byKey.set(`${p}|${clean}`, { path: p, id: clean, reason });
        }
      }
    }
  }
  const acknowledgements = [...byKey.values()];
  const validationReport = JSON.parse(readFileSync(path.join(dir, 'validation-report.json'), 'utf8'));
  return { dir, templates, templateFiles, validationReport, acknowledgements, seconds };
}

/** Removes the cache entries of earlier inputs (finished ones only: no lock, no work in progress). */
function pruneOtherSyntheses(keep: string): void {
  for (const e of readdirSync(CACHE)) {
    const p = path.join(CACHE, e);
    if (p === keep || e.includes('.') || existsSync(`${p}.lock`)) continue;
    rmSync(p, { recursive: true, force: true });
  }
}

/** True when the process that took `lock` has exited (or the lock holds no pid: a crash between mkdir and write). */
function lockOwnerGone(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
  } catch {
    // no pid yet: the owner is between mkdir and write
    return false;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let memo: Promise<SynthResult> | undefined;

/** The synthesized app, from the on-disk cache when its inputs have not changed. */
export function synthesizedApp(): Promise<SynthResult> {
  memo ??= (async () => {
    mkdirSync(CACHE, { recursive: true });
    const dir = path.join(CACHE, inputHash());
    const lock = `${dir}.lock`;
    while (!existsSync(path.join(dir, DONE))) {
      let locked = false;
      try {
        mkdirSync(lock);
        writeFileSync(path.join(lock, 'pid'), String(process.pid));
        locked = true;
      } catch {
        // another worker is synthesizing; its lock is stale when that process is gone (no clock involved)
        if (lockOwnerGone(lock)) rmSync(lock, { recursive: true, force: true });
      }
      if (locked) {
        try {
          if (existsSync(path.join(dir, DONE))) break;
          const tmp = `${dir}.tmp-${process.pid}`;
          rmSync(tmp, { recursive: true, force: true });
          const seconds = synthesizeInto(tmp);
          writeFileSync(path.join(tmp, DONE), String(seconds));
          rmSync(dir, { recursive: true, force: true });
          renameSync(tmp, dir);
          pruneOtherSyntheses(dir);
          return load(dir, seconds);
        } finally {
          rmSync(lock, { recursive: true, force: true });
        }
      }
      await sleep(250);
    }
    return load(dir, 0);
  })();
  return memo;
}

/** Every resource of a template of the given CloudFormation type, by logical id. */
export function resourcesOfType(template: any, type: string): Record<string, any> {
  return Object.fromEntries(Object.entries(template.Resources ?? {}).filter(([, r]: [string, any]) => r.Type === type));
}
