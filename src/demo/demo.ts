/**
 * `npm run demo` (`splits-worker demo`): the worker's job, offline, in one command. It starts a MongoDB-protocol
 * server (scripts/test-mongo.sh, unless MONGO_URL is set), the local Hub serving the sample repos of
 * src/demo/repos/, a worker with its /metrics and the queue dashboard (each in its own process), enqueues the
 * samples through the producer API, and prints a line per job as it moves and each answer as it lands.
 * SIGINT/SIGTERM stop everything in order (the worker first, MongoDB last); `--once` stops after the answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { LocalHub } from '../local-hub/hub-server.ts';
import { SplitsQueue } from '../producer/splits-queue.ts';
import { JOBS_COLLECTION } from '../queue/queue-backend.ts';

/** The databases the demo uses (its own, so that a MONGO_URL of yours keeps its queue and cache as they are). */
export const DEMO_QUEUE_DATABASE = 'splits_demo_queue';
export const DEMO_CACHE_DATABASE = 'splits_demo_cache';
/** The bundled repos, in the order they are enqueued. */
export const DEMO_DATASETS = [
  'samples/reviews-csv',
  'samples/sharded-parquet',
  'samples/multi-config',
  'samples/gated',
  'samples/broken-parquet',
  'samples/with-script',
] as const;

export interface DemoOptions {
  /** stop by itself once every sample is answered (exit 0), or failed for good (exit 1) */
  once: boolean;
  /** 0: any free port */
  hubPort: number;
  metricsPort: number;
  dashboardPort: number;
  env?: NodeJS.ProcessEnv;
  write?: (line: string) => void;
}

/** A stop the demo asked for with a message, not a bug: printed as it is, exit 1. */
export class DemoError extends Error {
  readonly errorCode = 'DemoError';
}

const here = import.meta.dirname;
/** `src/` when run through tsx, `dist/src/` when built: the children run from the same tree. */
const codeRoot = path.resolve(here, '..');
const asTypeScript = import.meta.url.endsWith('.ts');

function packageRoot(): string {
  for (let dir = here; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'splits-worker') return dir;
    if (path.dirname(dir) === dir) throw new DemoError('cannot find the splits-worker package around the demo');
  }
}

/** node's arguments to run one of the package's entry points (`main`, `dashboard/main`) from this tree. */
function entry(name: string): string[] {
  if (!asTypeScript) return [path.join(codeRoot, `${name}.js`)];
  const tsx = createRequire(import.meta.url).resolve('tsx');
  return ['--import', tsx, path.join(codeRoot, `${name}.ts`)];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address() as net.AddressInfo;
      srv.close(() => resolve(addr.port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function hasCommand(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, name)));
}

interface SplitItem {
  config: string;
  split: string;
  num_examples: number | null;
}

/** `en: train 8, test 3; fr: train 6`: the configs, their splits and row counts. */
export function describeSplits(splits: SplitItem[]): string {
  const byConfig = new Map<string, string[]>();
  for (const s of splits) {
    const list = byConfig.get(s.config) ?? [];
    list.push(`${s.split} ${s.num_examples ?? '?'}`);
    byConfig.set(s.config, list);
  }
  return [...byConfig].map(([config, list]) => `${config}: ${list.join(', ')}`).join('; ');
}

type Phase = 'queued' | 'computing' | 'answered' | 'failed';

interface Tracked {
  dataset: string;
  jobId: ObjectId;
  phase: Phase;
}

/** Runs the demo; resolves with the exit code once everything it started is stopped. */
export async function runDemo(opts: DemoOptions): Promise<number> {
  const started = Date.now();
  const env = opts.env ?? process.env;
  const write = opts.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const elapsed = () => ((Date.now() - started) / 1000).toFixed(1);
  const root = packageRoot();
  const work = mkdtempSync(path.join(os.tmpdir(), 'splits-demo-'));
  const children: { name: string; child: ChildProcess }[] = [];
  let mongoPid: number | undefined;
  let hub: LocalHub | undefined;
  let monitor: MongoClient | undefined;
  let queue: SplitsQueue | undefined;
  let stopping: Promise<void> | undefined;
  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (finish = resolve));

  /** Everything started, stopped in order: the worker (it gives its jobs back to MongoDB), the dashboard, the Hub, MongoDB. */
  const stopAll = (code: number, why?: string): Promise<void> =>
    (stopping ??= (async () => {
      if (why) write(why);
      await queue?.close().catch(() => {});
      await monitor?.close().catch(() => {});
      await Promise.all(
        children.map(async ({ child }) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
          await exited;
          clearTimeout(timer);
        }),
      );
      await hub?.close().catch(() => {});
      if (mongoPid !== undefined) {
        const pid = mongoPid;
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
        const end = Date.now() + 10_000;
        while (isAlive(pid) && Date.now() < end) await sleep(50);
        if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      }
      rmSync(work, { recursive: true, force: true });
      const what = [...children.map((c) => c.name), ...(hub ? ['local Hub'] : []), ...(mongoPid !== undefined ? ['MongoDB'] : [])];
      write(`stopped: ${what.length > 0 ? what.join(', ') : 'nothing was running'}`);
      finish(code);
    })());

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      void stopAll(0, `\n${signal}: stopping the worker, the dashboard, the local Hub and MongoDB…`);
      return;
    }
    // a second Ctrl-C: no more waiting
    for (const { child } of children) child.kill('SIGKILL');
    if (mongoPid !== undefined && isAlive(mongoPid)) process.kill(mongoPid, 'SIGKILL');
    rmSync(work, { recursive: true, force: true });
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const spawnChild = (name: string, args: string[], childEnv: NodeJS.ProcessEnv): ChildProcess => {
    // its own process group: a Ctrl-C in the terminal reaches the demo only, which stops the children in order
    const child = spawn(process.execPath, args, { cwd: root, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(path.join(work, `${name}.log`));
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.once('exit', (code, signal) => {
      log.end();
      if (!stopping) {
        const tail = readTail(path.join(work, `${name}.log`));
        const hint = /in use/.test(tail) ? `\nthe demo's ports: --hub-port, --metrics-port, --dashboard-port (0: any free port)` : '';
        void stopAll(1, `the ${name} stopped by itself (${signal ?? `exit ${code}`}); its last lines:\n${tail}${hint}`);
      }
    });
    children.push({ name, child });
    return child;
  };

  try {
    write(`splits-worker demo: the worker's job (queue → Hub → cache), offline. Ctrl-C stops everything.`);
    // MongoDB
    let mongoUrl = env.MONGO_URL;
    const mongoReady = (async () => {
      if (mongoUrl) {
        write(`MongoDB: ${mongoUrl} (MONGO_URL; databases ${DEMO_QUEUE_DATABASE} and ${DEMO_CACHE_DATABASE})`);
        return;
      }
      const missing = ['java', 'javac'].filter((c) => !hasCommand(c));
      if (missing.length > 0)
        throw new DemoError(
          `the demo's MongoDB stand-in (mongo-java-server) needs Java 17 and Maven: apt-get install default-jdk-headless maven; or set MONGO_URL to a MongoDB of your own`,
        );
      const script = path.join(root, 'scripts/test-mongo.sh');
      if (!existsSync(path.join(root, '.cache/mongo-java-server/classpath.txt')))
        write('preparing the MongoDB-protocol server (first run: Maven fetches mongo-java-server)…');
      const port = await freePort();
      mongoUrl = `mongodb://127.0.0.1:${port}`;
      const out = await new Promise<string>((resolve, reject) => {
        const p = spawn('bash', [script, 'start', path.join(work, 'mongo'), String(port)], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        p.once('error', reject);
        p.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new DemoError(`scripts/test-mongo.sh start failed (exit ${code}): ${stderr.trim()}`))));
      });
      mongoPid = Number(out.trim());
      const end = Date.now() + 60_000;
      for (;;) {
        const c = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 500 });
        try {
          await c.connect();
          await c.db('admin').command({ ping: 1 });
          break;
        } catch {
          if (!isAlive(mongoPid) || Date.now() > end)
            throw new DemoError(`the MongoDB-protocol server did not start; its log:\n${readTail(path.join(work, 'mongo/server.log'))}`);
          await sleep(100);
        } finally {
          await c.close().catch(() => {});
        }
      }
      write(`MongoDB: ${mongoUrl} (mongo-java-server, pid ${mongoPid}, ${elapsed()} s)`);
    })();

    // the local Hub, in this process
    const hubReady = (async () => {
      const reposDir = path.join(root, 'src/demo/repos');
      const server = new LocalHub(reposDir);
      const port = opts.hubPort || (await freePort());
      try {
        await server.listen(port);
        hub = server;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
          throw new DemoError(`port ${port} is in use: choose the Hub's port with --hub-port (0: any free port)`);
        throw err;
      }
    })();
    // both settled before going on: a failure of one must not leave the other's server unknown to the stop
    const ready = await Promise.allSettled([mongoReady, hubReady]);
    for (const r of ready) if (r.status === 'rejected') throw r.reason;
    if (stopping) {
      // a signal came while they started: what started after the stop had run is stopped here
      await stopping;
      await hub?.close();
      if (mongoPid !== undefined && isAlive(mongoPid)) process.kill(mongoPid, 'SIGTERM');
      return await finished;
    }

    // a fresh start for the samples, also on a MongoDB of yours: only the demo's databases are touched
    monitor = await MongoClient.connect(mongoUrl!, { serverSelectionTimeoutMS: 10_000, appName: 'splits-demo' });
    const jobs = monitor.db(DEMO_QUEUE_DATABASE).collection(JOBS_COLLECTION);
    const cache = monitor
      .db(DEMO_CACHE_DATABASE)
      .collection<{ dataset_name: string; http_status: number; error_code: string | null; response: unknown }>('splitsResponse');
    await jobs.deleteMany({ 'data.dataset': { $in: [...DEMO_DATASETS] } });
    await cache.deleteMany({ dataset_name: { $in: [...DEMO_DATASETS] } });

    // the worker and the dashboard, each in its own process
    const metricsPort = opts.metricsPort || (await freePort());
    const dashboardPort = opts.dashboardPort || (await freePort());
    const maxLoad = env.MAX_LOAD_PCT ?? '0';
    const maxMemory = env.MAX_MEMORY_PCT ?? '0';
    spawnChild('worker', entry('main'), {
      ...env,
      MONGO_URL: mongoUrl,
      MONGO_QUEUE_DATABASE: DEMO_QUEUE_DATABASE,
      MONGO_CACHE_DATABASE: DEMO_CACHE_DATABASE,
      HF_ENDPOINT: hub!.url,
      // the samples are public: no token of yours goes to the local Hub
      HF_TOKEN: '',
      HF_DATASETS_CACHE: path.join(work, 'hf-cache'),
      METRICS_ENABLED: 'true',
      METRICS_PORT: String(metricsPort),
      METRICS_REFRESH_SECONDS: '2',
      WORKER_SLEEP_SECONDS: '1',
      MAX_LOAD_PCT: maxLoad,
      MAX_MEMORY_PCT: maxMemory,
      FIRST_ROWS_HANDOFF_ENABLED: 'false',
    });
    const dashboard = spawnChild('dashboard', [...entry('dashboard/main'), '--port', String(dashboardPort)], {
      ...env,
      MONGO_URL: mongoUrl,
      MONGO_QUEUE_DATABASE: DEMO_QUEUE_DATABASE,
      DASHBOARD_ALLOW_WRITES: 'false',
    });
    let dashboardOut = '';
    dashboard.stdout!.on('data', (d: Buffer) => (dashboardOut += d.toString()));

    // the samples, through the producer API
    queue = await SplitsQueue.connect(mongoUrl!, { queueDatabase: DEMO_QUEUE_DATABASE });
    const ids = await queue.enqueue([...DEMO_DATASETS]);
    await queue.close();
    const tracked: Tracked[] = DEMO_DATASETS.map((dataset, i) => ({ dataset, jobId: new ObjectId(ids[i]), phase: 'queued' }));
    const width = Math.max(...DEMO_DATASETS.map((d) => d.length));
    for (const t of tracked) write(`  queued     ${t.dataset.padEnd(width)}  job ${String(t.jobId)}`);

    // the URLs, once the worker and the dashboard answer
    void (async () => {
      const end = Date.now() + 120_000;
      let metricsUp = false;
      let dashboardUrl: string | undefined;
      while (!stopping && Date.now() < end && !(metricsUp && dashboardUrl)) {
        dashboardUrl ??= /Agendash on \S+: (http:\/\/\S+)/.exec(dashboardOut)?.[1];
        if (!metricsUp)
          metricsUp = await fetch(`http://127.0.0.1:${metricsPort}/healthz`).then(
            (r) => r.ok,
            () => false,
          );
        if (!(metricsUp && dashboardUrl)) await sleep(200);
      }
      if (stopping || !metricsUp || !dashboardUrl) return;
      const pids = [
        `worker ${children[0]!.child.pid}`,
        `dashboard ${children[1]!.child.pid}`,
        ...(mongoPid !== undefined ? [`MongoDB ${mongoPid}`] : []),
        `demo and local Hub ${process.pid}`,
      ];
      write(
        [
          '',
          `  local Hub   ${hub!.url}   (HF_ENDPOINT; ${DEMO_DATASETS.length} sample repos from ${path.relative(process.cwd(), path.join(root, 'src/demo/repos')) || '.'})`,
          `  MongoDB     ${mongoUrl}   (databases ${DEMO_QUEUE_DATABASE}, ${DEMO_CACHE_DATABASE})`,
          `  /metrics    http://127.0.0.1:${metricsPort}/metrics`,
          `  dashboard   ${dashboardUrl}   (read-only)`,
          `  logs        ${work}/worker.log`,
          `  processes   ${pids.join(', ')}`,
          `  The demo's worker runs with MAX_LOAD_PCT=${maxLoad} and MAX_MEMORY_PCT=${maxMemory}${env.MAX_LOAD_PCT === undefined && env.MAX_MEMORY_PCT === undefined ? ' (0: no load or memory check, so that a busy machine computes too; the worker defaults are 70 and 80)' : ''}.`,
          '',
        ].join('\n'),
      );
    })();

    // a line per job as it moves, and each answer as it lands
    let first: string | undefined;
    while (!stopping) {
      // the jobs first: a job that is over wrote its answer before it ended, so the answer read next is seen
      const jobDocs = await jobs.find({ _id: { $in: tracked.map((t) => t.jobId) } }).toArray();
      const answers = await cache.find({ dataset_name: { $in: [...DEMO_DATASETS] } }).toArray();
      for (const t of tracked) {
        if (t.phase === 'answered' || t.phase === 'failed') continue;
        const answer = answers.find((a) => a.dataset_name === t.dataset);
        const job = jobDocs.find((j) => String(j._id) === String(t.jobId));
        if (answer) {
          t.phase = 'answered';
          first ??= elapsed();
          const body = answer.response as { splits?: SplitItem[]; error?: string };
          const what = answer.http_status === 200 && body.splits ? describeSplits(body.splits) : `${answer.error_code}: ${cut(body.error ?? '', 90)}`;
          write(`${answer.http_status === 200 ? '✓' : '✗'} answered   ${t.dataset.padEnd(width)}  ${answer.http_status}  ${what}  (${elapsed()} s)`);
        } else if (job && !job.lockedAt && !job.nextRunAt) {
          t.phase = 'failed';
          write(`✗ failed     ${t.dataset.padEnd(width)}  no answer: ${cut(String(job.failReason ?? 'unknown'), 120)}  (${elapsed()} s)`);
        } else if (job?.lockedAt && t.phase === 'queued') {
          t.phase = 'computing';
          write(`  computing  ${t.dataset.padEnd(width)}  (${elapsed()} s)`);
        }
      }
      if (tracked.every((t) => t.phase === 'answered' || t.phase === 'failed') && first !== undefined) {
        const failed = tracked.filter((t) => t.phase === 'failed').length;
        write(
          `${tracked.length - failed} of ${tracked.length} answered: the first after ${first} s, all after ${elapsed()} s (since the demo started).${opts.once ? '' : ' Ctrl-C stops everything.'}`,
        );
        if (opts.once) void stopAll(failed > 0 ? 1 : 0);
        break;
      }
      await sleep(200);
    }
  } catch (err) {
    void stopAll(1, `demo: ${err instanceof Error ? err.message : String(err)}`);
  }
  const code = await finished;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return code;
}

function cut(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

function readTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
