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

/**
 * Which server the helper starts when no TEST_MONGO_URL is given: `java` (the default, mongo-java-server from
 * scripts/test-mongo.sh) or `documentdb` (DocumentDB in a private PostgreSQL behind FerretDB, from
 * scripts/test-documentdb.sh: MongoDB's rules, where the Java server forgives some; docs/testing.md).
 */
export function testMongoBackend(): 'java' | 'documentdb' {
  const b = process.env.TEST_MONGO_BACKEND || 'java';
  if (b !== 'java' && b !== 'documentdb') throw new Error(`TEST_MONGO_BACKEND must be java or documentdb, not ${b}`);
  return b;
}

/** The processes to signal to freeze a started server: each pid, and for PostgreSQL's postmaster its children. */
function withChildren(pids: number[]): number[] {
  const all = [...pids];
  for (const p of pids) {
    try {
      const out = execFileSync('pgrep', ['-P', String(p)], { encoding: 'utf8' });
      all.push(...out.split('\n').filter(Boolean).map(Number));
    } catch {
      // no children (pgrep exits 1)
    }
  }
  return all;
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const p of pids) {
    try {
      process.kill(p, sig);
    } catch {
      // already gone
    }
  }
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
 * mongo-java-server started by scripts/test-mongo.sh (or DocumentDB by scripts/test-documentdb.sh when
 * TEST_MONGO_BACKEND=documentdb) on a free port with its data in a temporary folder.
 * The tests have a switch of their own: the worker's MONGO_URL, which a user may have exported for their
 * worker, never points the suite at a database.
 */
export async function startTestMongo(): Promise<TestMongo> {
  const external = testMongoUrl();
  let url: string;
  // the started server's processes: mongo-java-server's one, or FerretDB's and PostgreSQL's postmaster
  let pids: number[] = [];
  let dir: string | undefined;
  let port = 0;
  const backend = testMongoBackend();
  const script = path.join(root, backend === 'documentdb' ? 'scripts/test-documentdb.sh' : 'scripts/test-mongo.sh');
  const start = async () => {
    const out = execFileSync(script, ['start', dir!, String(port)], { encoding: 'utf8' });
    pids = out.trim().split(/\s+/).map(Number);
    await waitForServer(url, backend === 'documentdb' ? 60_000 : 20_000);
    if (backend === 'documentdb') await checkOurs();
  };
  // The port was free when chosen, seconds before the gateway listened on it (initdb and CREATE EXTENSION
  // come first): if another process took it meanwhile, the gateway exits and the URL answers with someone
  // else's server. The gateway must be alive and the server must say it is FerretDB.
  const checkOurs = async () => {
    const c = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
    try {
      const info = await c.db('admin').command({ buildInfo: 1 });
      if (!pids.every(isAlive) || !('ferretdb' in info)) throw new Error(`${url} is not the DocumentDB backend started in ${dir}: the port was taken`);
    } finally {
      await c.close();
    }
  };
  if (external) {
    url = external;
  } else {
    dir = mkdtempSync(path.join(os.tmpdir(), `splits-${backend}-`));
    port = await freePort();
    url = `mongodb://127.0.0.1:${port}`;
    await start();
  }
  const client = await MongoClient.connect(url, { serverSelectionTimeoutMS: 5000 });
  const created: string[] = [];
  const stopServer = async () => {
    if (pids.length === 0) return;
    const ps = pids;
    pids = [];
    // a paused server is thawed first, then asked to stop cleanly (mongo-java-server: SIGTERM flushes its H2
    // file; PostgreSQL: a fast shutdown)
    signal(withChildren(ps), 'SIGCONT');
    execFileSync(script, ['stop', ...ps.map(String)]);
    const end = Date.now() + 30_000;
    while (Date.now() < end && ps.some(isAlive)) await new Promise((r) => setTimeout(r, 50));
    signal(ps.filter(isAlive), 'SIGKILL');
  };
  const killOnExit = () => {
    if (pids.length === 0) return;
    signal(withChildren(pids), 'SIGCONT');
    // PostgreSQL's postmaster ends its backends on SIGQUIT (immediate shutdown); the rest die at once
    signal(pids.slice(1), 'SIGQUIT');
    signal(pids.slice(0, 1), 'SIGKILL');
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
    pauseServer: () => signal(withChildren(pids), 'SIGSTOP'),
    resumeServer: () => signal(withChildren(pids), 'SIGCONT'),
    serverPid: () => pids[0],
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
