/**
 * A worker process for the tests: the real lifecycle (runWorkerProcess), with a computation whose behaviour
 * the test sets in TEST_COMPUTE (JSON): sleep, fail with a typed error, kill its own process, hang ignoring
 * its signal, and record every start and end as a JSON line in `record` so that a test can rebuild what ran
 * when. Record times are the MongoDB server's (as the queue measures leases), so that a worker whose own clock
 * is shifted records on the same time line as the others.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Collection, MongoClient } from 'mongodb';
import { builtModule } from './built.ts';
import type { ComputeSplits } from '../../src/splits/types.ts';

// The worker under test is the built one (dist/, what `npm start` runs): only this file, the test's stand-in for
// the computation, is TypeScript run by tsx. The faults below patch the driver that dist/ shares with this file.
const { runWorkerProcess } = (await import(builtModule('src/worker/run-worker-process.js'))) as typeof import('../../src/worker/run-worker-process.ts');
const { ServerClock } = (await import(builtModule('src/queue/server-clock.js'))) as typeof import('../../src/queue/server-clock.ts');
const { HubUnavailableError, DatasetNotFoundError } = (await import(builtModule('src/splits/errors.js'))) as typeof import('../../src/splits/errors.ts');
const { RevisionUnchanged } = (await import(builtModule('src/splits/revision.js'))) as typeof import('../../src/splits/revision.ts');

interface Behaviour {
  sleepMs?: number;
  /** a random computation time in [min, max] ms, drawn per run */
  sleepMsRange?: [number, number];
  /** per dataset: a computation time in ms, overriding sleepMs */
  sleepMsByDataset?: Record<string, number>;
  record?: string;
  /** datasets whose computation throws this kind of error */
  fail?: Record<string, 'not_found' | 'transient' | 'bug'>;
  /** datasets whose computation kills its own process (SIGKILL), as an out-of-memory or a native abort would */
  crash?: string[];
  /** datasets whose computation never ends (until its signal aborts it, as a Hub call would) */
  hang?: string[];
  /** datasets whose computation never ends and ignores its signal */
  hangIgnoringSignal?: string[];
  /** the answer names the job that computed it (as its config), so a test can tell which run's answer is cached */
  echoJobId?: boolean;
  /**
   * A JSON file read at every computation: `{ "<dataset>": [["<config>", "<split>"], ...] | "not_found" | "bug" }`.
   * A listed dataset answers those splits (or fails so); the test rewrites the file between computations.
   */
  splitsFile?: string;
  /**
   * Kill this process (SIGKILL) right after its first cache write of /splits, before anything else the job does
   * after it; once across processes: the first to do it creates this marker file, later writes go on.
   */
  killAfterCacheWriteOnce?: string;
  /** each cache write of /splits is sent this many ms late (a slow MongoDB, a large answer): the run is writing meanwhile */
  slowCacheWriteMs?: number;
  /**
   * The computation of these datasets, its answer ready, stops its own process (SIGSTOP) before it returns, once
   * across processes: the first creates `marker` (with its pid); the test sends SIGCONT when it wants.
   */
  stopAfterComputeOnce?: { datasets: string[]; marker: string };
  /** the answer names the process that computed it too (config `<jobId>@<pid>`) */
  echoPid?: boolean;
  /**
   * The local stand-in for the Hub's repo info: a JSON file `{ "<dataset>": "<sha>" }` the test rewrites (atomically)
   * when a dataset changes. With it the computation is revision-aware, as the Hub's: a listed dataset's sha is read
   * first (after `revisionReadMs`, the request's time), told to the job, and the computation stops (RevisionUnchanged)
   * when it is the cached one. Its end record says what was read (`read`), what the job had cached (`cached`) and
   * whether it skipped (`skipped`).
   */
  revisionsFile?: string;
  /** how long reading a revision takes, in ms: [min, max], drawn per run */
  revisionReadMs?: [number, number];
  /**
   * A file where every write of a /splits cache entry is recorded (with `record` set, on the same clock): a line
   * when it is sent (`phase: "sent"`, with the entry's dataset, revision, version, status and computation start),
   * appended before the driver sends it, and one when its answer comes (`phase: "done"`, `result`: written,
   * kept_newer or failed). A write sent without an answer was cut by its process's death: it may have landed.
   */
  cacheWritesRecord?: string;
}

const behaviour = JSON.parse(process.env.TEST_COMPUTE ?? '{}') as Behaviour;
let clock: InstanceType<typeof ServerClock> | undefined;
if (behaviour.record) {
  const client = await MongoClient.connect(process.env.MONGO_URL ?? 'mongodb://localhost:27017');
  clock = new ServerClock(client.db('admin'), 5_000);
  await clock.sync();
  setInterval(() => void clock!.maybeResync().catch(() => {}), 5_000).unref();
}

/** libfaketime's relative offset ("+3m", "-90s", "+1.5h") in ms; undefined for any other form. */
function fakeTimeOffsetMs(spec: string): number | undefined {
  const m = /^([+-]?\d+(?:\.\d+)?)([smhdy]?)$/.exec(spec);
  if (!m) return undefined;
  const seconds: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400, y: 31_536_000 };
  return Number(m[1]) * seconds[m[2]!]! * 1000;
}

// Now on the server's clock, for the records. The test server runs on this machine: its clock is this machine's,
// read exactly with Date.now(). A worker whose clock a test shifted by a fixed offset (libfaketime) takes the offset
// off, exactly too: the queue's ServerClock estimate it used before was off by tens of ms on a loaded machine,
// enough to show two runs in different processes overlapping when one had ended first. Any other shift: the
// estimate.
const fakeOffsetMs = process.env.FAKETIME ? fakeTimeOffsetMs(process.env.FAKETIME) : 0;
const recordNowMs = () => (fakeOffsetMs !== undefined ? Date.now() - fakeOffsetMs : clock!.nowMs());

if (behaviour.cacheWritesRecord && behaviour.record) {
  const file = behaviour.cacheWritesRecord;
  let writes = 0;
  // Recorded at the driver's call, synchronously: the worker's own log lines are written asynchronously, and a
  // process killed right after a write loses them, not these.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called back with its own `this` below
  const findOneAndUpdate = Collection.prototype.findOneAndUpdate;
  Collection.prototype.findOneAndUpdate = async function (this: Collection, ...args: Parameters<typeof findOneAndUpdate>) {
    const call = () => (findOneAndUpdate as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    if (this.collectionName !== 'splitsResponse') return call();
    const write = `${process.pid}:${++writes}`;
    const filter = args[0] as { dataset_name?: string };
    const set = (args[1] as { $set?: Record<string, unknown> }).$set ?? {};
    const line = (fields: Record<string, unknown>) => appendFileSync(file, `${JSON.stringify({ write, pid: process.pid, t: recordNowMs(), ...fields })}\n`);
    line({
      phase: 'sent',
      dataset: filter.dataset_name,
      revision: set.dataset_git_revision ?? null,
      version: set.job_runner_version ?? null,
      http_status: set.http_status,
      error_code: set.error_code ?? null,
      startedAt: set.computation_started_at instanceof Date ? set.computation_started_at.getTime() : null,
    });
    try {
      const result = await call();
      line({ phase: 'done', result: 'written' });
      return result;
    } catch (err) {
      line({ phase: 'done', result: (err as { code?: unknown }).code === 11000 ? 'kept_newer' : 'failed' });
      throw err;
    }
  } as typeof findOneAndUpdate;
}

if (behaviour.killAfterCacheWriteOnce) {
  const marker = behaviour.killAfterCacheWriteOnce;
  // Fault injection at the driver's call, not a mock: the write reaches the server, then the process dies.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called back with its own `this` below
  const findOneAndUpdate = Collection.prototype.findOneAndUpdate;
  Collection.prototype.findOneAndUpdate = async function (this: Collection, ...args: Parameters<typeof findOneAndUpdate>) {
    const result = await (findOneAndUpdate as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    if (this.collectionName === 'splitsResponse' && !existsSync(marker)) {
      writeFileSync(marker, String(process.pid));
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => {});
    }
    return result;
  } as typeof findOneAndUpdate;
}

if (behaviour.slowCacheWriteMs) {
  const delayMs = behaviour.slowCacheWriteMs;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called back with its own `this` below
  const findOneAndUpdate = Collection.prototype.findOneAndUpdate;
  Collection.prototype.findOneAndUpdate = async function (this: Collection, ...args: Parameters<typeof findOneAndUpdate>) {
    if (this.collectionName === 'splitsResponse') await new Promise((r) => setTimeout(r, delayMs));
    return (findOneAndUpdate as (...a: unknown[]) => Promise<unknown>).apply(this, args);
  } as typeof findOneAndUpdate;
}

function configuredSplits(dataset: string): [string, string][] | 'not_found' | 'bug' | undefined {
  if (!behaviour.splitsFile || !existsSync(behaviour.splitsFile)) return undefined;
  return (JSON.parse(readFileSync(behaviour.splitsFile, 'utf8')) as Record<string, [string, string][] | 'not_found' | 'bug'>)[dataset];
}

function revisionOf(dataset: string): string | undefined {
  if (!behaviour.revisionsFile || !existsSync(behaviour.revisionsFile)) return undefined;
  return (JSON.parse(readFileSync(behaviour.revisionsFile, 'utf8')) as Record<string, string>)[dataset];
}

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(new Error('aborted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

const compute: ComputeSplits = async (dataset, { signal, jobId, revision }) => {
  const revisionRecord: { read?: string; cached?: string; skipped?: boolean } = {};
  const record = (event: string, extra: Record<string, unknown> = {}) => {
    const t = recordNowMs();
    if (behaviour.record) appendFileSync(behaviour.record, `${JSON.stringify({ event, dataset, jobId, pid: process.pid, t, ...extra })}\n`);
  };
  record('start');
  try {
    // Only a listed dataset has a revision to read (the poison and the endless one of the torture test do not).
    const listed = revisionOf(dataset);
    if (listed !== undefined) {
      const [min, max] = behaviour.revisionReadMs ?? [0, 0];
      if (max > 0) await abortableSleep(min + Math.random() * (max - min), signal);
      // read again after the request's time: a change meanwhile is what the Hub would answer
      const sha = revisionOf(dataset);
      if (sha !== undefined) {
        revisionRecord.read = sha;
        if (revision?.current !== undefined) revisionRecord.cached = revision.current;
        revision?.read(sha);
        if (revision?.current === sha) {
          revisionRecord.skipped = true;
          throw new RevisionUnchanged(sha);
        }
      }
    }
    if (behaviour.crash?.includes(dataset)) process.kill(process.pid, 'SIGKILL');
    if (behaviour.hangIgnoringSignal?.includes(dataset)) await new Promise(() => {});
    if (behaviour.hang?.includes(dataset)) {
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    }
    const range = behaviour.sleepMsRange;
    const sleepMs = behaviour.sleepMsByDataset?.[dataset] ?? (range ? range[0] + Math.random() * (range[1] - range[0]) : behaviour.sleepMs);
    if (sleepMs) await abortableSleep(sleepMs, signal);
    const configured = configuredSplits(dataset);
    const failure = typeof configured === 'string' ? configured : behaviour.fail?.[dataset];
    if (failure === 'not_found') throw new DatasetNotFoundError(`The dataset does not exist on the Hub: ${dataset}`);
    if (failure === 'transient') throw new HubUnavailableError('The Hub answered 503 after every retry');
    if (failure === 'bug') throw new TypeError('cannot read properties of undefined');
    const stop = behaviour.stopAfterComputeOnce;
    if (stop?.datasets.includes(dataset) && !existsSync(stop.marker)) {
      writeFileSync(stop.marker, String(process.pid));
      process.kill(process.pid, 'SIGSTOP');
    }
    if (Array.isArray(configured)) return { splits: configured.map(([config, split]) => ({ dataset, config, split, num_bytes: null, num_examples: 1 })) };
    return {
      splits: [
        {
          dataset,
          config: behaviour.echoJobId ? `${String(jobId)}${behaviour.echoPid ? `@${process.pid}` : ''}` : 'default',
          split: 'train',
          num_bytes: null,
          num_examples: 1,
        },
      ],
    };
  } finally {
    record('end', { aborted: signal.aborted, ...revisionRecord });
  }
};
compute.revisionAware = behaviour.revisionsFile !== undefined;

await runWorkerProcess(() => compute);
