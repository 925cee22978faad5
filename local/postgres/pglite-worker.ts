/**
 * Child process that runs one PGlite engine and serves it on a loopback port (see
 * pglite-server.ts, which forks it). A separate process because PGlite loads its WASM with a
 * dynamic import that Jest's module sandbox refuses, and so each served copy has its own memory.
 *
 * argv[2]: optional path of a data directory tarball to load (made by the "dump" message).
 * Messages: {id, type: "dump", path} -> writes the data directory there; {id, type: "stop"}.
 * Replies: {type: "ready", port} once serving; {id, ok, error?} per message.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { type Extension, PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

// A subpath export that TypeScript's "node" module resolution cannot see; Node resolves it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { amcheck } = require('@electric-sql/pglite/contrib/amcheck') as { amcheck: Extension };

type Message = { id: number; type: 'dump'; path: string } | { id: number; type: 'stop' };

async function main(): Promise<void> {
  const load = process.argv[2];
  const loadDataDir = load ? new Blob([readFileSync(load)]) : undefined;
  const db = await PGlite.create({ extensions: { amcheck }, ...(loadDataDir ? { loadDataDir } : {}) });
  // More than pglite-socket's default of one connection: a connection probe's socket may still be
  // closing when the next client connects, which one slot refuses ("Too many connections"). The
  // connections still share PGlite's one session; pglite-socket runs their queries one at a time.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const port = Number(server.getServerConn().split(':')[1]);
  process.on('message', async (m: Message) => {
    try {
      if (m.type === 'dump') {
        const file = await db.dumpDataDir('none');
        writeFileSync(m.path, Buffer.from(await file.arrayBuffer()));
      } else if (m.type === 'stop') {
        await server.stop();
        await db.close();
      }
      process.send?.({ id: m.id, ok: true });
      if (m.type === 'stop') process.disconnect();
    } catch (err) {
      process.send?.({ id: m.id, ok: false, error: (err as Error).message });
    }
  });
  process.send?.({ type: 'ready', port });
}

main().catch((err) => {
  process.send?.({ type: 'failed', error: (err as Error).stack ?? String(err) });
  process.exitCode = 1;
});
