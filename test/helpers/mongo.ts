import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { isAlive } from './process.ts';

const root = path.resolve(import.meta.dirname, '../..');

export interface TestMongo {
  url: string;
  client: MongoClient;
  /** fresh database names for one test */
  names: () => { queue: string; cache: string };
  /**
   * Stop the server (only when the helper started it), with SIGTERM: mongo-java-server then flushes its H2
   * file. A SIGKILL would lose its last second of acknowledged writes, which a journaled MongoDB never does.
   */
  stopServer: () => Promise<void>;
  /** start it again on the same port and data (fault tests) */
  restartServer: () => Promise<void>;
  /** freeze the server (SIGSTOP) and thaw it (SIGCONT), as a stalled database would be; only when the helper started it */
  pauseServer: () => void;
  resumeServer: () => void;
  /** the server's process id, when the helper started it (benchmarks read its CPU time) */
  serverPid: () => number | undefined;
  close: () => Promise<void>;
}

/** The external server the tests were pointed at (TEST_MONGO_URL), if any. */
export function testMongoUrl(): string | undefined {
  return process.env.TEST_MONGO_URL || undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForServer(url: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const c = new MongoClient(url, { serverSelectionTimeoutMS: 500 });
    try {
      await c.connect();
      await c.db('admin').command({ ping: 1 });
      await c.close();
      return;
    } catch (err) {
      await c.close().catch(() => {});
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * A real MongoDB-protocol server for one test file: TEST_MONGO_URL when set (e.g. a real MongoDB), otherwise
 * mongo-java-server started by scripts/test-mongo.sh on a free port with its data in a temporary folder.
 * The tests have a switch of their own: the worker's MONGO_URL, which a user may have exported for their
 * worker, never points the suite at a database.
 */
export async function startTestMongo(): Promise<TestMongo> {
  const external = testMongoUrl();
  let url: string;
  let pid: number | undefined;
  let dir: string | undefined;
  let port = 0;
  const start = async () => {
    const out = execFileSync(path.join(root, 'scripts/test-mongo.sh'), ['start', dir!, String(port)], { encoding: 'utf8' });
    pid = Number(out.trim());
    await waitForServer(url);
  };
  if (external) {
    url = external;
  } else {
    dir = mkdtempSync(path.join(os.tmpdir(), 'splits-mongo-'));
    port = await freePort();
    url = `mongodb://127.0.0.1:${port}`;
    await start();
  }
  const client = await MongoClient.connect(url, { serverSelectionTimeoutMS: 5000 });
  const created: string[] = [];
  const stopServer = async () => {
    if (!pid) return;
    const p = pid;
    pid = undefined;
    process.kill(p, 'SIGCONT');
    process.kill(p, 'SIGTERM');
    const end = Date.now() + 10_000;
    while (Date.now() < end && isAlive(p)) await new Promise((r) => setTimeout(r, 50));
    if (isAlive(p)) process.kill(p, 'SIGKILL');
  };
  const killOnExit = () => {
    if (pid) {
      try {
        process.kill(pid, 'SIGCONT');
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', killOnExit);
  return {
    url,
    client,
    names: () => {
      const id = randomBytes(4).toString('hex');
      const n = { queue: `t_${id}_queue`, cache: `t_${id}_cache` };
      created.push(n.queue, n.cache);
      return n;
    },
    stopServer,
    restartServer: start,
    pauseServer: () => {
      if (pid) process.kill(pid, 'SIGSTOP');
    },
    resumeServer: () => {
      if (pid) process.kill(pid, 'SIGCONT');
    },
    serverPid: () => pid,
    close: async () => {
      if (external)
        for (const name of created)
          await client
            .db(name)
            .dropDatabase()
            .catch(() => {});
      await client.close().catch(() => {});
      await stopServer();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
