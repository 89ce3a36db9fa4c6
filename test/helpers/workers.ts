import { spawn, type ChildProcess } from 'node:child_process';
import { after } from 'node:test';
import path from 'node:path';
import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { ObjectId, type Db, type Document, type MongoClient } from 'mongodb';
import { readSplitsResponse } from '../../src/cache/read-splits-response.ts';
import type { SplitsResponseDocument } from '../../src/cache/splits-response.ts';
import { childEnv } from './env.ts';
import { assertBuilt, root } from './built.ts';

export interface WorkerHandle {
  child: ChildProcess;
  logs: () => string;
  exited: Promise<number | null>;
}

/** Worker processes a test file started and that have not exited. */
const live = new Set<ChildProcess>();

// A worker a failed test never stopped would keep its test file's process, and so the whole run, waiting for
// ever (its pipes hold the event loop): once the file's tests are done, whatever still runs is killed. Only
// under the test runner (benchmarks use these helpers too).
if (process.env.NODE_TEST_CONTEXT)
  after(() => {
    for (const child of live) child.kill('SIGKILL');
  });

/** The built worker, as `npm start` runs it. */
export const BUILT_WORKER = 'dist/src/main.js';

/**
 * Starts a worker as a real process, with the test's environment and none of the user's worker settings. By default
 * the test worker (the built lifecycle with a computation the test scripts); BUILT_WORKER for the whole built worker.
 * A `.js` entry runs on plain node, as in production; a `.ts` one (a test's or a benchmark's harness) through tsx.
 */
export function spawnWorker(env: Record<string, string>, entry = 'test/helpers/test-worker-process.ts'): WorkerHandle {
  if (entry.startsWith('src/')) throw new Error(`spawnWorker: ${entry} is the source; tests run the build (${BUILT_WORKER})`);
  if (entry.startsWith('dist/') || entry.startsWith('test/')) assertBuilt();
  const child = spawn(process.execPath, [...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []), path.join(root, entry)], {
    cwd: root,
    env: childEnv({ METRICS_ENABLED: 'false', LOG_LEVEL: 'INFO', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.on('exit', () => live.delete(child));
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, logs: () => out, exited };
}

/**
 * The environment of a worker process in a test: its own databases on the test server, a short poll, and
 * the load and memory checks off, the first-rows hand-off off (the tests that need them turn them on).
 */
export function workerEnv(mongo: { url: string }, names: { queue: string; cache: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    MONGO_URL: mongo.url,
    MONGO_QUEUE_DATABASE: names.queue,
    MONGO_CACHE_DATABASE: names.cache,
    WORKER_SLEEP_SECONDS: '0.2',
    MAX_LOAD_PCT: '0',
    MAX_MEMORY_PCT: '0',
    // The queue tests count the jobs of the queue database: no first-rows jobs there unless a test asks for them.
    FIRST_ROWS_HANDOFF_ENABLED: 'false',
    ...extra,
  };
}

/** Waits until the worker logged a line with this message. */
export async function waitForLog(w: WorkerHandle, msg: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!w.logs().includes(`"msg":"${msg}"`)) {
    if (Date.now() > end) throw new Error(`timed out waiting for log "${msg}"; logs:\n${w.logs().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * `count` due splits jobs as Agenda's `now()` writes them (`failCount: null` included), one a millisecond from
 * `firstDueAt` (oldest first in insertion order): for inserting many in one command.
 */
export function agendaDueJobs(count: number, opts: { dataset: (i: number) => string; firstDueAt: number }): Document[] {
  return Array.from({ length: count }, (_, i) => ({
    _id: new ObjectId(),
    name: 'splits',
    data: { dataset: opts.dataset(i) },
    type: 'normal',
    priority: 0,
    nextRunAt: new Date(opts.firstDueAt + i),
    lastModifiedBy: null,
    lockedAt: null,
    failCount: null,
  }));
}

/** The producer side, as another service would do it. */
export async function producer(client: MongoClient, queueDbName: string): Promise<Agenda> {
  const agenda = new Agenda({ backend: new MongoBackend({ mongo: client.db(queueDbName) }) });
  await agenda.ready;
  return agenda;
}

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, what = 'condition'): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Enqueues a job of the dataset and waits until its cache entry is newer than the one before: the answer of this
 * job (or of a later one), whatever it is (a success or a typed error).
 */
export async function enqueueAndWaitForAnswer(agenda: Agenda, cacheDb: Db, dataset: string, timeoutMs = 30_000): Promise<SplitsResponseDocument> {
  const before = await readSplitsResponse(cacheDb, dataset);
  // forced: a job of a dataset whose cached answer is current would end skipped, and write no new entry
  await agenda.now('splits', { dataset, force: true });
  return waitFor(
    async () => {
      const doc = await readSplitsResponse(cacheDb, dataset);
      return doc && (!before || doc.updated_at > before.updated_at) ? doc : undefined;
    },
    timeoutMs,
    `${dataset} cached`,
  );
}

/** How many transient failures the worker has logged so far. */
export function transientFailures(w: WorkerHandle): number {
  return (w.logs().match(/transient failure; the cache is left as it was/g) ?? []).length;
}
