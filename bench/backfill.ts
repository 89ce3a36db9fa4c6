/**
 * Backfill of unchanged datasets: `BENCH_BACKFILL_DATASETS` (default 200; the figure is 1,000) datasets of
 * 10 parquet files each on the local Hub (its own process), one built worker (dist/src/main.js). A first pass
 * computes them all; then, `BENCH_REPS` times (default 2), one job per dataset twice, interleaved (the order swaps
 * each repetition): plain jobs, which end `skipped` once the Hub says the revision is the cached one, and forced
 * jobs (`force: true`, what every job did on main before the revision skip), which compute again. For each pass:
 * Hub requests per job (counted by the Hub) and wall time.
 */
import { existsSync, linkSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { median, report, round } from './lib/report.ts';
import { DATA_DIR, startHubProcess } from './lib/splits-harness.ts';
import { countJobsByState, producer, startTestMongo } from './lib/queue-harness.ts';
import { BUILT_WORKER, spawnWorker, waitForLog, workerEnv } from '../test/helpers/workers.ts';

const DATASETS = Number(process.env.BENCH_BACKFILL_DATASETS ?? 200);
const FILES = 10;
const REPS = Number(process.env.BENCH_REPS ?? 2);
const repos = path.join(DATA_DIR, `backfill-${DATASETS}`);
const name = (i: number) => `bench/backfill-${String(i).padStart(5, '0')}`;

if (!existsSync(path.join(repos, '.done'))) {
  const ids = Array.from({ length: 1000 }, (_, i) => i);
  const first = path.join(repos, 'part.parquet');
  mkdirSync(repos, { recursive: true });
  writeFileSync(
    first,
    new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'id', data: ids, type: 'INT32' },
          { name: 'text', data: ids.map((i) => `row ${i}`), type: 'STRING' },
        ],
      }),
    ),
  );
  for (let d = 0; d < DATASETS; d++) {
    const dir = path.join(repos, name(d));
    mkdirSync(path.join(dir, 'data'), { recursive: true });
    for (let f = 0; f < FILES; f++) linkSync(first, path.join(dir, `data/train-${String(f).padStart(5, '0')}-of-${String(FILES).padStart(5, '0')}.parquet`));
    writeFileSync(path.join(dir, '.hub-repo.json'), JSON.stringify({ sha: (d.toString(16).padStart(8, '0') + 'a'.repeat(32)).slice(0, 40) }));
  }
  writeFileSync(path.join(repos, '.done'), '');
}

const hub = await startHubProcess(repos);
const mongo = await startTestMongo();
const names = mongo.names();
const worker = spawnWorker(
  workerEnv(mongo, names, { HF_ENDPOINT: hub.url, HF_DATASETS_CACHE: mkdtempSync(path.join(os.tmpdir(), 'bench-hf-')), WORKER_SLEEP_SECONDS: '0.05' }),
  BUILT_WORKER,
);
const queueDb = mongo.client.db(names.queue);
let enqueued = 0;

/** One job per dataset; waits until every job of the queue has ended. Hub requests and seconds of the pass. */
async function pass(
  force: boolean,
): Promise<{ seconds: number; hub_requests: number; hub_requests_per_job: number; skipped: number; by_endpoint: Record<string, number> }> {
  await fetch(`${hub.url}/__hub/stats`, { method: 'DELETE' });
  const before = await countJobsByState(queueDb, 'splits');
  const agenda = await producer(mongo.client, names.queue);
  const t0 = performance.now();
  for (let d = 0; d < DATASETS; d++) await agenda.now('splits', force ? { dataset: name(d), force: true } : { dataset: name(d) });
  enqueued += DATASETS;
  for (;;) {
    const c = await countJobsByState(queueDb, 'splits');
    if (c.waiting === 0 && c.started === 0 && c.success + c.skipped + c.error + c.superseded >= enqueued) {
      const seconds = (performance.now() - t0) / 1000;
      const stats = (await (await fetch(`${hub.url}/__hub/stats`)).json()) as { requests: number; byEndpoint: Record<string, number> };
      if (c.error > before.error) throw new Error(`${c.error - before.error} jobs failed: ${worker.logs().slice(-2000)}`);
      return {
        seconds: round(seconds, 2),
        hub_requests: stats.requests,
        hub_requests_per_job: round(stats.requests / DATASETS, 2),
        skipped: c.skipped - before.skipped,
        by_endpoint: stats.byEndpoint,
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

try {
  await waitForLog(worker, 'worker started');
  const first = await pass(false);
  console.log(JSON.stringify({ first_pass: first }));
  const runs: ({ case: string; rep: number; load1: number } & Awaited<ReturnType<typeof pass>>)[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    for (const force of rep % 2 === 0 ? [false, true] : [true, false]) {
      const load1 = round(os.loadavg()[0]!, 2);
      runs.push({ case: force ? 'forced (main before revision skip)' : 'revision skip', rep, load1, ...(await pass(force)) });
      console.log(JSON.stringify(runs.at(-1)));
    }
  }
  const summary = (label: string) => {
    const rs = runs.filter((r) => r.case === label);
    return {
      median_seconds: median(rs.map((r) => r.seconds)),
      hub_requests_per_job: median(rs.map((r) => r.hub_requests_per_job)),
      skipped_per_pass: median(rs.map((r) => r.skipped)),
    };
  };
  const skip = summary('revision skip');
  const forced = summary('forced (main before revision skip)');
  report('backfill', {
    target: '1 Hub request per job of an unchanged dataset',
    datasets: DATASETS,
    files_per_dataset: FILES,
    first_pass: first,
    revision_skip: skip,
    forced,
    forced_seconds_over_skip_seconds: round(forced.median_seconds / skip.median_seconds, 2),
    runs,
  });
} finally {
  worker.child.kill('SIGTERM');
  await worker.exited;
  hub.child.kill();
  await mongo.close();
}
