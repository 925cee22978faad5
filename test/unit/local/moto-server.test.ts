import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freePort, MotoServerMissing, startMotoServer, terminate } from '../../../local/moto-server';
import { REPO_ROOT } from '../../../local/run-state-machine';

const answers = async (endpoint: string) => {
  try {
    return (await fetch(`${endpoint}/moto-api/`)).ok;
  } catch {
    return false;
  }
};

/** moto_server processes listening on `port` (by their command line: another test's server may reuse the port later). */
const motoProcessesOn = (port: string) =>
  spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((l) => /moto[._]server/.test(l) && new RegExp(`-p ${port}( |$)`).test(l));

describe('moto_server lifecycle', () => {
  it('says how to install moto_server when it is missing', async () => {
    const err = await startMotoServer({ command: 'moto_server_definitely_not_installed' }).catch((e) => e);
    expect(err).toBeInstanceOf(MotoServerMissing);
    expect(err.message).toContain("pip install 'moto[server]'");
    expect(err.message).toContain('AWS_ENDPOINT_URL');
  });

  it('starts on a free loopback port and is gone after stop()', async () => {
    const moto = await startMotoServer();
    expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await answers(moto.endpoint)).toBe(true);
    await moto.stop();
    expect(await answers(moto.endpoint)).toBe(false);
  });

  it('stopping waits for the exit: a child that ignores SIGTERM gets SIGKILL and is gone when terminate() resolves', async () => {
    const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000);"], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await terminate(child, 50);
    expect({ exitCode: child.exitCode, signal: child.signalCode }).toEqual({ exitCode: null, signal: 'SIGKILL' });
  });

  it('freePort gives a usable port', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(1023);
  });

  it('is stopped when the rehearsal is interrupted with Ctrl-C (SIGINT)', async () => {
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO_ROOT, 'bin', 'cli.ts'), 'rehearse'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, AWS_ENDPOINT_URL: '', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    // The CLI's own exit, awaited below: no timer decides anything in this test (jest's timeout only stops a hang).
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const endpoint = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = stdout.match(/moto_server is up at (http:\/\/127\.0\.0\.1:\d+)/);
        if (m) resolve(m[1]);
      });
      void exited.then((code) => reject(new Error(`the rehearsal exited (${code}) before moto_server was up:\n${stdout}`)));
    });
    expect(await answers(endpoint)).toBe(true);
    const port = endpoint.split(':').pop()!;
    expect(motoProcessesOn(port)).toHaveLength(1);
    child.kill('SIGINT');
    const code = await exited;
    expect(code).toBe(130);
    // The CLI waits for moto_server to exit before it exits itself: its process is gone. (Not "the port does not
    // answer": in a full run another worker's moto_server may be given the freed port.)
    expect(motoProcessesOn(port)).toEqual([]);
  }, 240_000);
});
