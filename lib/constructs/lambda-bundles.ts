/**
 * Every handler of a folder bundled by ONE esbuild build (one entry point per handler, no code
 * splitting: each output is a self-contained bundle), once per process and folder. The CDK's
 * NodejsFunction runs esbuild once per function; with 50+ step Lambdas that was most of a synth
 * (about 90 s on 2 cores against about 15 s for the one build), and `cdk deploy` pays it too.
 *
 * The options are the ones the step Lambdas need: Node.js 22, CommonJS, minified, external source
 * maps without sources (NODE_OPTIONS=--enable-source-maps reads them), and the pinned AWS SDK v3
 * bundled (no externals) so the code runs with the versions it was tested with. bench/ measures
 * these same bundles.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type BuildOptions, buildSync } from 'esbuild';

/** esbuild options of every step Lambda bundle (entry points and output folder aside). */
export const BUNDLE_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
};

const built = new Map<string, string>();
const made: string[] = [];

/** A fresh temporary folder, removed when the process exits (the CDK has copied what it needs into cdk.out by then). */
function temporaryFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  if (made.length === 0) {
    process.once('exit', () => {
      for (const d of made) rmSync(d, { recursive: true, force: true });
    });
  }
  made.push(dir);
  return dir;
}

/** Handler names (file names without `.ts`) of a folder, sorted. */
export function handlerNames(handlersDir: string): string[] {
  return readdirSync(handlersDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
}

/**
 * The folder holding `<handler>/index.js` (+ `index.js.map`) for every handler of `handlersDir`,
 * built on first call in this process.
 */
export function bundledHandlers(handlersDir: string): string {
  const dir = path.resolve(handlersDir);
  let out = built.get(dir);
  if (!out) {
    out = temporaryFolder('muejam-lambda-bundles-');
    buildSync({
      ...BUNDLE_OPTIONS,
      entryPoints: Object.fromEntries(handlerNames(dir).map((name) => [`${name}/index`, path.join(dir, `${name}.ts`)])),
      outdir: out,
    });
    built.set(dir, out);
  }
  return out;
}

/** The folder of one handler's bundle (`index.js`), for lambda.Code.fromAsset. */
export function handlerBundle(handlersDir: string, handlerName: string): string {
  return path.join(bundledHandlers(handlersDir), handlerName);
}

let placeholder: string | undefined;

/**
 * A one-file stand-in asset for synths that skip bundling (`aws:cdk:bundling-stacks`, as
 * `cdk synth --exclusively` and the tests' config variants do): the template keeps one S3 asset
 * per function without building any.
 */
export function unbundledPlaceholder(): string {
  if (!placeholder) {
    placeholder = temporaryFolder('muejam-lambda-unbundled-');
    writeFileSync(
      path.join(placeholder, 'index.js'),
      'exports.handler = async () => { throw new Error("this stack was synthesized without bundling"); };\n',
    );
  }
  return placeholder;
}
