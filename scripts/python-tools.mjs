#!/usr/bin/env node
// moto_server and cfn-lint for `npm start`, `npm test` and .ci/run, on a bare machine (Node + Python 3):
//   1. your own installs on PATH win;
//   2. else the project's .venv/ (gitignored), installed on first use from requirements-tools.txt (pinned), one line of progress;
//   3. else, when pip cannot reach PyPI but the python3 on PATH can import the modules, small shims in
//      .venv/shims run `python3 -m moto.server` / cfnlint's main.
// As a command: `node scripts/python-tools.mjs [--check] [command args...]` ensures the tools, prints what it
// uses (--check also fails when one is missing), then runs the command with them on PATH.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const VENV = join(ROOT, '.venv');
const VENV_BIN = join(VENV, 'bin');
const SHIMS = join(VENV, 'shims');
const REQUIREMENTS = join(ROOT, 'requirements-tools.txt');

export const TOOLS = [
  { command: 'moto_server', requirement: 'moto[server]==5.2.1', importable: 'moto.server', run: '-m moto.server' },
  {
    command: 'cfn-lint',
    requirement: 'cfn-lint==1.51.0',
    importable: 'cfnlint.runner',
    run: `-c "import sys; from cfnlint.runner import main; sys.argv[0] = 'cfn-lint'; sys.exit(main())"`,
  },
];

function which(command, path) {
  const r = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8', env: { ...process.env, PATH: path } });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const inProject = (t) => [join(VENV_BIN, t.command), join(SHIMS, t.command)].find((p) => existsSync(p));

/** The environment with every tool found: PATH plus .venv/bin and .venv/shims after the user's own entries. */
export function ensurePythonTools(env = process.env, log = (line) => process.stderr.write(`${line}\n`)) {
  const userPath = env.PATH ?? '';
  const withProject = { ...env, PATH: [userPath, VENV_BIN, SHIMS].filter(Boolean).join(delimiter) };
  const missing = TOOLS.filter((t) => !which(t.command, userPath) && !inProject(t));
  if (missing.length === 0) return withProject;

  const python = which('python3', userPath);
  if (!python) {
    log(
      `${missing.map((t) => t.command).join(' and ')} not found and there is no python3 on PATH: install Python 3, or ${missing.map((t) => `pip install '${t.requirement}'`).join(' and ')}`,
    );
    return withProject;
  }
  log(`installing ${missing.map((t) => t.requirement).join(' and ')} into .venv/ (first run only; pins in requirements-tools.txt)...`);
  if (!existsSync(join(VENV_BIN, 'python'))) spawnSync(python, ['-m', 'venv', VENV], { stdio: 'ignore' });
  const pip = existsSync(join(VENV_BIN, 'pip'))
    ? spawnSync(
        join(VENV_BIN, 'pip'),
        ['install', '-q', '--disable-pip-version-check', '--timeout', '15', '--retries', '1', '-r', REQUIREMENTS],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      )
    : { status: 1, stderr: `python3 -m venv failed (Debian/Ubuntu: apt-get install -y python3-venv)` };
  const stillMissing = missing.filter((t) => !inProject(t));
  if (stillMissing.length === 0) return withProject;

  const reason = pip.status === 0 ? 'pip installed no such command' : (pip.stderr ?? '').trim().split('\n').pop();
  for (const t of stillMissing) {
    const root = t.importable.split('.')[0];
    const importable = spawnSync(python, ['-c', `import ${t.importable}, ${root}`], { stdio: 'ignore' }).status === 0;
    if (importable) {
      mkdirSync(SHIMS, { recursive: true });
      writeFileSync(
        join(SHIMS, t.command),
        `#!/bin/sh\n# made by scripts/python-tools.mjs: ${t.requirement} could not be installed (${reason})\nexec "${python}" ${t.run} "$@"\n`,
      );
      chmodSync(join(SHIMS, t.command), 0o755);
      log(
        `  could not install ${t.requirement} (${reason}); using ${python} ${t.run.startsWith('-m') ? t.run : `-c <${t.importable}.main>`} instead`,
      );
    } else {
      log(`  could not install ${t.requirement} (${reason}); install it yourself: pip install '${t.requirement}'`);
    }
  }
  return withProject;
}

/** What each tool resolves to in `env`, e.g. `moto_server: /work/main/.venv/bin/moto_server`. */
export function describeTools(env) {
  return TOOLS.map((t) => `${t.command}: ${which(t.command, env.PATH) ?? 'MISSING'}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const strict = args[0] === '--check';
  if (strict) args.shift();
  const env = ensurePythonTools();
  if (strict) {
    const lines = describeTools(env);
    for (const l of lines) console.log(l);
    if (lines.some((l) => l.endsWith('MISSING'))) process.exit(1);
  }
  if (args.length) {
    const r = spawnSync(args[0], args.slice(1), { stdio: 'inherit', env });
    process.exit(r.status ?? 1);
  }
}
