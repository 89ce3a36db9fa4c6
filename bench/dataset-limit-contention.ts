/**
 * Per-dataset limit under contention: 1,000 jobs on 3 datasets, 4 worker processes, MAX_JOBS_PER_DATASET=1,
 * each computation lasting 20 ms, enqueued at a steady pace while the workers run: throughput, computations,
 * jobs answered by a concurrent computation, dataset_limit deferrals, the workers' idle share, and the largest
 * overlap of one dataset's computations (must stay 1).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { report, round } from './lib/report.ts';
import { producer, startTestMongo, startWorkers, stopWorkers, waitUntilAllDone } from './lib/queue-harness.ts';
import { maxOverlapPerDataset, readRecords } from '../test/helpers/records.ts';

const JOBS = 1000;
const WORKERS = 4;
const COMPUTE_MS = 20;
const mongo = await startTestMongo();
const record = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-contention-')), 'record.jsonl');
let figures: Record<string, unknown>;
try {
  const names = mongo.names();
  const agenda = await producer(mongo.client, names.queue);
  const workers = await startWorkers(WORKERS, {
    MONGO_URL: mongo.url,
    MONGO_QUEUE_DATABASE: names.queue,
    MONGO_CACHE_DATABASE: names.cache,
    MAX_JOBS_PER_DATASET: '1',
    WORKER_SLEEP_SECONDS: '0.2',
    BENCH_SLEEP_MS: String(COMPUTE_MS),
    BENCH_RECORD: record,
  });
  const t0 = performance.now();
  for (let i = 0; i < JOBS; i++) await agenda.now('splits', { dataset: `bench/hot${i % 3}` });
  await waitUntilAllDone(mongo.client.db(names.queue), JOBS);
  const seconds = (performance.now() - t0) / 1000;
  const stats = await stopWorkers(workers);
  const records = readRecords(record);
  const starts = records.filter((r) => r.event === 'start');
  const busyMs = new Map<number, number>();
  const open = new Map<string, number>();
  for (const r of records) {
    if (r.event === 'start') open.set(r.jobId, r.t);
    else busyMs.set(r.pid, (busyMs.get(r.pid) ?? 0) + (r.t - (open.get(r.jobId) ?? r.t)));
  }
  const totalBusy = [...busyMs.values()].reduce((a, b) => a + b, 0);
  const superseded = await mongo.client
    .db(names.queue)
    .collection('agendaJobs')
    .countDocuments({ supersededBy: { $exists: true } });
  figures = {
    jobs: JOBS,
    workers: WORKERS,
    datasets: 3,
    seconds: round(seconds, 2),
    jobs_per_second: round(JOBS / seconds),
    computations: starts.length,
    answered_by_a_concurrent_computation: superseded,
    dataset_limit_deferrals: stats.deferrals.dataset_limit ?? 0,
    worker_busy_share: round(totalBusy / (WORKERS * seconds * 1000), 3),
    max_overlap_per_dataset: Math.max(...maxOverlapPerDataset(records).values()),
  };
} finally {
  await mongo.close();
}
report('dataset-limit-contention', { target: 'the limit (1) never exceeded', ...figures });
