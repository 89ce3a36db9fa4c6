/**
 * The flood benchmark of issue 24 (fair scheduling across namespaces): namespace A enqueues BENCH_FLOOD datasets
 * (default 5,000; `agenda.now('splits', { dataset: 'flood-a/ds-NNNNN' })`, one call each, before the consumers
 * start); 4 consumer processes, concurrency 2, a 50 ms computation, no first-rows hand-off, start on it; once the
 * flood has drained for 2 s, namespaces B and C enqueue one job each (`bob/one`, then `carol/one`). Three sides,
 * interleaved in one run on one test server, the order rotated each repetition (BENCH_REPS, default 2), after one
 * uncounted warm-up of each on a small flood:
 *
 * - this: the built worker of this checkout (`dist/`, `bench/lib/bench-worker-process.ts` with BENCH_WORKER_ROOT);
 * - before: the built worker of BENCH_BEFORE_REF (default 4aeb4df, main before fair scheduling), built from that
 *   commit in a temporary folder (`bench/lib/checkout.ts`);
 * - stock Agenda 6 (`bench/lib/bench-agenda-process.ts`), concurrency 2 per process, the same poll.
 *
 * Each computation appends its start and end (`Date.now()`, the one clock of this machine) to a record file. B's
 * and C's wait is their computation's start minus the moment their `agenda.now()` was called. The flood's jobs/s
 * is A's jobs over the window from A's first computation start to A's last computation end (the whole flood
 * drained, every side). Commands are counted by each consumer's driver over its whole life (start, drain, stop),
 * per computed job. Targets (the issue's): B and C start within 2 × 50 ms + one poll (WORKER_SLEEP_SECONDS=0.5,
 * Agenda's processEvery 500 ms: 600 ms); this side's jobs/s ≥ 0.95 × before's; ≤ 3.5 commands per computed job.
 *
 * Env: BENCH_FLOOD (default 5000), BENCH_REPS (default 2), BENCH_BEFORE_REF (default 4aeb4df), BENCH_WARMUP_FLOOD
 * (default 200; 0: no warm-up), BENCH_SIDES (default this,before,agenda; a subset for a diagnostic run).
 */
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from 'mongodb';
import { assertBuilt } from '../test/helpers/built.ts';
import { extractCheckout } from './lib/checkout.ts';
import { loadAverage, median, report, round } from './lib/report.ts';
import {
  allEnded,
  byRole,
  countAgendaJobsEnded,
  countJobsByState,
  producer,
  startAgendas,
  startTestMongo,
  startWorkers,
  stopAgendas,
  stopWorkers,
  type TestMongo,
} from './lib/queue-harness.ts';

const FLOOD = Number(process.env.BENCH_FLOOD ?? 5000);
const REPS = Number(process.env.BENCH_REPS ?? 2);
const BEFORE_REF = process.env.BENCH_BEFORE_REF ?? '4aeb4df';
const WARMUP_FLOOD = Number(process.env.BENCH_WARMUP_FLOOD ?? 200);
const PROCESSES = 4;
const CONCURRENCY = 2;
const COMPUTE_MS = 50;
const POLL_MS = 500;
/** how long the flood drains before B and C enqueue */
const DRAIN_BEFORE_MS = 2000;
const TARGET_WAIT_MS = 2 * COMPUTE_MS + POLL_MS;
const root = path.resolve(import.meta.dirname, '..');
const B = 'bob/one';
const C = 'carol/one';

type Side = 'this' | 'before' | 'agenda';

interface Run {
  bWaitMs: number;
  cWaitMs: number;
  /** when B's `agenda.now()` was called (Date.now()), to set a run beside a trace (BENCH_TRACE) */
  bEnqueuedAt: number;
  /** the job's `lastRunAt` (the worker: when it was locked, on the server's clock; Agenda: when it started) minus its enqueue */
  bLastRunMs: number;
  cLastRunMs: number;
  /** flood jobs that started after B was enqueued and before B started */
  floodStartedBeforeB: number;
  floodStartedBeforeC: number;
  floodJobsPerSecond: number;
  floodSeconds: number;
  computed: number;
  commandsPerComputedJob: number;
  load: number;
  commands: Record<string, number>;
}

interface Mark {
  event: 'start' | 'end';
  dataset: string;
  t: number;
}

const floodName = (i: number) => `flood-a/ds-${String(i).padStart(5, '0')}`;

async function enqueueFlood(mongo: TestMongo, queueDb: string, n: number): Promise<void> {
  const agenda = await producer(mongo.client, queueDb);
  for (let i = 0; i < n; i++) await agenda.now('splits', { dataset: floodName(i) });
  await agenda.stop().catch(() => {});
}

function readMarks(file: string): Mark[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Mark);
}

async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 900_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !(await ok());) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function finished(side: Side, db: Db, total: number): Promise<boolean> {
  if (side === 'agenda') return (await countAgendaJobsEnded(db)) >= total;
  return allEnded(await countJobsByState(db, 'splits'), total);
}

async function runSide(mongo: TestMongo, side: Side, flood: number, beforeDir: string): Promise<Run> {
  const names = mongo.names();
  const db = mongo.client.db(names.queue);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-fairness-'));
  const record = path.join(tmp, 'record.jsonl');
  try {
    await enqueueFlood(mongo, names.queue, flood);
    const startLoad = loadAverage();
    const common = { MONGO_URL: mongo.url, MONGO_QUEUE_DATABASE: names.queue, BENCH_SLEEP_MS: String(COMPUTE_MS), BENCH_RECORD: record };
    const stop =
      side === 'agenda'
        ? await startAgendas(PROCESSES, { ...common, BENCH_POLL_MS: String(POLL_MS), BENCH_CONCURRENCY: String(CONCURRENCY), BENCH_HANDOFF: 'false' }).then(
            (h) => () => stopAgendas(h),
          )
        : await startWorkers(PROCESSES, {
            ...common,
            BENCH_WORKER_ROOT: side === 'this' ? root : beforeDir,
            MONGO_CACHE_DATABASE: names.cache,
            WORKER_SLEEP_SECONDS: String(POLL_MS / 1000),
            WORKER_CONCURRENCY: String(CONCURRENCY),
            FIRST_ROWS_HANDOFF_ENABLED: 'false',
          }).then((w) => () => stopWorkers(w));
    const producerAgenda = await producer(mongo.client, names.queue);
    let enqueuedB = 0;
    let enqueuedC = 0;
    let stats: Awaited<ReturnType<typeof stop>>;
    try {
      await until('the flood to start', () => readMarks(record).some((m) => m.event === 'start'));
      await new Promise((r) => setTimeout(r, DRAIN_BEFORE_MS));
      enqueuedB = Date.now();
      await producerAgenda.now('splits', { dataset: B });
      enqueuedC = Date.now();
      await producerAgenda.now('splits', { dataset: C });
      await until(`${side} to drain the flood`, () => finished(side, db, flood + 2));
    } finally {
      await producerAgenda.stop().catch(() => {});
      stats = await stop();
    }
    const marks = readMarks(record);
    const startOf = (dataset: string) => marks.find((m) => m.event === 'start' && m.dataset === dataset)?.t ?? Number.NaN;
    const floodMarks = marks.filter((m) => m.dataset.startsWith('flood-a/'));
    const floodStarts = floodMarks.filter((m) => m.event === 'start').map((m) => m.t);
    const floodEnds = floodMarks.filter((m) => m.event === 'end').map((m) => m.t);
    const t0 = Math.min(...floodStarts);
    const t1 = Math.max(...floodEnds);
    const computed = marks.filter((m) => m.event === 'start').length;
    const all = Object.values(stats.byDb).reduce((a, b) => a + b, 0);
    const bStart = startOf(B);
    const cStart = startOf(C);
    const lastRunAt = async (dataset: string) =>
      ((await db.collection('agendaJobs').findOne({ name: 'splits', 'data.dataset': dataset }))?.lastRunAt as Date | undefined)?.getTime() ?? Number.NaN;
    return {
      bWaitMs: bStart - enqueuedB,
      cWaitMs: cStart - enqueuedC,
      bEnqueuedAt: enqueuedB,
      bLastRunMs: (await lastRunAt(B)) - enqueuedB,
      cLastRunMs: (await lastRunAt(C)) - enqueuedC,
      floodStartedBeforeB: floodStarts.filter((t) => t >= enqueuedB && t < bStart).length,
      floodStartedBeforeC: floodStarts.filter((t) => t >= enqueuedC && t < cStart).length,
      floodJobsPerSecond: floodStarts.length / ((t1 - t0) / 1000),
      floodSeconds: (t1 - t0) / 1000,
      computed,
      commandsPerComputedJob: all / computed,
      load: startLoad,
      commands: byRole(stats.byCommand, names),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    // keep the server small for the next side: each side has its own databases
    await db.dropDatabase().catch(() => {});
    await mongo.client
      .db(names.cache)
      .dropDatabase()
      .catch(() => {});
  }
}

assertBuilt();
const sides = (process.env.BENCH_SIDES ?? 'this,before,agenda').split(',') as Side[];
const before = sides.includes('before') ? extractCheckout(BEFORE_REF, { build: true }) : { dir: '', sha: '' };
const runs: Record<Side, Run[]> = { this: [], before: [], agenda: [] };
const loadAtStart = os.loadavg().map((x) => round(x, 2));
const mongo = await startTestMongo();
try {
  // A warm-up, not counted: the first runs on a fresh server (its JVM not yet compiled hot) are the slowest.
  if (WARMUP_FLOOD > 0) for (const side of sides) await runSide(mongo, side, WARMUP_FLOOD, before.dir);
  for (let rep = 0; rep < REPS; rep++) {
    for (const side of sides.map((_, i) => sides[(i + rep) % sides.length]!)) {
      const run = await runSide(mongo, side, FLOOD, before.dir);
      runs[side].push(run);
      console.log(
        JSON.stringify({
          rep,
          side,
          b_wait_ms: run.bWaitMs,
          c_wait_ms: run.cWaitMs,
          b_enqueued_at: run.bEnqueuedAt,
          b_last_run_at_ms: run.bLastRunMs,
          c_last_run_at_ms: run.cLastRunMs,
          flood_started_before_b: run.floodStartedBeforeB,
          flood_jobs_per_second: round(run.floodJobsPerSecond),
          commands_per_computed_job: round(run.commandsPerComputedJob, 2),
          load: run.load,
        }),
      );
    }
  }
} finally {
  await mongo.close();
  if (before.dir) rmSync(before.dir, { recursive: true, force: true });
}

// a run of some sides only is a diagnostic: its lines above are its figures
if (sides.length < 3) process.exit(0);

const summary = (side: Side) => {
  const rs = runs[side];
  const bWait = median(rs.map((r) => r.bWaitMs));
  const cWait = median(rs.map((r) => r.cWaitMs));
  const commands = median(rs.map((r) => r.commandsPerComputedJob));
  return {
    b_wait_ms: bWait,
    c_wait_ms: cWait,
    b_wait_ms_each: rs.map((r) => r.bWaitMs),
    c_wait_ms_each: rs.map((r) => r.cWaitMs),
    b_last_run_at_after_enqueue_ms_each: rs.map((r) => r.bLastRunMs),
    c_last_run_at_after_enqueue_ms_each: rs.map((r) => r.cLastRunMs),
    flood_jobs_started_between_b_enqueue_and_start_each: rs.map((r) => r.floodStartedBeforeB),
    flood_jobs_started_between_c_enqueue_and_start_each: rs.map((r) => r.floodStartedBeforeC),
    flood_jobs_per_second: round(median(rs.map((r) => r.floodJobsPerSecond))),
    flood_jobs_per_second_each: rs.map((r) => round(r.floodJobsPerSecond)),
    flood_seconds_each: rs.map((r) => round(r.floodSeconds, 1)),
    computed_jobs_each: rs.map((r) => r.computed),
    commands_per_computed_job: round(commands, 2),
    commands_per_computed_job_each: rs.map((r) => round(r.commandsPerComputedJob, 2)),
    load_avg_1m_each: rs.map((r) => r.load),
    commands_last_run: rs.at(-1)?.commands,
    verdicts: {
      b_within_target: bWait <= TARGET_WAIT_MS,
      c_within_target: cWait <= TARGET_WAIT_MS,
      commands_within_target: commands <= 3.5,
    },
  };
};
const ratios = runs.this.map((r, i) => r.floodJobsPerSecond / runs.before[i]!.floodJobsPerSecond);
const ratio = median(ratios);
report('fairness', {
  flood: FLOOD,
  reps: REPS,
  processes: PROCESSES,
  concurrency: CONCURRENCY,
  compute_ms: COMPUTE_MS,
  poll_ms: POLL_MS,
  before_ref: `${BEFORE_REF} (${before.sha})`,
  target: `B and C wait <= ${TARGET_WAIT_MS} ms (2 x ${COMPUTE_MS} ms + one ${POLL_MS} ms poll); this jobs/s >= 0.95 x before's; <= 3.5 commands per computed job`,
  window: "jobs/s: A's jobs over A's first computation start to A's last computation end (whole flood drained)",
  load_avg_at_start: loadAtStart,
  load_avg_at_end: os.loadavg().map((x) => round(x, 2)),
  this: summary('this'),
  before: summary('before'),
  stock_agenda: summary('agenda'),
  jobs_per_second_this_over_before: round(ratio, 2),
  jobs_per_second_this_over_before_each: ratios.map((x) => round(x, 2)),
  jobs_per_second_within_target: ratio >= 0.95,
});
