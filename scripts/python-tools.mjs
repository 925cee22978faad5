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

/** The version a python can import, e.g. "5.2.1", or undefined. */
function importedVersion(python, t) {
  const dist = t.requirement.split(/[[=]/)[0];
  const r = spawnSync(python, ['-c', `import ${t.importable}; from importlib.metadata import version; print(version('${dist}'))`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function writeShim(t, python, why) {
  mkdirSync(SHIMS, { recursive: true });
  const shim = join(SHIMS, t.command);
  writeFileSync(
    shim,
    `#!/bin/sh\n# made by scripts/python-tools.mjs: ${why}; rm -rf .venv to try pip again\nexec "${python}" ${t.run} "$@"\n`,
  );
  chmodSync(shim, 0o755);
}

/**
 * The environment with every tool found: PATH plus .venv/bin and .venv/shims after the user's own entries.
 * Says what it does in one line on stderr (nothing when every tool is already there).
 */
export function ensurePythonTools(env = process.env, write = (text) => process.stderr.write(text)) {
  const userPath = env.PATH ?? '';
  const withProject = { ...env, PATH: [userPath, VENV_BIN, SHIMS].filter(Boolean).join(delimiter) };
  const missing = TOOLS.filter((t) => !which(t.command, userPath) && !inProject(t));
  if (missing.length === 0) return withProject;
  const names = missing.map((t) => t.command).join(' and ');
  const pipLine = missing.map((t) => `pip install '${t.requirement}'`).join(' && ');

  const python = which('python3', userPath);
  if (!python) {
    write(`${names} not found and there is no python3 on PATH: install Python 3 (then npm start/npm test install them), or ${pipLine}\n`);
    return withProject;
  }
  // One line: the progress now, the outcome at its end.
  write(`${names} not on PATH: installing ${missing.map((t) => t.requirement).join(' and ')} into .venv/ (first run only)... `);
  if (!existsSync(join(VENV_BIN, 'python'))) spawnSync(python, ['-m', 'venv', VENV], { stdio: 'ignore' });
  const pip = existsSync(join(VENV_BIN, 'pip'))
    ? spawnSync(
        join(VENV_BIN, 'pip'),
        ['install', '-q', '--disable-pip-version-check', '--timeout', '15', '--retries', '1', '-r', REQUIREMENTS],
        { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] },
      )
    : { status: 1, stderr: 'python3 -m venv failed (Debian/Ubuntu: apt-get install -y python3-venv)' };
  const stillMissing = missing.filter((t) => !inProject(t));
  if (stillMissing.length === 0) {
    write('done\n');
    return withProject;
  }

  const reason = pip.status === 0 ? 'pip installed no such command' : ((pip.stderr ?? '').trim().split('\n').pop() ?? 'pip failed');
  const fallbacks = [];
  const unusable = [];
  for (const t of stillMissing) {
    const version = importedVersion(python, t);
    if (version) {
      writeShim(t, python, `${t.requirement} could not be installed (${reason})`);
      const pinned = t.requirement.split('==')[1];
      fallbacks.push(
        `${t.command} = ${python} ${t.run.startsWith('-m') ? t.run : `(${t.importable}.main)`} ${version}${version === pinned ? '' : ` (pinned ${pinned})`}`,
      );
    } else unusable.push(t);
  }
  const parts = [`pip could not install them (${reason})`];
  if (fallbacks.length) parts.push(`using what python3 has: ${fallbacks.join(', ')}`);
  if (unusable.length)
    parts.push(
      `still missing ${unusable.map((t) => t.command).join(' and ')}: ${unusable.map((t) => `pip install '${t.requirement}'`).join(' && ')}`,
    );
  write(`${parts.join('; ')}\n`);
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
