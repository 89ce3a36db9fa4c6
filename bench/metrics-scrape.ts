/**
 * /metrics at depth: the scrape time of a real worker process with BENCH_JOBS (default 1,000,000) finished
 * jobs in its queue (90 % success, 10 % error), sequential and 20 at once; what the background refresh of the
 * queue figures costs at that depth (its duration, or its time-out); and, for comparison, the two aggregations
 * the scrape used to run itself.
 */
import { ObjectId, type Db } from 'mongodb';
import { percentile, report, round } from './lib/report.ts';
import { startTestMongo } from './lib/queue-harness.ts';
import { freePort } from '../test/helpers/mongo.ts';
import { spawnWorker, waitFor, waitForLog, workerEnv } from '../test/helpers/workers.ts';
import { JOBS_COLLECTION } from '../src/queue/queue-backend.ts';
import { countJobsByState } from '../src/queue/count-jobs-by-state.ts';
import { countResponsesByStatus } from '../src/cache/count-responses.ts';

const JOBS = Number(process.env.BENCH_JOBS ?? 1_000_000);
const TIMEOUT_SECONDS = process.env.BENCH_REFRESH_TIMEOUT_SECONDS ?? '5';

async function fill(db: Db, n: number): Promise<void> {
  const col = db.collection(JOBS_COLLECTION);
  const at = new Date(Date.now() - 3600_000);
  for (let start = 0; start < n; start += 10_000) {
    const batch = [];
    for (let i = start; i < Math.min(n, start + 10_000); i++) {
      const failed = i % 10 === 0;
      batch.push({
        _id: new ObjectId(),
        name: 'splits',
        data: { dataset: `bench/d${i % 50_000}` },
        type: 'normal',
        priority: 0,
        nextRunAt: null,
        lockedAt: null,
        lastRunAt: at,
        lastFinishedAt: at,
        ...(failed ? { failCount: 1, failedAt: at, failReason: 'DatasetNotFoundError: bench' } : {}),
      });
    }
    await col.insertMany(batch, { ordered: false });
  }
}

async function scrape(port: number): Promise<{ ms: number; text: string }> {
  const s = performance.now();
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(60_000) })).text();
  return { ms: performance.now() - s, text };
}

const value = (text: string, series: string) => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.slice(series.length + 1));

const mongo = await startTestMongo();
try {
  const names = mongo.names();
  const queueDb = mongo.client.db(names.queue);
  const t0 = performance.now();
  await fill(queueDb, JOBS);
  const fillSeconds = (performance.now() - t0) / 1000;
  console.log(`filled ${JOBS} jobs in ${Math.round(fillSeconds)} s`);

  // what one scrape cost before the background refresh: both aggregations, every time
  const a0 = performance.now();
  const counts = await countJobsByState(queueDb, 'splits');
  await countResponsesByStatus(mongo.client.db(names.cache));
  const aggregationsMs = performance.now() - a0;
  console.log(`the two aggregations of the old scrape: ${Math.round(aggregationsMs)} ms`);

  const port = await freePort();
  const worker = spawnWorker(workerEnv(mongo, names, { METRICS_ENABLED: 'true', METRICS_PORT: String(port), METRICS_REFRESH_TIMEOUT_SECONDS: TIMEOUT_SECONDS, WORKER_SLEEP_SECONDS: '60' }));
  try {
    // start-up builds the queue's indexes, which the test server does by scanning the collection
    const s0 = performance.now();
    await waitForLog(worker, 'metrics listening on /metrics, /healthz, /readyz', 1_200_000);
    const startSeconds = (performance.now() - s0) / 1000;
    console.log(`worker started in ${Math.round(startSeconds)} s`);
    // the first refresh has ended, one way or the other
    const first = await waitFor(async () => {
      const { text } = await scrape(port);
      return (value(text, 'queue_metrics_last_success_timestamp_seconds') > 0 || value(text, 'queue_metrics_refresh_failures_total{reason="timeout"}') > 0) && text;
    }, 600_000, 'the first refresh');
    const sequential: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 50; i++) {
      const s = await scrape(port);
      sequential.push(s.ms);
      bytes = s.text.length;
    }
    const c0 = performance.now();
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => scrape(port)));
    const concurrentWallMs = performance.now() - c0;
    const last = concurrent[0]!.text;
    report('metrics-scrape', {
      finished_jobs: JOBS,
      job_counts: counts,
      fill_seconds: round(fillSeconds),
      scrape_ms_p50: round(percentile(sequential, 50)),
      scrape_ms_p99: round(percentile(sequential, 99)),
      scrape_ms_max: round(Math.max(...sequential)),
      scrape_bytes: bytes,
      twenty_concurrent_scrapes_wall_ms: round(concurrentWallMs),
      twenty_concurrent_scrapes_slowest_ms: round(Math.max(...concurrent.map((c) => c.ms))),
      refresh_timeout_seconds: Number(TIMEOUT_SECONDS),
      first_refresh_succeeded: value(first, 'queue_metrics_last_success_timestamp_seconds') > 0,
      refresh_duration_seconds: value(last, 'queue_metrics_refresh_duration_seconds'),
      refresh_failures: { timeout: value(last, 'queue_metrics_refresh_failures_total{reason="timeout"}'), error: value(last, 'queue_metrics_refresh_failures_total{reason="error"}') },
      mongodb_up: value(last, 'mongodb_up'),
      old_scrape_aggregations_ms: round(aggregationsMs),
      worker_start_seconds: round(startSeconds),
    });
  } finally {
    worker.child.kill('SIGTERM');
    await worker.exited;
  }
} finally {
  await mongo.close();
}
process.exit(0);
