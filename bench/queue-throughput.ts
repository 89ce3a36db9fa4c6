/**
 * Queue throughput: 5,000 jobs whose computation does nothing, over 500 datasets, with 1, 2 and 4 worker
 * processes (WORKER_CONCURRENCY=1 each, MAX_JOBS_PER_DATASET=1): jobs per second, and the database commands
 * per job counted with the driver's command monitoring (queue database, and all databases).
 */
import { report, round } from './lib/report.ts';
import { producer, startTestMongo, startWorkers, stopWorkers, waitUntilAllDone } from './lib/queue-harness.ts';

const JOBS = Number(process.env.BENCH_JOBS ?? 5000);
const DATASETS = 500;

const mongo = await startTestMongo();
const runs: Record<string, unknown>[] = [];
try {
  for (const processes of [1, 2, 4]) {
    const names = mongo.names();
    const agenda = await producer(mongo.client, names.queue);
    // enqueued while the workers run, in the order other services would: dataset by dataset, round robin
    const workers = await startWorkers(processes, {
      MONGO_URL: mongo.url,
      MONGO_QUEUE_DATABASE: names.queue,
      MONGO_CACHE_DATABASE: names.cache,
      WORKER_SLEEP_SECONDS: '0.5',
    });
    const t0 = performance.now();
    for (let i = 0; i < JOBS; i++) await agenda.now('splits', { dataset: `bench/d${i % DATASETS}` });
    const enqueuedMs = performance.now() - t0;
    await waitUntilAllDone(mongo.client.db(names.queue), JOBS);
    const seconds = (performance.now() - t0) / 1000;
    const stats = await stopWorkers(workers);
    const jobs = mongo.client.db(names.queue).collection('agendaJobs');
    const superseded = await jobs.countDocuments({ supersededBy: { $exists: true } });
    const computed = JOBS - superseded;
    const queueCommands = stats.byDb[names.queue] ?? 0;
    const allCommands = Object.values(stats.byDb).reduce((a, b) => a + b, 0);
    runs.push({
      processes,
      jobs: JOBS,
      computed,
      superseded,
      seconds: round(seconds, 2),
      enqueue_seconds: round(enqueuedMs / 1000, 2),
      jobs_per_second: round(JOBS / seconds),
      queue_commands_per_computed_job: round(queueCommands / computed, 2),
      all_commands_per_computed_job: round(allCommands / computed, 2),
      queue_commands_per_job: round(queueCommands / JOBS, 2),
      commands: stats.byCommand,
    });
    console.log(JSON.stringify(runs.at(-1)));
  }
} finally {
  await mongo.close();
}
report('queue-throughput', { target: 'database operations per job <= 6', runs });
