/**
 * The operator CLI, in-process, for the docs test: the same commands bin/cli.ts
 * registers (read from its `import { register as ... } from '../cli/commands/<name>'`
 * lines, so a command registered there is found here without an edit), run
 * with their output captured instead of a process per command.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';

const ROOT = path.resolve(__dirname, '..', '..');

/** The command modules bin/cli.ts registers, in its order. */
export function registeredCommandModules(cliSource = readFileSync(path.join(ROOT, 'bin', 'cli.ts'), 'utf8')): string[] {
  const imports = [...cliSource.matchAll(/import\s*\{\s*register as (\w+)\s*\}\s*from\s*'\.\.\/cli\/commands\/([\w-]+)'/g)];
  const called = new Set([...cliSource.matchAll(/^(\w+)\(program\);/gm)].map((m) => m[1]));
  return imports.filter(([, fn]) => called.has(fn)).map(([, , mod]) => mod);
}

/** A fresh program with every registered command; parse errors throw instead of exiting. */
export function buildCliProgram(): Command {
  const program = new Command().name('muejam-dr').exitOverride();
  for (const mod of registeredCommandModules()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(path.join(ROOT, 'cli', 'commands', mod)) as { register(p: Command): void }).register(program);
  }
  for (const c of program.commands) c.exitOverride();
  return program;
}

export interface CliRun {
  code: number;
  output: string;
}

/** Runs `argv` (the words after `npm run cli --`) in-process; stdout and stderr are captured together. */
export async function runCliInProcess(argv: string[]): Promise<CliRun> {
  const program = buildCliProgram();
  let output = '';
  const original = { out: process.stdout.write, err: process.stderr.write, log: console.log, error: console.error, warn: console.warn };
  const capture = ((chunk: unknown, ...rest: unknown[]) => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  }) as typeof process.stdout.write;
  const line = (...a: unknown[]) => {
    output += `${a.map(String).join(' ')}\n`;
  };
  program.configureOutput({ writeOut: (s) => (output += s), writeErr: (s) => (output += s) });
  for (const c of program.commands) c.configureOutput({ writeOut: (s) => (output += s), writeErr: (s) => (output += s) });
  const previousExitCode = process.exitCode;
  process.exitCode = 0;
  process.stdout.write = capture;
  process.stderr.write = capture;
  console.log = line;
  console.error = line;
  console.warn = line;
  let code = 0;
  try {
    await program.parseAsync(['node', 'cli', ...argv]);
    code = Number(process.exitCode ?? 0);
  } catch (err) {
    // as bin/cli.ts does: print the message, exit 1 (commander's own errors carry their exit code)
    if (!(err instanceof CommanderError)) output += `error: ${(err as Error).message}\n`;
    code = err instanceof CommanderError ? err.exitCode || 1 : 1;
  } finally {
    process.stdout.write = original.out;
    process.stderr.write = original.err;
    console.log = original.log;
    console.error = original.error;
    console.warn = original.warn;
    process.exitCode = previousExitCode;
  }
  return { code, output };
}

/**
 * Checks a documented argv against the registered commands without running it:
 * the subcommand exists, every option is one of its options, option values and
 * positional arguments are where they should be. Returns the problems (empty = fine).
 */
export function cliSyntaxProblems(program: Command, argv: string[], o: { argumentsElided?: boolean } = {}): string[] {
  const [name, ...rest] = argv;
  const cmd = program.commands.find((c) => c.name() === name || c.aliases().includes(name));
  if (!cmd) {
    return [
      `bin/cli.ts registers no command "${name}" (registered: ${program.commands.map((c) => c.name()).join(', ')}): the docs show a command that does not exist`,
    ];
  }
  if (o.argumentsElided) return [];
  const problems: string[] = [];
  let positionals = 0;
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i];
    if (w.startsWith('-') && w !== '-') {
      const flag = w.split('=')[0];
      const opt = cmd.options.find((o) => o.long === flag || o.short === flag);
      if (!opt) {
        problems.push(`${name}: unknown option ${flag} (known: ${cmd.options.map((o) => o.long).join(', ')})`);
        continue;
      }
      if ((opt.required || opt.optional) && !w.includes('=')) {
        if (opt.variadic) while (i + 1 < rest.length && !rest[i + 1].startsWith('-')) i++;
        else if (i + 1 < rest.length && !rest[i + 1].startsWith('-')) i++;
        else if (opt.required) problems.push(`${name}: option ${flag} needs a value`);
      }
    } else positionals++;
  }
  const args = cmd.registeredArguments;
  const required = args.filter((a) => a.required).length;
  const variadic = args.some((a) => a.variadic);
  if (positionals < required)
    problems.push(`${name}: needs ${required} argument(s) (${args.map((a) => a.name()).join(', ')}), got ${positionals}`);
  if (!variadic && positionals > args.length) problems.push(`${name}: takes at most ${args.length} argument(s), got ${positionals}`);
  return problems;
}
