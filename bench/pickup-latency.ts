/**
 * Pick-up latency: with an idle worker and WORKER_SLEEP_SECONDS=1, the time from `agenda.now` to the
 * handler's start, p50 and p99 over 200 jobs enqueued one after the other (each once the previous ran).
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile, report, round } from './lib/report.ts';
import { producer, startTestMongo, startWorkers, stopWorkers } from './lib/queue-harness.ts';

const JOBS = Number(process.env.BENCH_JOBS ?? 200);
const mongo = await startTestMongo();
const record = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-pickup-')), 'record.jsonl');
const latencies: number[] = [];
try {
  const names = mongo.names();
  const agenda = await producer(mongo.client, names.queue);
  const workers = await startWorkers(1, {
    MONGO_URL: mongo.url,
    MONGO_QUEUE_DATABASE: names.queue,
    MONGO_CACHE_DATABASE: names.cache,
    WORKER_SLEEP_SECONDS: '1',
    BENCH_RECORD: record,
  });
  const startsOf = () =>
    existsSync(record)
      ? readFileSync(record, 'utf8')
          .split('\n')
          .filter((l) => l.includes('"start"'))
          .map((l) => JSON.parse(l) as { dataset: string; t: number })
      : [];
  for (let i = 0; i < JOBS; i++) {
    const dataset = `bench/p${i}`;
    // a random pause over a whole polling period, so that enqueues do not fall in step with the polls
    await new Promise((r) => setTimeout(r, Math.random() * 1000));
    const t0 = Date.now();
    await agenda.now('splits', { dataset });
    let start: { t: number } | undefined;
    while (!(start = startsOf().find((s) => s.dataset === dataset))) await new Promise((r) => setTimeout(r, 5));
    latencies.push(start.t - t0);
  }
  await stopWorkers(workers);
} finally {
  await mongo.close();
}
report('pickup-latency', {
  worker_sleep_seconds: 1,
  jobs: JOBS,
  p50_ms: percentile(latencies, 50),
  p99_ms: percentile(latencies, 99),
  max_ms: Math.max(...latencies),
  mean_ms: round(latencies.reduce((a, b) => a + b, 0) / latencies.length),
});
