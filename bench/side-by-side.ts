/**
 * The worker side by side with what it replaces, in one interleaved run (issue 13), each figure with the
 * machine's load average at the time:
 *
 * - queue: the worker (a real worker process, no-op computation) against stock Agenda 6 (a plain
 *   `new Agenda({ backend: new MongoBackend })`, no-op `splits` job, default locking, same poll interval),
 *   same test MongoDB server (warmed up by one uncounted run of each), same jobs enqueued before the consumer starts; one job per dataset and ten
 *   per dataset (coalescing); concurrency 1 and 4; the computation answers one split, and the first-rows
 *   hand-off is on (the worker's default; Agenda's job then adds the first-rows job as an Agenda user would) or
 *   off (Agenda's job does nothing). Jobs/s of each, the paired ratio, and the database commands per computed
 *   job counted by the driver's command monitoring in each consumer process.
 * - splits: the worker's computeSplits (fresh process, fresh disk cache, timed after the imports) against
 *   Python `datasets` (the parity venv: get_dataset_config_names, then one get_dataset_config_info per
 *   config: one builder per config, as dataset-viewer's /splits step; fresh HF_HOME, timed after the imports), on five repo
 *   shapes served by one local Hub (warmed up on loopback by one uncounted worker run per repo), at each
 *   latency of BENCH_LATENCIES (default 0,20,80 ms: the Hub and its CDN each that far, docs/local-hub.md);
 *   time ratio library ÷ worker (≥ 1: the worker is faster), the Hub's requests and TCP connections for each,
 *   the worker's time to its first answer (its partial answer, when the footer reads are over
 *   PARTIAL_ANSWER_FOOTER_READS: docs/cache-document.md) with the requests sent by then and the ratio on it,
 *   and whether both gave the same answer (same configs and splits, same num_examples where `datasets` has
 *   one). BENCH_BEFORE_REF=<git ref> adds the worker of that commit (its
 *   src/ extracted to a temporary folder) for a before/after comparison in the same run; the footer
 *   concurrencies of BENCH_FOOTER_CONCURRENCIES (default 8,32) are measured on the 10,000-file repos at latency 0.
 *
 * Env: BENCH_REPS (default 3), BENCH_QUEUE_JOBS (default 1000), BENCH_PART (queue | splits; default both: one part
 * alone keeps the other's figures from bench/results/side-by-side.json).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { cpuMs, report, round, median, loadAverage } from './lib/report.ts';
import { byRole, producer, startTestMongo, startWorkers, stopWorkers, waitUntilAgendaDone, waitUntilAllDone, type TestMongo } from './lib/queue-harness.ts';
import { buildFiftyConfigsRepo, DATA_DIR, startHubProcess, warmHub } from './lib/splits-harness.ts';
import { extractCheckout } from './lib/checkout.ts';

const REPS = Number(process.env.BENCH_REPS ?? 3);
const QUEUE_JOBS = Number(process.env.BENCH_QUEUE_JOBS ?? 1000);
const PART = process.env.BENCH_PART;
const BEFORE_REF = process.env.BENCH_BEFORE_REF;
const LATENCIES = (process.env.BENCH_LATENCIES ?? '0,20,80').split(',').map(Number);
const FOOTER_CONCURRENCIES = (process.env.BENCH_FOOTER_CONCURRENCIES ?? '8,32').split(',').filter(Boolean).map(Number);
const POLL_MS = 500;
const root = path.resolve(import.meta.dirname, '..');

const load = loadAverage;

// ---------------------------------------------------------------------------------------------- queue

interface QueueRun {
  jobsPerSecond: number;
  /** CPU time (user + system) of the consumer process and of the MongoDB server per job, during the run */
  consumerCpuMsPerJob: number;
  serverCpuMsPerJob: number;
  commandsPerComputedJob: number;
  queueCommandsPerComputedJob: number;
  computed: number;
  load: number;
  commands: Record<string, number>;
}

async function enqueue(mongo: TestMongo, queueDb: string, datasets: number): Promise<void> {
  const agenda = await producer(mongo.client, queueDb);
  for (let i = 0; i < QUEUE_JOBS; i++) await agenda.now('splits', { dataset: `bench/d${i % datasets}` });
  await agenda.stop().catch(() => {});
}

async function runWorker(mongo: TestMongo, concurrency: number, datasets: number, handoff: boolean): Promise<QueueRun> {
  const names = mongo.names();
  await enqueue(mongo, names.queue, datasets);
  const startLoad = load();
  const workers = await startWorkers(1, {
    MONGO_URL: mongo.url,
    MONGO_QUEUE_DATABASE: names.queue,
    MONGO_CACHE_DATABASE: names.cache,
    WORKER_SLEEP_SECONDS: String(POLL_MS / 1000),
    WORKER_CONCURRENCY: String(concurrency),
    FIRST_ROWS_HANDOFF_ENABLED: String(handoff),
  });
  const cpu0 = [cpuMs(workers[0]!.child.pid), cpuMs(mongo.serverPid())];
  const t0 = performance.now();
  // done: every job finished, by its own computation or superseded by another's
  await waitUntilAllDone(mongo.client.db(names.queue), QUEUE_JOBS);
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = [cpuMs(workers[0]!.child.pid), cpuMs(mongo.serverPid())];
  const stats = await stopWorkers(workers);
  const superseded = await mongo.client
    .db(names.queue)
    .collection('agendaJobs')
    .countDocuments({ supersededBy: { $exists: true } });
  const computed = QUEUE_JOBS - superseded;
  const all = Object.values(stats.byDb).reduce((a, b) => a + b, 0);
  return {
    jobsPerSecond: QUEUE_JOBS / seconds,
    consumerCpuMsPerJob: (cpu1[0]! - cpu0[0]!) / QUEUE_JOBS,
    serverCpuMsPerJob: (cpu1[1]! - cpu0[1]!) / QUEUE_JOBS,
    commandsPerComputedJob: all / computed,
    queueCommandsPerComputedJob: (stats.byDb[names.queue] ?? 0) / computed,
    computed,
    load: startLoad,
    commands: byRole(stats.byCommand, names),
  };
}

async function runAgenda(mongo: TestMongo, concurrency: number, datasets: number, handoff: boolean): Promise<QueueRun> {
  const names = mongo.names();
  await enqueue(mongo, names.queue, datasets);
  const startLoad = load();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/lib/bench-agenda-process.ts')], {
    cwd: root,
    env: {
      ...process.env,
      MONGO_URL: mongo.url,
      MONGO_QUEUE_DATABASE: names.queue,
      BENCH_POLL_MS: String(POLL_MS),
      BENCH_CONCURRENCY: String(concurrency),
      BENCH_HANDOFF: String(handoff),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  while (!out.includes('{"bench":"ready"}')) await new Promise((r) => setTimeout(r, 20));
  const cpu0 = [cpuMs(child.pid), cpuMs(mongo.serverPid())];
  const t0 = performance.now();
  await waitUntilAgendaDone(mongo.client.db(names.queue), QUEUE_JOBS);
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = [cpuMs(child.pid), cpuMs(mongo.serverPid())];
  child.kill('SIGTERM');
  await exited;
  const line = out.split('\n').find((l) => l.startsWith('{"bench":"commands"'));
  if (!line) throw new Error('stock Agenda printed no command counts');
  const stats = JSON.parse(line) as { byDb: Record<string, number>; byCommand: Record<string, number> };
  const all = Object.values(stats.byDb).reduce((a, b) => a + b, 0);
  return {
    jobsPerSecond: QUEUE_JOBS / seconds,
    consumerCpuMsPerJob: (cpu1[0]! - cpu0[0]!) / QUEUE_JOBS,
    serverCpuMsPerJob: (cpu1[1]! - cpu0[1]!) / QUEUE_JOBS,
    commandsPerComputedJob: all / QUEUE_JOBS,
    queueCommandsPerComputedJob: (stats.byDb[names.queue] ?? 0) / QUEUE_JOBS,
    computed: QUEUE_JOBS,
    load: startLoad,
    commands: byRole(stats.byCommand, names),
  };
}

async function queuePart(): Promise<Record<string, unknown>[]> {
  const cases = [
    { name: 'one job per dataset, concurrency 1', concurrency: 1, datasets: QUEUE_JOBS, handoff: true },
    { name: 'one job per dataset, concurrency 4', concurrency: 4, datasets: QUEUE_JOBS, handoff: true },
    { name: 'one job per dataset, concurrency 1, no hand-off', concurrency: 1, datasets: QUEUE_JOBS, handoff: false },
    { name: 'one job per dataset, concurrency 4, no hand-off', concurrency: 4, datasets: QUEUE_JOBS, handoff: false },
    { name: '10 jobs per dataset, concurrency 1', concurrency: 1, datasets: QUEUE_JOBS / 10, handoff: true },
    { name: '10 jobs per dataset, concurrency 4', concurrency: 4, datasets: QUEUE_JOBS / 10, handoff: true },
  ];
  const runs = new Map<string, { worker: QueueRun[]; agenda: QueueRun[] }>(cases.map((c) => [c.name, { worker: [], agenda: [] }]));
  const mongo = await startTestMongo();
  try {
    // A warm-up, not counted: the first runs on a fresh server (its JVM not yet compiled hot) are the slowest,
    // and would count against whoever goes first.
    const warmUp = cases[0]!;
    await runWorker(mongo, warmUp.concurrency, warmUp.datasets, warmUp.handoff);
    await runAgenda(mongo, warmUp.concurrency, warmUp.datasets, warmUp.handoff);
    for (let rep = 0; rep < REPS; rep++) {
      for (const c of cases) {
        const r = runs.get(c.name)!;
        // alternate who goes first, so that a trend in the machine's load favours neither
        const order = rep % 2 ? (['agenda', 'worker'] as const) : (['worker', 'agenda'] as const);
        for (const who of order) {
          const run =
            who === 'worker' ? await runWorker(mongo, c.concurrency, c.datasets, c.handoff) : await runAgenda(mongo, c.concurrency, c.datasets, c.handoff);
          r[who].push(run);
          console.log(
            JSON.stringify({
              rep,
              case: c.name,
              who,
              jobs_per_second: round(run.jobsPerSecond),
              commands_per_computed_job: round(run.commandsPerComputedJob, 2),
              consumer_cpu_ms_per_job: round(run.consumerCpuMsPerJob, 2),
              server_cpu_ms_per_job: round(run.serverCpuMsPerJob, 2),
              load: run.load,
            }),
          );
        }
      }
    }
  } finally {
    await mongo.close();
  }
  return cases.map((c) => {
    const { worker, agenda } = runs.get(c.name)!;
    const summary = (xs: QueueRun[]) => ({
      jobs_per_second: round(median(xs.map((x) => x.jobsPerSecond))),
      consumer_cpu_ms_per_job: round(median(xs.map((x) => x.consumerCpuMsPerJob)), 2),
      server_cpu_ms_per_job: round(median(xs.map((x) => x.serverCpuMsPerJob)), 2),
      commands_per_computed_job: round(median(xs.map((x) => x.commandsPerComputedJob)), 2),
      queue_commands_per_computed_job: round(median(xs.map((x) => x.queueCommandsPerComputedJob)), 2),
      computed_jobs: median(xs.map((x) => x.computed)),
      load_avg_1m: xs.map((x) => x.load),
      commands_last_run: xs.at(-1)!.commands,
    });
    return {
      case: c.name,
      jobs: QUEUE_JOBS,
      datasets: c.datasets,
      first_rows_handoff: c.handoff,
      worker: summary(worker),
      stock_agenda: summary(agenda),
      jobs_per_second_ratio_worker_over_agenda: round(median(worker.map((w, i) => w.jobsPerSecond / agenda[i]!.jobsPerSecond)), 2),
      consumer_cpu_ratio_worker_over_agenda: round(median(worker.map((w, i) => w.consumerCpuMsPerJob / agenda[i]!.consumerCpuMsPerJob)), 2),
      server_cpu_ratio_worker_over_agenda: round(median(worker.map((w, i) => w.serverCpuMsPerJob / agenda[i]!.serverCpuMsPerJob)), 2),
      paired_ratios: worker.map((w, i) => round(w.jobsPerSecond / agenda[i]!.jobsPerSecond, 2)),
    };
  });
}

// --------------------------------------------------------------------------------------------- splits

interface Shape {
  id: string;
  what: string;
  build: (dir: string) => void;
  /** the footer concurrencies measured on this repo besides the default */
  concurrencies?: number[];
}

const writeParquet = (rows: number, text: (i: number) => string) => {
  const ids = Array.from({ length: rows }, (_, i) => i);
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'id', data: ids, type: 'INT32' },
        { name: 'text', data: ids.map(text), type: 'STRING' },
      ],
    }),
  );
};

/** `n` parquet files in data/train/ (hard links of one, so that the Hub hashes it once), and `extra` other files. */
function manyParquet(dir: string, n: number, rows: number, text: (i: number) => string, extra: Record<string, Uint8Array> = {}): void {
  mkdirSync(path.join(dir, 'data/train'), { recursive: true });
  const first = path.join(dir, 'data/train/part-00000.parquet');
  writeFileSync(first, writeParquet(rows, text));
  for (let i = 1; i < n; i++) linkSync(first, path.join(dir, `data/train/part-${String(i).padStart(5, '0')}.parquet`));
  for (const [p, bytes] of Object.entries(extra)) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), bytes);
  }
}

const SHAPES: Shape[] = [
  {
    id: 'bench/small-csv',
    what: 'a small csv repo (train.csv and test.csv, 100 and 20 rows)',
    build: (dir) => {
      const rows = (n: number) => ['id,text', ...Array.from({ length: n }, (_, i) => `${i},"row ${i}"`)].join('\n') + '\n';
      writeFileSync(path.join(dir, 'train.csv'), rows(100));
      writeFileSync(path.join(dir, 'test.csv'), rows(20));
    },
  },
  {
    id: 'bench/fifty-configs',
    what: '50 configs declared in the README, a csv train (2 files) and test split each',
    build: (dir) => buildFiftyConfigsRepo(dir),
  },
  {
    id: 'bench/parquet-200',
    what: '200 parquet files of 1,000 rows in data/train/',
    build: (dir) => manyParquet(dir, 200, 1000, (i) => `row number ${i}`),
  },
  {
    id: 'bench/parquet-10k-small',
    what: '10,000 parquet files of 10 rows in data/train/ and one in data/test/ (as the acme/many-files fixture)',
    build: (dir) => manyParquet(dir, 10_000, 10, (i) => `row number ${i}`, { 'data/test/part-00000.parquet': writeParquet(5, (i) => `row number ${i}`) }),
    concurrencies: FOOTER_CONCURRENCIES,
  },
  {
    id: 'bench/parquet-10k-350kb',
    what: '10,000 parquet files of 350 KB (40,000 rows) in data/train/ (as bench/splits-many-files.ts)',
    build: (dir) => manyParquet(dir, 10_000, 40_000, (i) => `row ${i} ${'x'.repeat(i % 7)}`),
    concurrencies: FOOTER_CONCURRENCIES,
  },
];

/** [config, split, num_examples] of each split, in the answer's order */
type Answer = [string, string, number | null][];

interface Contender {
  name: string;
  run: (
    hubUrl: string,
    dataset: string,
  ) => Promise<{ seconds: number; rows?: number; splits: number; answer: Answer; first?: { seconds: number; requests: number | null } }>;
}

/** The same configs and splits on both sides, and the same num_examples wherever `datasets` gives one; else what differs. */
function compareAnswers(worker: Answer, library: Answer): string | undefined {
  const key = (a: Answer[number]) => `${a[0]}/${a[1]}`;
  const w = worker.map(key).sort();
  const l = library.map(key).sort();
  if (JSON.stringify(w) !== JSON.stringify(l)) return `splits differ: worker ${JSON.stringify(w.slice(0, 10))}, datasets ${JSON.stringify(l.slice(0, 10))}`;
  const rows = new Map(worker.map((a) => [key(a), a[2]]));
  for (const a of library) if (a[2] !== null && rows.get(key(a)) !== a[2]) return `${key(a)}: worker ${rows.get(key(a))} rows, datasets ${a[2]}`;
  return undefined;
}

function runJsonLine(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{'))
        return reject(new Error(`${path.basename(args[args.length > 2 ? 2 : 0] ?? cmd)} exited ${code}: ${err.slice(-2000)}`));
      resolve(JSON.parse(line) as Record<string, unknown>);
    });
  });
}

function workerContender(name: string, checkout: string, concurrency?: number): Contender {
  return {
    name,
    run: async (hubUrl, dataset) => {
      const args = [
        '--import',
        'tsx',
        path.join(root, 'bench/lib/side-by-side-compute.ts'),
        checkout,
        hubUrl,
        dataset,
        ...(concurrency ? [String(concurrency)] : []),
      ];
      const r = await runJsonLine(process.execPath, args, process.env);
      return {
        seconds: r.seconds as number,
        rows: r.rows as number,
        splits: r.splits as number,
        answer: r.answer as Answer,
        first: { seconds: r.first_seconds as number, requests: r.first_requests as number | null },
      };
    },
  };
}

function libraryContender(python: string): Contender {
  return {
    name: 'datasets',
    run: async (hubUrl, dataset) => {
      const home = mkdtempSync(path.join(os.tmpdir(), 'bench-hf-home-'));
      try {
        const env = { ...process.env, HF_ENDPOINT: hubUrl, HF_HOME: home, HF_HUB_DISABLE_TELEMETRY: '1', HF_HUB_DISABLE_PROGRESS_BARS: '1', HF_TOKEN: '' };
        delete (env as Record<string, string | undefined>).HF_HUB_OFFLINE;
        const r = await runJsonLine(python, [path.join(root, 'bench/lib/side_by_side_library.py'), dataset], env);
        return { seconds: r.seconds as number, splits: r.splits as number, answer: r.answer as Answer };
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  };
}

async function hubStats(url: string, method: 'GET' | 'DELETE' = 'GET'): Promise<{ requests: number; connections: number; byEndpoint: Record<string, number> }> {
  const res = await fetch(`${url}/__hub/stats`, { method });
  return (await res.json()) as { requests: number; connections: number; byEndpoint: Record<string, number> };
}

async function setNetwork(url: string, latencyMs: number): Promise<void> {
  const res = await fetch(`${url}/__hub/network`, { method: 'PUT', body: JSON.stringify({ latencyMs, cdnLatencyMs: latencyMs }) });
  if (!res.ok) throw new Error(`the Hub refused its network shape: ${res.status}`);
  await res.arrayBuffer();
}

async function splitsPart(): Promise<Record<string, unknown>[]> {
  const python = spawnSync(path.join(root, 'scripts/parity/setup-venv.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .stdout.trim()
    .split('\n')
    .at(-1)!;
  const reposDir = path.join(DATA_DIR, 'side-by-side');
  for (const shape of SHAPES) {
    const dir = path.join(reposDir, shape.id);
    if (existsSync(path.join(dir, '.hub-repo.json'))) continue;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    shape.build(dir);
    writeFileSync(path.join(dir, '.hub-repo.json'), JSON.stringify({ sha: Buffer.from(shape.id).toString('hex').padEnd(40, '0').slice(0, 40) }));
  }
  const before = BEFORE_REF ? extractCheckout(BEFORE_REF).dir : undefined;
  const hub = await startHubProcess(reposDir);
  const results: Record<string, unknown>[] = [];
  try {
    // Warm-up, not counted: the Hub's tree listings, and one worker run per repo, which opens every file the
    // contenders read (the Hub keeps them open); on a cold Hub the first contender would pay for the others.
    for (const shape of SHAPES) await warmHub(hub.url, shape.id);
    for (const shape of SHAPES) await workerContender('worker', root).run(hub.url, shape.id);
    for (const latency of LATENCIES) {
      await setNetwork(hub.url, latency);
      const contenders = (shape: Shape): Contender[] => [
        workerContender('worker', root),
        ...(before ? [workerContender(`worker before (${BEFORE_REF})`, before)] : []),
        libraryContender(python),
        ...(latency === 0 ? (shape.concurrencies ?? []) : []).map((c) => workerContender(`worker, ${c} footer reads at once`, root, c)),
      ];
      type Sample = {
        seconds: number;
        /** the worker's first answer (the partial one, or the final one when it gives no partial one) */
        firstSeconds?: number;
        firstRequests?: number;
        requests: number;
        connections: number;
        load: number;
        rows?: number;
        byEndpoint: Record<string, number>;
        answer: Answer;
      };
      const samples = new Map<string, Map<string, Sample[]>>(SHAPES.map((s) => [s.id, new Map()]));
      for (let rep = 0; rep < REPS; rep++) {
        for (const shape of SHAPES) {
          const list = contenders(shape);
          // rotate the order from one repetition to the next
          const order = list.map((_, i) => list[(i + rep) % list.length]!);
          for (const c of order) {
            await hubStats(hub.url, 'DELETE');
            const startLoad = load();
            const r = await c.run(hub.url, shape.id);
            const s = await hubStats(hub.url);
            const sample = {
              seconds: r.seconds,
              ...(r.first ? { firstSeconds: r.first.seconds, firstRequests: r.first.requests ?? s.requests } : {}),
              requests: s.requests,
              connections: s.connections,
              load: startLoad,
              byEndpoint: s.byEndpoint,
              answer: r.answer,
              ...(r.rows !== undefined ? { rows: r.rows } : {}),
            };
            const m = samples.get(shape.id)!;
            m.set(c.name, [...(m.get(c.name) ?? []), sample]);
            console.log(
              JSON.stringify({
                latency_ms: latency,
                rep,
                repo: shape.id,
                who: c.name,
                seconds: round(r.seconds, 3),
                ...(r.first ? { first_answer_seconds: round(r.first.seconds, 3), first_answer_hub_requests: r.first.requests ?? s.requests } : {}),
                hub_requests: s.requests,
                connections: s.connections,
                load: startLoad,
              }),
            );
          }
        }
      }
      for (const shape of SHAPES) {
        const m = samples.get(shape.id)!;
        const lib = m.get('datasets')!;
        const fig = (name: string) => {
          const xs = m.get(name)!;
          return {
            seconds: round(median(xs.map((x) => x.seconds)), 3),
            hub_requests: median(xs.map((x) => x.requests)),
            tcp_connections: median(xs.map((x) => x.connections)),
            requests_by_endpoint: xs.at(-1)!.byEndpoint,
            ...(xs[0]!.rows !== undefined ? { rows_counted: xs[0]!.rows } : {}),
            load_avg_1m: xs.map((x) => x.load),
            ...(name === 'datasets'
              ? {}
              : {
                  time_ratio_library_over_worker: round(median(xs.map((x, i) => lib[i]!.seconds / x.seconds)), 2),
                  paired_ratios: xs.map((x, i) => round(lib[i]!.seconds / x.seconds, 2)),
                  // the first answer: the partial one where the worker gives one (the library has one answer)
                  first_answer_seconds: round(median(xs.map((x) => x.firstSeconds ?? x.seconds)), 3),
                  first_answer_hub_requests: median(xs.map((x) => x.firstRequests ?? x.requests)),
                  first_answer_time_ratio_library_over_worker: round(median(xs.map((x, i) => lib[i]!.seconds / (x.firstSeconds ?? x.seconds))), 2),
                  requests_ratio_worker_over_library: round(median(xs.map((x, i) => x.requests / lib[i]!.requests)), 2),
                  answers_differ: compareAnswers(xs.at(-1)!.answer, lib.at(-1)!.answer) ?? null,
                }),
          };
        };
        results.push({
          latency_ms: latency,
          repo: shape.id,
          shape: shape.what,
          ...Object.fromEntries([...m.keys()].map((name) => [name, fig(name)])),
        });
      }
    }
  } finally {
    hub.child.kill();
    if (before) rmSync(before, { recursive: true, force: true });
  }
  return results;
}

const figures: Record<string, unknown> = { repetitions: REPS, load_avg_at_start: os.loadavg().map((x) => round(x, 2)) };
// one part alone keeps the other part's figures of the last run (with that run's date)
const previous = path.join(root, 'bench/results/side-by-side.json');
const last = PART && existsSync(previous) ? (JSON.parse(readFileSync(previous, 'utf8')) as { date: string; figures: Record<string, unknown> }) : undefined;
if (PART !== 'splits') figures.queue = await queuePart();
else if (last?.figures.queue) Object.assign(figures, { queue: last.figures.queue, queue_measured: last.figures.queue_measured ?? last.date });
if (PART !== 'queue') figures.splits = await splitsPart();
else if (last?.figures.splits) Object.assign(figures, { splits: last.figures.splits, splits_measured: last.figures.splits_measured ?? last.date });
figures.load_avg_at_end = os.loadavg().map((x) => round(x, 2));
report('side-by-side', figures);
