/**
 * Fair scheduling across namespaces (docs/queue.md#fair-scheduling): among due jobs the highest priority goes
 * first, then the namespace (the user or organization before the `/`) with the fewest running jobs across every
 * worker process, then the oldest; MAX_JOBS_PER_NAMESPACE caps a namespace's running jobs across every process.
 * Real worker processes (dist/), jobs enqueued by a plain `agenda.now('splits', { dataset })`, and every claim read
 * from the computations' own records (each computation appends its start and end, with its process and time).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { agendaDueJobs, producer, spawnWorker, waitFor, waitForLog, workerEnv, type WorkerHandle } from '../helpers/workers.ts';
import { maxOverlap, readRecords, type RecordLine } from '../helpers/records.ts';
import { countJobsByState } from '../../src/queue/count-jobs-by-state.ts';

let mongo: TestMongo;
let tmp: string;
before(async () => {
  mongo = await startTestMongo();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'splits-fairness-'));
});
after(async () => {
  await mongo.close();
  rmSync(tmp, { recursive: true, force: true });
});

const namespaceOf = (dataset: string) => dataset.split('/')[0]!;

async function stopAll(workers: WorkerHandle[]): Promise<(number | null)[]> {
  for (const w of workers) w.child.kill('SIGTERM');
  return Promise.all(workers.map((w) => w.exited));
}

/** The largest number of computations of one namespace that ran at the same time, per namespace. */
function maxOverlapPerNamespace(records: RecordLine[]): Map<string, number> {
  const by = new Map<string, RecordLine[]>();
  for (const r of records) by.set(namespaceOf(r.dataset), [...(by.get(namespaceOf(r.dataset)) ?? []), r]);
  return new Map([...by].map(([ns, list]) => [ns, maxOverlap(list)]));
}

describe('fair scheduling across namespaces', () => {
  it("starts two other users' jobs before most of a flood of one user's jobs, over 3 processes", async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'flood.jsonl');
    const jobs = mongo.client.db(names.queue).collection('agendaJobs');
    const FLOOD = 240;
    // the flood is in the queue before the workers start: every batch the workers read is full of it
    await jobs.insertMany(agendaDueJobs(FLOOD, { dataset: (i) => `flood-org/ds-${String(i).padStart(4, '0')}`, firstDueAt: Date.now() - 60_000 }));
    const workers = [0, 1, 2].map(() =>
      spawnWorker(workerEnv(mongo, names, { WORKER_CONCURRENCY: '1', TEST_COMPUTE: JSON.stringify({ sleepMs: 150, record }) })),
    );
    try {
      for (const w of workers) await waitForLog(w, 'worker started');
      await waitFor(async () => readRecords(record).filter((r) => r.event === 'start').length >= 6, 30_000, 'the flood running');
      const agenda = await producer(mongo.client, names.queue);
      const others = ['bob/one', 'bob/two', 'carol/one', 'carol/two'];
      for (const dataset of others) await agenda.now('splits', { dataset });
      const enqueuedAt = Date.now();
      const floodLeft = await jobs.countDocuments({ name: 'splits', 'data.dataset': /^flood-org\//, lockedAt: null, nextRunAt: { $ne: null } });
      await waitFor(
        async () => others.every((d) => readRecords(record).some((r) => r.event === 'end' && r.dataset === d)),
        120_000,
        "bob's and carol's jobs computed",
      );
      await agenda.stop();
      const starts = readRecords(record).filter((r) => r.event === 'start');
      const lastOther = Math.max(...starts.filter((r) => others.includes(r.dataset)).map((r) => r.t));
      const floodStartedMeanwhile = starts.filter((r) => r.dataset.startsWith('flood-org/') && r.t > enqueuedAt && r.t < lastOther).length;
      console.log(`# ${floodLeft} flood jobs waiting when bob and carol enqueued; ${floodStartedMeanwhile} of them started before their last job did`);
      // oldest first, bob's and carol's jobs would wait for every flood job still waiting
      assert.ok(floodLeft >= 150, `the flood still waited (${floodLeft} jobs)`);
      assert.ok(
        floodStartedMeanwhile < floodLeft / 3,
        `${floodStartedMeanwhile} of ${floodLeft} waiting flood jobs started before bob's and carol's last one (records: ${JSON.stringify(starts.filter((r) => others.includes(r.dataset)))})`,
      );
    } finally {
      assert.deepEqual(await stopAll(workers), [0, 0, 0]);
    }
  });

  it('never runs more than MAX_JOBS_PER_NAMESPACE=2 jobs of one namespace at once over 3 processes, runs other namespaces meanwhile, and ends every job once', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'cap.jsonl');
    const workers = [0, 1, 2].map(() =>
      spawnWorker(
        workerEnv(mongo, names, {
          MAX_JOBS_PER_NAMESPACE: '2',
          MAX_JOBS_PER_DATASET: '0',
          WORKER_CONCURRENCY: '3',
          TEST_COMPUTE: JSON.stringify({ sleepMs: 60, record }),
        }),
      ),
    );
    try {
      for (const w of workers) await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      const datasets = [...Array.from({ length: 12 }, (_, i) => `big-org/ds-${i}`), 'solo', 'bob/a', 'bob/b', 'carol/x'];
      const total = 160;
      for (let i = 0; i < total; i++) await agenda.now('splits', { dataset: datasets[i % datasets.length]! });
      await agenda.stop();
      const queueDb = mongo.client.db(names.queue);
      await waitFor(async () => (await countJobsByState(queueDb)).waiting + (await countJobsByState(queueDb)).started === 0, 120_000, 'every job ended');
      const records = readRecords(record);
      const perNamespace = maxOverlapPerNamespace(records);
      console.log(`# most computations at once per namespace: ${JSON.stringify(Object.fromEntries(perNamespace))}; overall ${maxOverlap(records)}`);
      for (const [ns, n] of perNamespace) assert.ok(n <= 2, `namespace ${ns} ran ${n} computations at once`);
      assert.equal(perNamespace.get('big-org'), 2, 'the namespace with 12 datasets reached its limit (the check can see an overlap)');
      assert.ok(maxOverlap(records) >= 3, 'other namespaces ran beside a namespace at its limit');
      // each job ended exactly once: computed once, or answered by a computation of its dataset
      const counts = await countJobsByState(queueDb);
      assert.equal(counts.error, 0);
      assert.equal(counts.success + counts.superseded + counts.skipped, total, JSON.stringify(counts));
      const runs = new Map<string, number>();
      for (const s of records.filter((r) => r.event === 'start')) runs.set(s.jobId, (runs.get(s.jobId) ?? 0) + 1);
      assert.ok(
        [...runs.values()].every((n) => n === 1),
        'no job computed twice',
      );
      assert.equal(runs.size, counts.success + counts.skipped);
    } finally {
      assert.deepEqual(await stopAll(workers), [0, 0, 0]);
    }
  });

  it('takes the highest Agenda priority first whatever its namespace and age, then the oldest of a namespace first', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'priority.jsonl');
    const agenda = await producer(mongo.client, names.queue);
    for (let i = 0; i < 5; i++) await agenda.now('splits', { dataset: `alice/old-${i}` });
    await agenda.now('splits', { dataset: 'bob/newer' });
    await agenda.create('splits', { dataset: 'alice/urgent' }).priority('high').schedule(new Date()).save();
    await agenda.stop();
    const w = spawnWorker(workerEnv(mongo, names, { WORKER_CONCURRENCY: '1', TEST_COMPUTE: JSON.stringify({ sleepMs: 10, record }) }));
    try {
      await waitForLog(w, 'worker started');
      await waitFor(async () => readRecords(record).filter((r) => r.event === 'end').length === 7, 30_000, 'seven computations');
      const order = readRecords(record)
        .filter((r) => r.event === 'start')
        .map((r) => r.dataset);
      assert.equal(order[0], 'alice/urgent', `order: ${order.join(', ')}`);
      assert.deepEqual(
        order.filter((d) => d.startsWith('alice/old-')),
        ['alice/old-0', 'alice/old-1', 'alice/old-2', 'alice/old-3', 'alice/old-4'],
      );
      assert.ok(order.includes('bob/newer'));
    } finally {
      w.child.kill('SIGTERM');
      assert.equal(await w.exited, 0);
    }
  });
});
