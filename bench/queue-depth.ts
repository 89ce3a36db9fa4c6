/**
 * Queue depth: the cost of taking the next job (the lock step's findOneAndUpdate) with 1,000, 100,000 and
 * 1,000,000 jobs in the collection (90 % finished, 10 % waiting), median over 50, 20 and 5 takes; and the plan the
 * server chose for the lock query (explain), where the server supports explain.
 */
import { ObjectId, type Db } from 'mongodb';
import { percentile, report, round } from './lib/report.ts';
import { startTestMongo } from './lib/queue-harness.ts';
import { ServerClock } from '../src/queue/server-clock.ts';
import { HeldLocks } from '../src/queue/held-locks.ts';
import { FairJobRepository } from '../src/queue/fair-job-repository.ts';
import { JOBS_COLLECTION } from '../src/queue/queue-backend.ts';
import { ensureQueueIndexes } from '../src/queue/ensure-queue-indexes.ts';

const SIZES = (process.env.BENCH_DEPTHS ?? '1000,100000,1000000').split(',').map(Number);
/** fewer takes on big collections when the server scans them (mongo-java-server has no query planner) */
const takesFor = (n: number) => (n >= 1_000_000 ? 5 : n >= 100_000 ? 20 : 50);

async function fill(db: Db, n: number): Promise<void> {
  const col = db.collection(JOBS_COLLECTION);
  const now = Date.now();
  for (let start = 0; start < n; start += 10_000) {
    const batch = [];
    for (let i = start; i < Math.min(n, start + 10_000); i++) {
      const waiting = i % 10 === 0;
      batch.push({
        _id: new ObjectId(),
        name: 'splits',
        data: { dataset: `bench/d${i % 5000}` },
        type: 'normal',
        priority: 0,
        nextRunAt: waiting ? new Date(now - 60_000 + (i % 1000)) : null,
        lastModifiedBy: null,
        lockedAt: null,
        ...(waiting ? {} : { lastRunAt: new Date(now - 120_000), lastFinishedAt: new Date(now - 110_000) }),
      });
    }
    await col.insertMany(batch, { ordered: false });
  }
}

const mongo = await startTestMongo();
const results: Record<string, unknown>[] = [];
try {
  for (const n of SIZES) {
    const db = mongo.client.db(mongo.names().queue);
    const t0 = performance.now();
    await fill(db, n);
    const fillSeconds = (performance.now() - t0) / 1000;
    const clock = new ServerClock(db);
    await clock.sync();
    const repo = new FairJobRepository(
      { mongo: db, db: { collection: JOBS_COLLECTION } },
      {
        name: 'splits',
        workerId: 'bench',
        clock,
        held: new HeldLocks(),
        leaseMs: 600_000,
        maxDurationMs: 1_200_000,
        canLock: () => true,
        groupOf: () => undefined,
        datasetLimit: () => undefined,
        onDatasetBusy: () => {},
        onMalformedJob: () => {},
        onSquattedSlotsFreed: () => {},
        recoverExpired: async () => {},
        recoverEveryMs: 60_000,
      },
    );
    await ensureQueueIndexes(db);
    await repo.connect();
    const times: number[] = [];
    for (let i = 0; i < takesFor(n); i++) {
      const s = performance.now();
      const job = await repo.getNextJobToRun('splits', new Date(), new Date(Date.now() - 600_000), undefined, undefined);
      times.push(performance.now() - s);
      if (!job) throw new Error('no job to take');
    }
    let plan: unknown;
    try {
      const explained = (await db
        .collection(JOBS_COLLECTION)
        .find({ name: 'splits', disabled: { $ne: true }, lockedAt: null, nextRunAt: { $lte: new Date() } })
        .sort({ nextRunAt: 1, priority: -1 })
        .limit(1)
        .explain()) as { queryPlanner?: { winningPlan?: unknown } };
      plan = explained.queryPlanner?.winningPlan ?? explained;
    } catch (err) {
      plan = `explain not supported by this server: ${(err as Error).message.split('\n')[0]}`;
    }
    results.push({
      jobs: n,
      fill_seconds: round(fillSeconds),
      take_median_ms: round(percentile(times, 50), 2),
      take_p90_ms: round(percentile(times, 90), 2),
      plan,
    });
    console.log(JSON.stringify(results.at(-1)));
    await db.dropDatabase();
  }
} finally {
  await mongo.close();
}
const first = results[0] as { take_median_ms: number };
const last = results.at(-1) as { take_median_ms: number; jobs: number };
report('queue-depth', {
  target: 'take-next cost at 1,000,000 jobs <= 2x the cost at 1,000',
  results,
  ratio_largest_to_smallest: round(last.take_median_ms / first.take_median_ms, 2),
});
