/**
 * Many worker processes on one queue (issue 23): 2,000 jobs (one per dataset, a computation that does nothing,
 * no first-rows hand-off) drained by 1, 2, 4 and 8 worker processes (`bench/lib/bench-worker-process.ts`,
 * WORKER_CONCURRENCY=1 each), and by as many stock Agenda 6 processes (`bench/lib/bench-agenda-process.ts`,
 * concurrency 1 each), interleaved in one run on one test server (the order alternates each repetition).
 *
 * The consumers start on an empty queue and are left to settle (BENCH_SETTLE_MS, default 10.5 s: long enough for
 * every worker to have renewed its registry entry once and so to see the others); then the 2,000 jobs are
 * inserted at once (Agenda's fields, one insertMany) and the drain is timed from the insert to the last job's
 * end. Figures: jobs/s, the drain rate relative to one process of the same kind, and the database commands per
 * computed job counted by each consumer's driver (command monitoring; handshakes and pings left out), over the
 * whole run and over the drain alone (from a mark each process takes right before the insert: the idle polls
 * of the settling period are no job's), with the commands by name, so that a lock lost to another process shows as a `findAndModify` more than 2 per job.
 *
 * Env: BENCH_REPS (default 3), BENCH_JOBS (default 2000), BENCH_PROCESSES (default 1,2,4,8), BENCH_SETTLE_MS,
 * BENCH_WARM_JOBS_PER_PROCESS (default 500), BENCH_SLEEP_MS (default 0: each job waits that long, as a job waiting on
 * the Hub does, instead of doing nothing); for diagnostic runs (their results file is written all the same):
 * BENCH_ONLY (worker | agenda: that kind alone), BENCH_PIN=1 (the test server on CPU 0, the consumers on the
 * others: the database on CPUs of its own, as where it runs on another machine). Each run's line gives the drain's
 * commands by name (`drain_commands`).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { Db } from 'mongodb';
import { cpuMs, report, round, median, loadAverage } from './lib/report.ts';
import {
  agendaDueJobs,
  byRole,
  markAll,
  startAgendas,
  startTestMongo,
  startWorkers,
  stopAgendas,
  stopWorkers,
  waitUntilAgendaDone,
  waitUntilAllDone,
  type TestMongo,
} from './lib/queue-harness.ts';

const REPS = Number(process.env.BENCH_REPS ?? 3);
const JOBS = Number(process.env.BENCH_JOBS ?? 2000);
const PROCESSES = (process.env.BENCH_PROCESSES ?? '1,2,4,8').split(',').map(Number);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 10_500);
const SLEEP_MS = Number(process.env.BENCH_SLEEP_MS ?? 0);
const WARM_JOBS_PER_PROCESS = Number(process.env.BENCH_WARM_JOBS_PER_PROCESS ?? 500);
/** the namespace of the warm-up's datasets (`warm/dN`), by which its jobs are deleted */
const WARM_PREFIX = 'warm';
const POLL_MS = 500;
/**
 * How often the benchmark checks whether the jobs have ended: each check counts every job on the test server (a
 * scan: 10 ms at 2,400 jobs for the worker's count by state), which at 20 per second took a fifth of a CPU from the
 * consumers it measures; the drain's end is read from the jobs (see lastEnd), not from this poll.
 */
const POLL_END_MS = 500;
const load = loadAverage;

interface Run {
  jobsPerSecond: number;
  /** every command from the start of the processes to their stop, idle polls before the jobs came included */
  commandsPerComputedJob: number;
  /** the commands from the insert of the jobs to the stop (the drain) */
  drainCommandsPerComputedJob: number;
  /** findAndModify commands per computed job over the drain: 2 when no lock is lost (the lock and the cache write; Agenda: lock and one save) */
  findAndModifyPerJob: number;
  load: number;
  /** CPU time (user + system) per computed job over the drain: the consumers' processes together, and the server's */
  consumerCpuMsPerJob: number;
  serverCpuMsPerJob: number;
  commands: Record<string, number>;
  /** the drain's commands by database role and name (queue.find, cache.findAndModify, …) */
  drainCommands: Record<string, number>;
}

/** Drops a run's databases: the test server keeps every database in its store, and a growing store costs its later runs. */
async function dropRun(mongo: TestMongo, names: { queue: string; cache: string }): Promise<void> {
  for (const name of [names.queue, names.cache]) await mongo.client.db(name).dropDatabase();
}

/** CPU time of the consumers together, and of the server */
function cpuNow(mongo: TestMongo, pids: (number | undefined)[]): [number, number] {
  return [pids.reduce((a: number, p) => a + cpuMs(p), 0), cpuMs(mongo.serverPid())];
}

/**
 * BENCH_PIN=1: the test server on CPU 0, the consumers (and this process) on the others, as where the database
 * runs on its own machine: the consumers then share their own CPUs, not the server's.
 */
const PIN = process.env.BENCH_PIN === '1';
function pin(mongo: TestMongo, pids: (number | undefined)[]): void {
  if (!PIN) return;
  const others = `1-${os.cpus().length - 1}`;
  execFileSync('taskset', ['-a', '-cp', '0', String(mongo.serverPid())], { stdio: 'ignore' });
  for (const pid of [...pids, process.pid]) if (pid) execFileSync('taskset', ['-a', '-cp', others, String(pid)], { stdio: 'ignore' });
}

/**
 * The measured drain, for either kind of consumer: the warm-up, the mark, then the JOBS inserted at once and timed
 * to the last one's end, with the consumers' and the server's CPU time over it.
 */
async function measureDrain(
  mongo: TestMongo,
  db: Db,
  children: { pid?: number | undefined; kill(signal: NodeJS.Signals): unknown }[],
  ended: (db: Db, total: number) => Promise<void>,
): Promise<{ seconds: number; cpu: [number, number]; warm: number; startLoad: number }> {
  const pids = children.map((c) => c.pid);
  pin(mongo, pids);
  const warm = await warmUp(db, children.length, ended);
  await markAll(children);
  const startLoad = load();
  const cpu0 = cpuNow(mongo, pids);
  const t0 = Date.now();
  await insertJobs(db, JOBS, 'bench');
  await ended(db, JOBS);
  const seconds = ((await lastEnd(db)) - t0) / 1000;
  const cpu1 = cpuNow(mongo, pids);
  return { seconds, cpu: [cpu1[0] - cpu0[0], cpu1[1] - cpu0[1]], warm, startLoad };
}

/** The jobs as Agenda's `now()` writes them, all due, oldest first in insertion order, in one command. */
async function insertJobs(db: Db, count: number, prefix: string): Promise<void> {
  await db.collection('agendaJobs').insertMany(agendaDueJobs(count, { dataset: (i) => `${prefix}/d${i}`, firstDueAt: Date.now() - 5000 }));
}

/** Waits until `total` jobs of the queue have ended in the worker's final states. */
function workerJobsEnded(db: Db, total: number): Promise<void> {
  return waitUntilAllDone(db, total, { pollMs: POLL_END_MS });
}

/**
 * When the last measured job ended (ms since the epoch): the latest `lastFinishedAt`, which both kinds write (the
 * worker on the server's clock, Agenda on its own; one machine here). The drain is timed from the insert to it, so
 * that the end is not rounded up to the benchmark's poll, and that poll can be slow: its count reads every job.
 */
async function lastEnd(db: Db): Promise<number> {
  const [last] = await db
    .collection('agendaJobs')
    .find({ name: 'splits', 'data.dataset': /^bench\//, lastFinishedAt: { $ne: null } }, { projection: { lastFinishedAt: 1 } })
    .sort({ lastFinishedAt: -1 })
    .limit(1)
    .toArray();
  if (!(last?.lastFinishedAt instanceof Date)) throw new Error('no measured job has ended');
  return last.lastFinishedAt.getTime();
}

/** Waits until `total` jobs have ended under stock Agenda. */
function agendaJobsEnded(db: Db, total: number): Promise<void> {
  return waitUntilAgendaDone(db, total, { pollMs: POLL_END_MS });
}

/**
 * Before the measured drain, the consumers run WARM_JOBS_PER_PROCESS jobs each (on average): a deployment's
 * processes are long-lived, and a fresh process runs its first hundreds of jobs in code not yet compiled hot, a cost
 * that 8 processes would pay 8 times over within the 2,000 jobs (each runs 250 of them, one process 2,000). Both
 * kinds are warmed alike. The warm-up's jobs are then deleted, so that every drain reads a queue of the same
 * 2,000 jobs whatever the number of processes (the test server scans the collection for each read of due jobs).
 */
async function warmUp(db: Db, processes: number, ended: (db: Db, total: number) => Promise<void>): Promise<number> {
  const n = WARM_JOBS_PER_PROCESS * processes;
  if (n === 0) return 0;
  await insertJobs(db, n, WARM_PREFIX);
  await ended(db, n);
  await db.collection('agendaJobs').deleteMany({ 'data.dataset': { $regex: `^${WARM_PREFIX}/` } });
  return n;
}

function summarize(
  { seconds, cpu, warm, startLoad }: { seconds: number; cpu: [number, number]; warm: number; startLoad: number },
  byDb: Record<string, number>,
  byCommand: Record<string, number>,
  drain: { byDb: Record<string, number>; byCommand: Record<string, number> },
  names: { queue: string; cache: string },
): Run {
  const all = Object.values(byDb).reduce((a, b) => a + b, 0);
  const drained = Object.values(drain.byDb).reduce((a, b) => a + b, 0);
  const commands = byRole(byCommand, names);
  const fam = Object.entries(byRole(drain.byCommand, names))
    .filter(([k]) => k.endsWith('.findAndModify'))
    .reduce((a, [, v]) => a + v, 0);
  return {
    jobsPerSecond: JOBS / seconds,
    commandsPerComputedJob: all / (JOBS + warm),
    drainCommandsPerComputedJob: drained / JOBS,
    findAndModifyPerJob: fam / JOBS,
    load: startLoad,
    consumerCpuMsPerJob: cpu[0] / JOBS,
    serverCpuMsPerJob: cpu[1] / JOBS,
    commands,
    drainCommands: byRole(drain.byCommand, names),
  };
}

async function runWorker(mongo: TestMongo, processes: number): Promise<Run> {
  const names = mongo.names();
  const db = mongo.client.db(names.queue);
  const workers = await startWorkers(processes, {
    MONGO_URL: mongo.url,
    MONGO_QUEUE_DATABASE: names.queue,
    MONGO_CACHE_DATABASE: names.cache,
    WORKER_SLEEP_SECONDS: String(POLL_MS / 1000),
    WORKER_CONCURRENCY: '1',
    FIRST_ROWS_HANDOFF_ENABLED: 'false',
    BENCH_SLEEP_MS: String(SLEEP_MS),
  });
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const drain = await measureDrain(
    mongo,
    db,
    workers.map((w) => w.child),
    workerJobsEnded,
  );
  const stats = await stopWorkers(workers);
  await dropRun(mongo, names);
  return summarize(drain, stats.byDb, stats.byCommand, stats.sinceMark, names);
}

async function runAgenda(mongo: TestMongo, processes: number): Promise<Run> {
  const names = mongo.names();
  const db = mongo.client.db(names.queue);
  const children = await startAgendas(processes, {
    MONGO_URL: mongo.url,
    MONGO_QUEUE_DATABASE: names.queue,
    BENCH_POLL_MS: String(POLL_MS),
    BENCH_CONCURRENCY: '1',
    BENCH_HANDOFF: 'false',
    BENCH_SLEEP_MS: String(SLEEP_MS),
  });
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const drain = await measureDrain(
    mongo,
    db,
    children.map((c) => c.child),
    agendaJobsEnded,
  );
  const stats = await stopAgendas(children);
  await dropRun(mongo, names);
  return summarize(drain, stats.byDb, stats.byCommand, stats.sinceMark, names);
}

const runs = new Map<string, Run[]>();
const mongo = await startTestMongo();
try {
  // A warm-up, not counted: the first runs on a fresh server (its JVM not yet compiled hot) are the slowest.
  await runWorker(mongo, 1);
  await runAgenda(mongo, 1);
  for (let rep = 0; rep < REPS; rep++) {
    const order = (rep % 2 ? (['agenda', 'worker'] as const) : (['worker', 'agenda'] as const)).filter(
      (w) => !process.env.BENCH_ONLY || w === process.env.BENCH_ONLY,
    );
    for (const processes of PROCESSES) {
      for (const who of order) {
        const run = who === 'worker' ? await runWorker(mongo, processes) : await runAgenda(mongo, processes);
        const key = `${who} ${processes}`;
        runs.set(key, [...(runs.get(key) ?? []), run]);
        console.log(
          JSON.stringify({
            rep,
            who,
            processes,
            jobs_per_second: round(run.jobsPerSecond),
            commands_per_job: round(run.commandsPerComputedJob, 2),
            drain_commands_per_job: round(run.drainCommandsPerComputedJob, 2),
            find_and_modify_per_job: round(run.findAndModifyPerJob, 2),
            consumer_cpu_ms_per_job: round(run.consumerCpuMsPerJob, 2),
            server_cpu_ms_per_job: round(run.serverCpuMsPerJob, 2),
            load: run.load,
            drain_commands: run.drainCommands,
          }),
        );
      }
    }
  }
} finally {
  await mongo.close();
}

const table = [];
for (const who of ['worker', 'agenda'] as const) {
  const one = runs.get(`${who} 1`) ?? [];
  for (const processes of PROCESSES) {
    const rs = runs.get(`${who} ${processes}`) ?? [];
    if (rs.length === 0) continue;
    // drain rate relative to one process of the same kind, paired by repetition
    const ratios = rs.map((r, i) => r.jobsPerSecond / (one[i]?.jobsPerSecond ?? Number.NaN));
    table.push({
      who,
      processes,
      jobs_per_second: round(median(rs.map((r) => r.jobsPerSecond))),
      vs_one_process: round(median(ratios), 2),
      vs_one_process_each: ratios.map((x) => round(x, 2)),
      commands_per_computed_job: round(median(rs.map((r) => r.commandsPerComputedJob)), 2),
      drain_commands_per_computed_job: round(median(rs.map((r) => r.drainCommandsPerComputedJob)), 2),
      find_and_modify_per_job: round(median(rs.map((r) => r.findAndModifyPerJob)), 2),
      consumer_cpu_ms_per_job: round(median(rs.map((r) => r.consumerCpuMsPerJob)), 2),
      server_cpu_ms_per_job: round(median(rs.map((r) => r.serverCpuMsPerJob)), 2),
      loads: rs.map((r) => r.load),
      commands_last_run: rs.at(-1)!.commands,
    });
  }
}
report(SLEEP_MS > 0 ? 'multi-process-waiting-jobs' : 'multi-process', {
  jobs: JOBS,
  reps: REPS,
  settle_ms: SETTLE_MS,
  warm_jobs_per_process: WARM_JOBS_PER_PROCESS,
  job_sleep_ms: SLEEP_MS,
  target: '<= 3.3 commands per computed job; 4 processes >= 1.0x one',
  table,
});
