/**
 * Suites that need a system tool (redis-server) run wherever it is installed and
 * always in CI (`.ci/run` installs it; CI=true makes a missing tool a failure).
 * Elsewhere, without the tool, the suite is reported as skipped with the one-line
 * install command, and `npm test`'s closing line counts it as skipped.
 */
import { spawnSync } from 'node:child_process';

export interface Tool {
  /** The executable looked up on PATH. */
  command: string;
  /** The one-line install command shown when it is missing. */
  install: string;
}

export const REDIS_SERVER: Tool = { command: 'redis-server', install: 'sudo apt-get update && sudo apt-get install -y redis-server' };

export function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** `describe` when the tool is there; a failing test in CI without it; `describe.skip` with the install command otherwise. */
export function describeWithTool(tool: Tool, name: string, fn: () => void): void {
  if (onPath(tool.command)) {
    describe(name, fn);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it(`has ${tool.command} (CI=true)`, () => {
        throw new Error(`CI is set but ${tool.command} is not on PATH: ${tool.install}`);
      });
    });
    return;
  }
  console.warn(`skipping "${name}": ${tool.command} is not on PATH; install it with: ${tool.install}`);
  describe.skip(name, fn);
}
