/**
 * Queue depth: the cost of taking the next job with 1,000, 10,000 and 100,000 waiting jobs, the worker's lock
 * step as the worker runs it, side by side with stock Agenda's take, interleaved in the same run.
 *
 * - worker: FairJobRepository.getNextJobToRun with the worker's own dependencies: the recovery sweep once per poll
 *   (its real query, findExpiredJobs, with WORKER_SLEEP_SECONDS' default as the poll), the batch of due jobs and
 *   the crowded-datasets aggregation when the batch is full, the per-dataset slot (MAX_JOBS_PER_DATASET's default
 *   of 1), one lock per take: each take costs what it costs in the worker, the batch reads and sweeps included
 *   where they fall;
 * - Agenda: stock @agendajs/mongo-backend MongoJobRepository.getNextJobToRun (one findOneAndUpdate with a sort)
 *   on its own database holding the same jobs, with Agenda's index.
 *
 * After one take each not counted (a fresh collection's first query), takes alternate (worker, Agenda, then
 * Agenda, worker…), so that load on the machine falls on both alike. The
 * figures: median and mean per take, and the ratio worker/Agenda of each (below 1: the worker takes faster).
 * BENCH_DEPTHS (default 1000,10000,100000) and BENCH_TAKES (takes per side per depth) change the run.
 */
import type { Db } from 'mongodb';
import { MongoJobRepository } from '@agendajs/mongo-backend';
import { percentile, report, round } from './lib/report.ts';
import { agendaDueJobs, startTestMongo } from './lib/queue-harness.ts';
import { ServerClock } from '../src/queue/server-clock.ts';
import { HeldLocks } from '../src/queue/held-locks.ts';
import { FairJobRepository } from '../src/queue/fair-job-repository.ts';
import { JOBS_COLLECTION } from '../src/queue/queue-backend.ts';
import { ensureQueueIndexes } from '../src/queue/ensure-queue-indexes.ts';
import { findExpiredJobs } from '../src/queue/recover-expired-jobs.ts';
import type { JobsCollection } from '../src/queue/job-lock.ts';

const DEPTHS = (process.env.BENCH_DEPTHS ?? '1000,10000,100000').split(',').map(Number);
const takesFor = (n: number) => Number(process.env.BENCH_TAKES ?? (n >= 100_000 ? 12 : n >= 10_000 ? 30 : 60));
/** the worker's defaults: WORKER_SLEEP_SECONDS (the sweep runs once per poll), WORKER_LOCK_SECONDS, MAX_JOBS_PER_DATASET */
const POLL_MS = 15_000;
const LEASE_MS = 600_000;
const DATASET_LIMIT = 1;

/** `n` waiting jobs, due, oldest first in insertion order, over 5,000 datasets (as Agenda's `now` writes them). */
async function fill(db: Db, n: number): Promise<void> {
  const col = db.collection(JOBS_COLLECTION);
  const now = Date.now();
  for (let start = 0; start < n; start += 10_000) {
    const batch = agendaDueJobs(Math.min(10_000, n - start), { dataset: (i) => `bench/d${(start + i) % 5000}`, firstDueAt: now - 3_600_000 + start });
    await col.insertMany(batch, { ordered: false });
  }
}

async function workerRepository(db: Db): Promise<FairJobRepository> {
  const clock = new ServerClock(db);
  await clock.sync();
  const jobs: JobsCollection = db.collection(JOBS_COLLECTION);
  const repo = new FairJobRepository(
    { mongo: db, db: { collection: JOBS_COLLECTION } },
    {
      name: 'splits',
      workerId: 'bench',
      clock,
      held: new HeldLocks(),
      leaseMs: LEASE_MS,
      maxDurationMs: 2 * LEASE_MS,
      canLock: () => Promise.resolve(true),
      groupOf: (data) =>
        data && typeof data === 'object' && typeof (data as { dataset?: unknown }).dataset === 'string' ? (data as { dataset: string }).dataset : undefined,
      datasetLimit: () => DATASET_LIMIT,
      onDatasetBusy: () => {},
      onMalformedJob: () => {},
      onSquattedSlotsFreed: () => {},
      // the sweep's query as the worker sends it; with no expired lease in the bench it recovers nothing
      recoverExpired: async (now) => {
        await findExpiredJobs(jobs, { name: 'splits', now, leaseMs: LEASE_MS, limit: 20 });
      },
      recoverEveryMs: POLL_MS,
    },
  );
  await ensureQueueIndexes(db);
  await repo.connect();
  return repo;
}

async function agendaRepository(db: Db): Promise<MongoJobRepository> {
  const repo = new MongoJobRepository({ mongo: db, db: { collection: JOBS_COLLECTION } });
  await repo.connect();
  return repo;
}

async function timed(take: () => Promise<unknown>): Promise<number> {
  const s = performance.now();
  const job = await take();
  if (!job) throw new Error('no job to take');
  return performance.now() - s;
}

const mongo = await startTestMongo();
const results: Record<string, unknown>[] = [];
try {
  for (const n of DEPTHS) {
    const workerDb = mongo.client.db(mongo.names().queue);
    const agendaDb = mongo.client.db(mongo.names().queue);
    const t0 = performance.now();
    await fill(workerDb, n);
    await fill(agendaDb, n);
    const fillSeconds = (performance.now() - t0) / 1000;
    const worker = await workerRepository(workerDb);
    const agenda = await agendaRepository(agendaDb);
    const w: number[] = [];
    const a: number[] = [];
    const takeWorker = async () => w.push(await timed(() => worker.getNextJobToRun('splits', new Date(), new Date(), undefined, undefined)));
    const takeAgenda = async () =>
      a.push(await timed(() => agenda.getNextJobToRun('splits', new Date(), new Date(Date.now() - LEASE_MS), new Date(), undefined)));
    // one take each, not counted: the first query of a kind on a fresh collection warms the server up (the
    // worker's also creates its indexes and syncs its clock); the batch reads and sweeps after it are counted
    await worker.getNextJobToRun('splits', new Date(), new Date(), undefined, undefined);
    await agenda.getNextJobToRun('splits', new Date(), new Date(Date.now() - LEASE_MS), new Date(), undefined);
    for (let i = 0; i < takesFor(n); i++) {
      if (i % 2 === 0) {
        await takeWorker();
        await takeAgenda();
      } else {
        await takeAgenda();
        await takeWorker();
      }
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    results.push({
      waiting_jobs: n,
      takes_per_side: w.length,
      fill_seconds: round(fillSeconds),
      worker_median_ms: round(percentile(w, 50), 2),
      agenda_median_ms: round(percentile(a, 50), 2),
      worker_mean_ms: round(mean(w), 2),
      agenda_mean_ms: round(mean(a), 2),
      worker_max_ms: round(Math.max(...w), 2),
      agenda_max_ms: round(Math.max(...a), 2),
      ratio_median: round(percentile(w, 50) / percentile(a, 50), 3),
      ratio_mean: round(mean(w) / mean(a), 3),
    });
    console.log(JSON.stringify(results.at(-1)));
    await workerDb.dropDatabase();
    await agendaDb.dropDatabase();
  }
} finally {
  await mongo.close();
}
report('queue-depth', {
  target: "the worker's take (sweep, batch and crowded-datasets read included) no slower than stock Agenda's at every depth",
  results,
  worst_ratio_mean: round(Math.max(...results.map((r) => r.ratio_mean as number)), 3),
});
