import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ObjectId, type Db } from 'mongodb';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, waitFor, waitForLog, workerEnv, type WorkerHandle } from '../helpers/workers.ts';
import { maxOverlap, maxOverlapPerDataset, readRecords } from '../helpers/records.ts';
import { countJobsByState } from '../../src/queue/count-jobs-by-state.ts';
import { supersedeWaitingJobs } from '../../src/queue/supersede-waiting-jobs.ts';

let mongo: TestMongo;
let tmp: string;
before(async () => {
  mongo = await startTestMongo();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'splits-sched-'));
});
after(async () => {
  await mongo.close();
});

const env = (names: { queue: string; cache: string }, extra: Record<string, string> = {}) => workerEnv(mongo, names, extra);

async function stopAll(workers: WorkerHandle[]) {
  for (const w of workers) w.child.kill('SIGTERM');
  return Promise.all(workers.map((w) => w.exited));
}

/** Waits until `total` splits jobs are finished, and returns the most jobs it saw locked at once meanwhile. */
async function finishSamplingLocks(queueDb: Db, total: number): Promise<number> {
  const jobs = queueDb.collection('agendaJobs');
  let maxLocked = 0;
  await waitFor(
    async () => {
      maxLocked = Math.max(maxLocked, await jobs.countDocuments({ name: 'splits', lockedAt: { $ne: null } }));
      return (await jobs.countDocuments({ name: 'splits', lastFinishedAt: { $ne: null }, lockedAt: null })) === total;
    },
    30_000,
    'all jobs done',
  );
  return maxLocked;
}

describe('scheduling across worker processes', () => {
  for (const limit of [1, 2])
    it(`never runs more than MAX_JOBS_PER_DATASET=${limit} jobs of one dataset at once, over 3 processes and 250 jobs, and each job ends exactly once`, async () => {
      const names = mongo.names();
      const record = path.join(tmp, `overlap-${limit}.jsonl`);
      const workers = [0, 1, 2].map(() =>
        spawnWorker(env(names, { MAX_JOBS_PER_DATASET: String(limit), WORKER_CONCURRENCY: '3', TEST_COMPUTE: JSON.stringify({ sleepMs: 25, record }) })),
      );
      try {
        for (const w of workers) await waitForLog(w, 'worker started');
        const agenda = await producer(mongo.client, names.queue);
        const datasets = ['org/a', 'org/b', 'org/c', 'org/d', 'org/e'];
        const total = 250;
        // Enqueued while the workers run, so that jobs of a dataset keep arriving during its computations.
        for (let i = 0; i < total; i++) {
          await agenda.now('splits', { dataset: datasets[i % datasets.length]! });
          if (i % 10 === 9) await new Promise((r) => setTimeout(r, 15));
        }
        const jobs = mongo.client.db(names.queue).collection('agendaJobs');
        await waitFor(
          async () => (await jobs.countDocuments({ name: 'splits', lastFinishedAt: { $ne: null }, nextRunAt: null, lockedAt: null })) === total,
          120_000,
          'every job finished',
        );
        const records = readRecords(record);
        const overlap = maxOverlapPerDataset(records);
        const maxOverlap = Math.max(...overlap.values());
        const starts = records.filter((r) => r.event === 'start');
        const superseded = await jobs.countDocuments({ supersededBy: { $exists: true } });
        console.log(
          `# limit ${limit}: max overlap per dataset ${JSON.stringify(Object.fromEntries(overlap))}; ${starts.length} computations, ${superseded} jobs answered by a concurrent computation, ${total} jobs`,
        );
        assert.ok(maxOverlap <= limit, `overlap ${maxOverlap} exceeds the limit ${limit}`);
        assert.ok(maxOverlap >= 1);
        // exactly once: each job either ran one computation or was answered by another, never both, never twice
        const runs = new Map<string, number>();
        for (const s of starts) runs.set(s.jobId, (runs.get(s.jobId) ?? 0) + 1);
        assert.ok(
          [...runs.values()].every((n) => n === 1),
          'no job computed twice',
        );
        const supersededIds = new Set((await jobs.find({ supersededBy: { $exists: true } }).toArray()).map((j) => j._id.toHexString()));
        for (const id of runs.keys()) assert.ok(!supersededIds.has(id), `job ${id} both ran and was superseded`);
        assert.equal(runs.size + supersededIds.size, total, 'every job accounted for');
        const counts = await countJobsByState(mongo.client.db(names.queue));
        assert.deepEqual(counts, { waiting: 0, started: 0, success: runs.size, skipped: 0, superseded: supersededIds.size, error: 0 });
      } finally {
        assert.deepEqual(await stopAll(workers), [0, 0, 0]);
      }
    });

  it('runs another dataset instead of idling when a dataset is at its limit', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'fair.jsonl');
    const w = spawnWorker(
      env(names, { LOG_LEVEL: 'DEBUG', MAX_JOBS_PER_DATASET: '1', WORKER_CONCURRENCY: '2', TEST_COMPUTE: JSON.stringify({ sleepMs: 1500, record }) }),
    );
    try {
      await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      await agenda.now('splits', { dataset: 'org/a' });
      await waitFor(async () => readRecords(record).length > 0, 10_000, 'first job of a');
      // a second job of A arrives while A runs, then one of B: B must not wait behind A's second job
      await agenda.now('splits', { dataset: 'org/a' });
      await new Promise((r) => setTimeout(r, 100));
      await agenda.now('splits', { dataset: 'org/b' });
      await waitFor(async () => readRecords(record).filter((r) => r.event === 'end').length === 3, 20_000, 'three computations');
      const recs = readRecords(record);
      const firstAEnd = recs.find((r) => r.dataset === 'org/a' && r.event === 'end')!;
      const bStart = recs.find((r) => r.dataset === 'org/b' && r.event === 'start')!;
      const aStarts = recs.filter((r) => r.dataset === 'org/a' && r.event === 'start');
      assert.ok(bStart.t < firstAEnd.t, 'B started while A held its only slot');
      assert.ok(aStarts[1]!.t >= firstAEnd.t, "A's second job waited for the first");
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });

  it('runs a job enqueued while its dataset is being computed after it, and answers several waiting jobs with one computation', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'dupes.jsonl');
    const agenda = await producer(mongo.client, names.queue);
    for (let i = 0; i < 5; i++) await agenda.now('splits', { dataset: 'org/dup' });
    const w = spawnWorker(env(names, { TEST_COMPUTE: JSON.stringify({ sleepMs: 800, record }) }));
    try {
      await waitFor(async () => readRecords(record).length > 0, 20_000, 'computation started');
      await agenda.now('splits', { dataset: 'org/dup' });
      await waitFor(async () => readRecords(record).filter((r) => r.event === 'end').length === 2, 20_000, 'second computation');
      await new Promise((r) => setTimeout(r, 500));
      const starts = readRecords(record).filter((r) => r.event === 'start');
      assert.equal(starts.length, 2, 'five waiting jobs: one computation; the late one: a second');
      const jobs = mongo.client.db(names.queue).collection('agendaJobs');
      assert.equal(await jobs.countDocuments({ supersededBy: { $exists: true } }), 4);
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });

  it('answers the waiting jobs of a dataset that lie beyond the batch of due jobs the lock step reads', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'beyond.jsonl');
    const agenda = await producer(mongo.client, names.queue);
    // 100 datasets, then one more job of org/d0: far behind the first batch of due jobs (64).
    for (let i = 0; i < 100; i++) await agenda.now('splits', { dataset: `org/d${i}` });
    await agenda.now('splits', { dataset: 'org/d0' });
    const w = spawnWorker(env(names, { TEST_COMPUTE: JSON.stringify({ record }) }));
    try {
      await waitFor(
        async () => {
          const c = await countJobsByState(mongo.client.db(names.queue), 'splits');
          return c.waiting === 0 && c.started === 0 && c.success + c.superseded === 101;
        },
        30_000,
        'every job done',
      );
      const starts = readRecords(record).filter((r) => r.event === 'start');
      assert.equal(starts.filter((r) => r.dataset === 'org/d0').length, 1, "org/d0's two jobs answered by one computation");
      assert.equal(starts.length, 100);
      const superseded = await mongo.client
        .db(names.queue)
        .collection('agendaJobs')
        .find({ supersededBy: { $exists: true } })
        .toArray();
      assert.deepEqual(
        superseded.map((j) => (j.data as { dataset: string }).dataset),
        ['org/d0'],
      );
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });

  it('never answers a waiting job that ran before with another run: it runs again itself, to finish what its earlier run may have half done', async () => {
    const names = mongo.names();
    const jobs = mongo.client.db(names.queue).collection('agendaJobs');
    const at = new Date();
    const waiting = { name: 'splits', data: { dataset: 'org/again' }, lockedAt: null, nextRunAt: new Date(at.getTime() - 1000) };
    const { insertedIds } = await jobs.insertMany([
      { ...waiting, lastRunAt: null },
      { ...waiting, lastRunAt: new Date(at.getTime() - 5000), attempts: 1 },
    ]);
    assert.equal(await supersedeWaitingJobs(jobs, { name: 'splits', group: 'org/again', byJobId: 'the running job', at }), 1);
    assert.equal((await jobs.findOne({ _id: insertedIds[0] }))?.supersededBy, 'the running job');
    const rerun = await jobs.findOne({ _id: insertedIds[1] });
    assert.equal(rerun?.supersededBy, undefined, 'the job that ran before still waits');
    assert.ok(rerun?.nextRunAt);
  });

  it('computes at most WORKER_CONCURRENCY jobs at once, and locks the next one only when a computation is over', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'greedy.jsonl');
    const agenda = await producer(mongo.client, names.queue);
    for (let i = 0; i < 12; i++) await agenda.now('splits', { dataset: `org/g${i}` });
    const w = spawnWorker(env(names, { WORKER_CONCURRENCY: '2', TEST_COMPUTE: JSON.stringify({ sleepMs: 150, record }) }));
    try {
      const maxLocked = await finishSamplingLocks(mongo.client.db(names.queue), 12);
      // Stock Agenda would lock all 12 at once; this worker takes a job for each place freed by a computation
      // that is over (its answer and end still being written): at most twice its concurrency.
      assert.ok(maxLocked <= 4, `locked ${maxLocked} jobs at once with concurrency 2`);
      assert.ok(maxLocked >= 1);
      const records = readRecords(record);
      assert.equal(records.filter((r) => r.event === 'end').length, 12);
      assert.ok(maxOverlap(records) <= 2, `${maxOverlap(records)} computations at once with concurrency 2`);
      assert.equal(maxOverlap(records), 2, 'two computations at once: the concurrency is used');
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });

  it('gives the place of a run that is writing its answer to the next job, and still computes one job at a time', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'handover.jsonl');
    const agenda = await producer(mongo.client, names.queue);
    for (let i = 0; i < 3; i++) await agenda.now('splits', { dataset: `org/h${i}` });
    // Each computation takes 200 ms, and its cache write is sent 1.5 s later (a slow MongoDB, a large answer).
    const w = spawnWorker(env(names, { WORKER_CONCURRENCY: '1', TEST_COMPUTE: JSON.stringify({ sleepMs: 200, slowCacheWriteMs: 1500, record }) }));
    try {
      const jobs = mongo.client.db(names.queue).collection('agendaJobs');
      const maxLocked = await finishSamplingLocks(mongo.client.db(names.queue), 3);
      const records = readRecords(record);
      assert.equal(maxOverlap(records), 1, 'one computation at a time with WORKER_CONCURRENCY=1');
      assert.ok(maxLocked <= 2, `locked ${maxLocked} jobs at once with concurrency 1`);
      // Each job's computation started while the job before it was still writing: the worker did not sit idle.
      const starts = records.filter((r) => r.event === 'start').sort((a, b) => a.t - b.t);
      assert.equal(starts.length, 3);
      for (let i = 1; i < starts.length; i++) {
        const previous = await jobs.findOne({ _id: new ObjectId(starts[i - 1]!.jobId) });
        const finishedAt = (previous?.lastFinishedAt as Date).getTime();
        assert.ok(starts[i]!.t < finishedAt, `computation ${i + 1} started ${starts[i]!.t - finishedAt} ms after the previous job finished`);
      }
      assert.deepEqual(await countJobsByState(mongo.client.db(names.queue)), { waiting: 0, started: 0, success: 3, skipped: 0, superseded: 0, error: 0 });
    } finally {
      await stopAll([w]);
    }
  });

  it('on SIGTERM while one run writes its answer and the next computes, finishes both and starts no other', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'handover-stop.jsonl');
    const agenda = await producer(mongo.client, names.queue);
    for (let i = 0; i < 3; i++) await agenda.now('splits', { dataset: `org/s${i}` });
    const w = spawnWorker(env(names, { WORKER_CONCURRENCY: '1', TEST_COMPUTE: JSON.stringify({ sleepMs: 300, slowCacheWriteMs: 1500, record }) }));
    await waitFor(async () => readRecords(record).filter((r) => r.event === 'start').length === 2, 20_000, 'the second computation started');
    w.child.kill('SIGTERM');
    assert.equal(await w.exited, 0);
    assert.equal(readRecords(record).filter((r) => r.event === 'start').length, 2, 'no third job taken');
    assert.deepEqual(await countJobsByState(mongo.client.db(names.queue)), { waiting: 1, started: 0, success: 2, skipped: 0, superseded: 0, error: 0 });
    const third = await mongo.client
      .db(names.queue)
      .collection('agendaJobs')
      .findOne({ 'data.dataset': { $nin: readRecords(record).map((r) => r.dataset) } });
    assert.ok(third && !third.attempts, 'the job left waiting spent no attempt');
    assert.match(w.logs(), /"finished":2,"interrupted":0/);
  });

  it('looks for the next job right after one finishes, and sleeps WORKER_SLEEP_SECONDS only when idle', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'sleep.jsonl');
    const agenda = await producer(mongo.client, names.queue);
    for (let i = 0; i < 4; i++) await agenda.now('splits', { dataset: `org/s${i}` });
    const w = spawnWorker(env(names, { WORKER_SLEEP_SECONDS: '5', TEST_COMPUTE: JSON.stringify({ sleepMs: 100, record }) }));
    try {
      await waitFor(async () => readRecords(record).filter((r) => r.event === 'end').length === 4, 30_000, 'four jobs');
      const recs = readRecords(record);
      const gaps = [];
      for (let i = 1; i < recs.length; i += 2) if (recs[i + 1]) gaps.push(recs[i + 1]!.t - recs[i]!.t);
      assert.equal(gaps.length, 3);
      // with a 5 s polling sleep, back-to-back jobs prove the worker did not sleep between them
      assert.ok(
        gaps.every((g) => g < 2500),
        `gaps between jobs: ${gaps.join(', ')} ms`,
      );
      // idle: a job enqueued now waits for the next poll (up to 5 s), not forever
      const t0 = Date.now();
      await agenda.now('splits', { dataset: 'org/late' });
      await waitFor(async () => readRecords(record).some((r) => r.dataset === 'org/late'), 15_000, 'idle pick-up');
      console.log(`# gaps between back-to-back jobs: ${gaps.join(', ')} ms; idle pick-up after ${Date.now() - t0} ms with a 5 s sleep`);
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });

  it('starts no job while load or memory is over its limit, loses none, and resumes when they drop', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'preflight.jsonl');
    const readings = path.join(tmp, 'readings.json');
    writeFileSync(readings, JSON.stringify({ load_pct: 95, memory_pct: 10 }));
    const w = spawnWorker(env(names, { MAX_LOAD_PCT: '70', MAX_MEMORY_PCT: '80', MACHINE_READINGS_FILE: readings, TEST_COMPUTE: JSON.stringify({ record }) }));
    try {
      await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      for (let i = 0; i < 3; i++) await agenda.now('splits', { dataset: `org/p${i}` });
      await waitForLog(w, 'machine over its limit (MAX_LOAD_PCT / MAX_MEMORY_PCT): no job starts until it drops');
      assert.match(w.logs(), /"reason":"load"/);
      await new Promise((r) => setTimeout(r, 800));
      writeFileSync(readings, JSON.stringify({ load_pct: 10, memory_pct: 80 }));
      await waitFor(async () => w.logs().includes('"reason":"memory"'), 10_000, 'memory deferral');
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(readRecords(record).length, 0, 'no job started');
      const queueDb = mongo.client.db(names.queue);
      assert.deepEqual(
        await countJobsByState(queueDb),
        { waiting: 3, started: 0, success: 0, skipped: 0, superseded: 0, error: 0 },
        'jobs stay waiting, unlocked',
      );
      writeFileSync(readings, JSON.stringify({ load_pct: 69.9, memory_pct: 79.9 }));
      await waitFor(async () => (await countJobsByState(queueDb)).success === 3, 20_000, 'jobs run once under the limits');
      assert.match(w.logs(), /machine back under its limits/);
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });
});
