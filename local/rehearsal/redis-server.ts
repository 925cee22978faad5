/**
 * Real RDB files from a real `redis-server` (Debian's package): start it on a free
 * loopback port with persistence off, write known keys over a tiny RESP client
 * (net.Socket, no dependency), SAVE, stop. Also loads an RDB file back into a fresh
 * server to read keys, proving a file restores.
 *
 * Missing redis-server is an error that says how to install it, never a silent skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, statSync } from 'node:fs';
import { createServer, type Socket, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER_MISSING =
  "redis-server is not on PATH. These tests need a real Redis: install Debian's package with " +
  '`apt-get update && apt-get install -y redis-server` (.ci/run does this).';

/** The path of redis-server, or throws with install instructions. */
export function requireRedisServer(): string {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (r.status !== 0 || !path) throw new Error(REDIS_SERVER_MISSING);
  return path;
}

export function redisServerVersion(): string {
  const r = spawnSync(requireRedisServer(), ['--version'], { encoding: 'utf8' });
  return /v=(\S+)/.exec(r.stdout)?.[1] ?? 'unknown';
}

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (!address || typeof address === 'string') throw new Error('could not get a free port');
  return address.port;
}

type Reply = string | number | null | Reply[] | Error;

/** A minimal RESP2 client: one command at a time, replies parsed in order. */
export class RespClient {
  private buffer = Buffer.alloc(0);
  private waiters: Array<(r: Reply) => void> = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      for (;;) {
        const parsed = parseReply(this.buffer, 0);
        if (!parsed) break;
        this.buffer = this.buffer.subarray(parsed.next);
        this.waiters.shift()?.(parsed.value);
      }
    });
  }

  static async connect(port: number): Promise<RespClient> {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    return new RespClient(socket);
  }

  command(...args: Array<string | Buffer | number>): Promise<Reply> {
    const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
    for (const a of args) {
      const b = Buffer.isBuffer(a) ? a : Buffer.from(String(a));
      parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
    }
    return new Promise((resolve, reject) => {
      this.waiters.push((r) => (r instanceof Error ? reject(r) : resolve(r)));
      this.socket.write(Buffer.concat(parts));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

function parseReply(buf: Buffer, at: number): { value: Reply; next: number } | undefined {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const line = buf.toString('utf8', at + 1, eol);
  switch (buf[at]) {
    case 0x2b: // +
      return { value: line, next: eol + 2 };
    case 0x2d: // -
      return { value: new Error(line), next: eol + 2 };
    case 0x3a: // :
      return { value: Number(line), next: eol + 2 };
    case 0x24: {
      // $
      const len = Number(line);
      if (len < 0) return { value: null, next: eol + 2 };
      if (buf.length < eol + 2 + len + 2) return undefined;
      return { value: buf.toString('utf8', eol + 2, eol + 2 + len), next: eol + 2 + len + 2 };
    }
    case 0x2a: {
      // *
      const count = Number(line);
      if (count < 0) return { value: null, next: eol + 2 };
      const items: Reply[] = [];
      let next = eol + 2;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, next);
        if (!item) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`unexpected RESP reply byte 0x${buf[at].toString(16)}`);
  }
}

export interface RunningRedis {
  port: number;
  dir: string;
  dbfilename: string;
  client: RespClient;
  stop(): Promise<void>;
}

/** Starts redis-server on a free loopback port with no automatic persistence. */
export async function startRedisServer(options: { dir?: string; dbfilename?: string; extraArgs?: string[] } = {}): Promise<RunningRedis> {
  const bin = requireRedisServer();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'rdb-'));
  const dbfilename = options.dbfilename ?? 'x.rdb';
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freeLoopbackPort();
    const child = spawn(
      bin,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--dbfilename',
        dbfilename,
        ...(options.extraArgs ?? []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let log = '';
    child.stdout?.on('data', (d) => (log += d));
    child.stderr?.on('data', (d) => (log += d));
    try {
      const client = await waitUntilReady(port, child, () => log);
      return { port, dir, dbfilename, client, stop: () => stopServer(child, client) };
    } catch (err) {
      lastError = err;
      child.kill('SIGKILL');
    }
  }
  throw lastError;
}

async function waitUntilReady(port: number, child: ChildProcess, log: () => string): Promise<RespClient> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${log()}`);
    try {
      const client = await RespClient.connect(port);
      const pong = await client.command('PING');
      if (pong === 'PONG') return client;
      client.close();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not answer PING on 127.0.0.1:${port} within 10 s: ${log()}`);
}

async function stopServer(child: ChildProcess, client: RespClient): Promise<void> {
  client.close();
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** The keys written into every real RDB fixture, with the value each one reads back as. */
export const KNOWN_STRINGS: Record<string, string> = {
  'muejam:greeting': 'hello from muejam',
  'muejam:counter': '12345',
  'muejam:big': 'x'.repeat(200_000) + 'end', // LZF-compressed by the server, spans many stream chunks
  'muejam:unicode': 'caf\u00e9 \u2615',
};

export interface RealRdb {
  path: string;
  bytes: number;
  redisVersion: string;
}

/**
 * Makes a real RDB file with redis-server: strings, a hash, a list, a set, a sorted set,
 * a key with a TTL, SAVE. `rdbchecksum: false` makes the server write a zero checksum.
 */
export async function makeRealRdb(options: { dir?: string; dbfilename?: string; rdbchecksum?: boolean } = {}): Promise<RealRdb> {
  const redis = await startRedisServer({
    dir: options.dir,
    dbfilename: options.dbfilename,
    extraArgs: options.rdbchecksum === false ? ['--rdbchecksum', 'no'] : [],
  });
  try {
    const c = redis.client;
    for (const [k, v] of Object.entries(KNOWN_STRINGS)) await c.command('SET', k, v);
    await c.command('HSET', 'muejam:user:1', 'name', 'Ada', 'plan', 'pro');
    await c.command('RPUSH', 'muejam:queue', 'a', 'b', 'c');
    await c.command('SADD', 'muejam:tags', 'red', 'green');
    await c.command('ZADD', 'muejam:scores', '1', 'one', '2', 'two');
    await c.command('SET', 'muejam:session', 'expires-later', 'EX', '86400');
    for (let i = 0; i < 1000; i++) await c.command('SET', `muejam:item:${i}`, `value-${i}`);
    const saved = await c.command('SAVE');
    if (saved !== 'OK') throw new Error(`SAVE answered ${String(saved)}`);
  } finally {
    await redis.stop();
  }
  const path = join(redis.dir, redis.dbfilename);
  return { path, bytes: statSync(path).size, redisVersion: redisServerVersion() };
}

/** Starts a fresh redis-server that loads `dir/dbfilename` at boot; the caller reads keys and stops it. */
export function loadRdbIntoRedis(dir: string, dbfilename: string): Promise<RunningRedis> {
  return startRedisServer({ dir, dbfilename });
}
