/**
 * Breaks: 1,000 malformed jobs (no data, wrong types, huge strings, path traversal, raw documents written
 * without Agenda) mixed with 50 good ones. Expects: good ones succeed and are cached, bad ones end in error
 * with a clear reason, nothing is left waiting or started, the worker stays up.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectId, type Document } from 'mongodb';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, waitFor, waitForLog, workerEnv, type WorkerHandle } from '../helpers/workers.ts';
import { readSplitsResponse } from '../../src/cache/read-splits-response.ts';
import { findDueJobs } from '../../src/queue/lock-next-job.ts';
import { countJobsByState } from '../../src/queue/count-jobs-by-state.ts';
import { splitsResponseCollection } from '../../src/cache/splits-response.ts';

let mongo: TestMongo;
before(async () => {
  mongo = await startTestMongo();
});
after(async () => {
  await mongo.close();
});

function malformed(i: number): unknown {
  const kinds: unknown[] = [
    undefined,
    null,
    {},
    { dataset: i },
    { dataset: null },
    { dataset: ['a/b'] },
    { dataset: { $ne: null } },
    { dataset: '' },
    { dataset: '../x' },
    { dataset: `a/../../etc/passwd${i}` },
    { dataset: 'a/b/c' },
    { dataset: `${'x'.repeat(50_000)}${i}` },
    { dataset: `bad name ${i}` },
    { dataset: `naïve/${i}` },
    { dataset: `a--b/${i}` },
    `user/ds${i}`,
    i,
    [{ dataset: 'user/ds' }],
  ];
  return kinds[i % kinds.length];
}

describe('1,000 malformed jobs mixed with good ones', () => {
  it('fails every bad job with a clear reason, succeeds every good one, and stays up', async () => {
    const names = mongo.names();
    const w = spawnWorker(workerEnv(mongo, names, { WORKER_CONCURRENCY: '4' }));
    try {
      await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      const jobs = mongo.client.db(names.queue).collection('agendaJobs');
      let good = 0;
      for (let i = 0; i < 1000; i++) {
        if (i % 50 === 25) {
          // a document written by hand, not by Agenda: data is missing or not an object
          await jobs.insertOne({
            _id: new ObjectId(),
            name: 'splits',
            priority: 0,
            nextRunAt: new Date(),
            type: 'normal',
            lockedAt: null,
            ...(i % 100 === 25 ? {} : { data: 'user/ds' }),
          });
        } else {
          await agenda.now('splits', malformed(i) as never);
        }
        if (i % 20 === 0) {
          await agenda.now('splits', { dataset: `user/good${good}` });
          good++;
        }
      }
      const total = 1000 + good;
      const counts = await waitFor(
        async () => {
          const c = await countJobsByState(mongo.client.db(names.queue));
          return c.success + c.superseded + c.error === total && c.waiting === 0 && c.started === 0 ? c : undefined;
        },
        120_000,
        'every job ended',
      );
      assert.deepEqual(counts, { waiting: 0, started: 0, success: good, skipped: 0, superseded: 0, error: 1000 });
      const reasons = await jobs.find({ failCount: { $gt: 0 } }, { projection: { failReason: 1 } }).toArray();
      assert.equal(reasons.length, 1000);
      for (const r of reasons) {
        assert.match(String(r.failReason), /^InvalidJobDataError: job data/);
        assert.ok(String(r.failReason).length < 300, 'the reason does not echo a huge input');
      }
      const cached = await splitsResponseCollection(mongo.client.db(names.cache)).find().toArray();
      assert.equal(cached.length, good, 'only good datasets reached the cache');
      assert.ok(cached.every((c) => c.http_status === 200 && /^user\/good\d+$/.test(c.dataset_name)));
      assert.equal(w.child.exitCode, null, 'the worker is still up');
    } finally {
      w.child.kill('SIGTERM');
      assert.equal(await w.exited, 0);
    }
  });
});

/**
 * Breaks: fields of a job the queue owns, written by a producer (another service, a raw insert) with values the
 * worker never writes. Expects: each such job ends in a typed error, or is run, or is ignored and counted; none
 * stays locked or waiting for ever, none is counted as a success it was not, and none stops the recovery sweep
 * or the lock step for the other jobs.
 */
describe('producer-set fields the queue owns', () => {
  const longAgo = () => new Date(Date.now() - 10 * 60_000);
  const env = (names: { queue: string; cache: string }) =>
    workerEnv(mongo, names, { WORKER_LOCK_SECONDS: '1', WORKER_RETRY_BASE_SECONDS: '0.2', MAX_JOBS_PER_DATASET: '1' });
  const base = (dataset: string) => ({ name: 'splits', data: { dataset }, priority: 0, type: 'normal' });
  /** a job locked by a worker that died long ago (an expired lease) */
  const crashed = (dataset: string, extra: Record<string, unknown> = {}) => ({
    ...base(dataset),
    nextRunAt: null,
    lockedAt: longAgo(),
    lockToken: 'dead',
    leaseExpiresAt: longAgo(),
    attempts: 1,
    failCount: 0,
    ...extra,
  });
  const answered = (names: { cache: string }, dataset: string) =>
    waitFor(() => readSplitsResponse(mongo.client.db(names.cache), dataset), 30_000, `${dataset} answered`);
  async function endedJob(names: { queue: string }, _id: unknown, w: WorkerHandle): Promise<Document> {
    const jobs = mongo.client.db(names.queue).collection('agendaJobs');
    return waitFor(
      async () => {
        const d = await jobs.findOne({ _id: _id as ObjectId });
        return d && d.lockedAt == null && d.nextRunAt == null ? d : undefined;
      },
      30_000,
      `job ${String(_id)} ended`,
    ).catch((err: Error) => assert.fail(`${err.message}; worker logs:\n${w.logs().slice(-2000)}`));
  }
  const queueErrors = (w: WorkerHandle) => w.logs().match(/"level":"error".*/g) ?? [];

  it('a job whose _id is not an ObjectId, locked or waiting, ends in MalformedJobError and does not stop the recovery of others', async () => {
    const names = mongo.names();
    const jobs = mongo.client.db(names.queue).collection<Document>('agendaJobs');
    await jobs.insertOne({ _id: 'producer-locked' as never, ...base('org/strid'), nextRunAt: null, lockedAt: longAgo() });
    await jobs.insertOne({ _id: 42 as never, ...base('org/numid'), nextRunAt: new Date(), lockedAt: null });
    const { insertedId } = await jobs.insertOne(crashed('org/crashed'));
    const w = spawnWorker(env(names));
    try {
      await answered(names, 'org/crashed');
      for (const id of ['producer-locked', 42]) {
        const doc = await endedJob(names, id, w);
        assert.match(String(doc.failReason), /^MalformedJobError: /, String(id));
        assert.ok(Number(doc.failCount) > 0, 'counted as an error');
      }
      assert.equal((await endedJob(names, insertedId, w)).failCount, 0);
      assert.doesNotMatch(w.logs(), /toHexString/);
      assert.deepEqual(queueErrors(w), []);
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });

  it("a crashed job's string failCount does not stop the recovery sweep", async () => {
    const names = mongo.names();
    const jobs = mongo.client.db(names.queue).collection<Document>('agendaJobs');
    const { insertedId } = await jobs.insertOne(crashed('org/strfail', { failCount: 'x' }));
    const w = spawnWorker(env(names));
    try {
      assert.equal((await answered(names, 'org/strfail')).http_status, 200);
      const doc = await endedJob(names, insertedId, w);
      // the crash spent no attempt (a first death names no culprit: death-charge.ts); the rerun is attempt 1
      assert.equal(doc.attempts, 1);
      assert.equal(doc.failCount, 0);
      assert.deepEqual(queueErrors(w), []);
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });

  it("attempts: 'x' in a crashed job is read as 0: recovered and run, with no error logged", async () => {
    const names = mongo.names();
    const jobs = mongo.client.db(names.queue).collection<Document>('agendaJobs');
    const { insertedId } = await jobs.insertOne(crashed('org/strattempts', { attempts: 'x' }));
    const w = spawnWorker(env(names));
    try {
      assert.equal((await answered(names, 'org/strattempts')).http_status, 200);
      const doc = await endedJob(names, insertedId, w);
      assert.equal(doc.attempts, 1);
      await new Promise((r) => setTimeout(r, 1000));
      assert.deepEqual(queueErrors(w), []);
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });

  it('a datasetSlot a producer left on an unlocked job does not block its dataset', async () => {
    const names = mongo.names();
    const w = spawnWorker(env(names));
    try {
      await waitForLog(w, 'worker started');
      const jobs = mongo.client.db(names.queue).collection<Document>('agendaJobs');
      const squatter = await jobs.insertOne({ ...base('org/other'), nextRunAt: null, lockedAt: null, lastFinishedAt: new Date(), datasetSlot: 'org/slot#0' });
      const agenda = await producer(mongo.client, names.queue);
      await agenda.now('splits', { dataset: 'org/slot' });
      assert.equal((await answered(names, 'org/slot')).http_status, 200);
      assert.equal((await jobs.findOne({ _id: squatter.insertedId }))?.datasetSlot, undefined, 'the squatted slot was freed');
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });

  it('a lock time in the future or that is not a date does not keep a job started for ever', async () => {
    const names = mongo.names();
    const jobs = mongo.client.db(names.queue).collection<Document>('agendaJobs');
    const future = await jobs.insertOne({ ...base('org/future'), nextRunAt: null, lockedAt: new Date('3000-01-01T00:00:00Z') });
    const text = await jobs.insertOne({ ...base('org/textlock'), nextRunAt: null, lockedAt: 'yesterday' });
    const w = spawnWorker(env(names));
    try {
      assert.equal((await answered(names, 'org/future')).http_status, 200);
      assert.equal((await answered(names, 'org/textlock')).http_status, 200);
      await endedJob(names, future.insertedId, w);
      await endedJob(names, text.insertedId, w);
      assert.deepEqual(queueErrors(w), []);
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });

  it('a job without nextRunAt that never ran is not counted as a success', async () => {
    const names = mongo.names();
    const jobs = mongo.client.db(names.queue).collection<Document>('agendaJobs');
    await jobs.insertOne({ ...base('org/unscheduled'), lockedAt: null });
    await jobs.insertOne({ ...base('org/unscheduled2'), lockedAt: null, nextRunAt: null });
    const counts = await countJobsByState(mongo.client.db(names.queue));
    assert.equal(counts.success, 0, JSON.stringify(counts));
    assert.equal(counts.error, 2, JSON.stringify(counts));
  });

  it('dataset names of 12 MB are read at a bounded size by the lock step, and their jobs end in InvalidJobDataError while good ones run', async () => {
    const names = mongo.names();
    const jobs = mongo.client.db(names.queue).collection<Document>('agendaJobs');
    const huge = (i: number) => `${String(i)}${'x'.repeat(12 * 1024 * 1024)}`;
    for (let i = 0; i < 4; i++) await jobs.insertOne({ ...base(huge(i)), nextRunAt: new Date(Date.now() - 60_000), lockedAt: null, failCount: null });
    await jobs.insertOne({ ...base('org/fine'), nextRunAt: new Date(Date.now() - 60_000), lockedAt: null, failCount: null });
    const candidates = await findDueJobs(jobs, { name: 'splits', now: new Date(), limit: 64 });
    assert.equal(candidates.length, 5);
    const size = JSON.stringify(candidates).length;
    assert.ok(size < 10_000, `the lock step read ${size} characters for 5 jobs`);
    // The default lease: the test server rewrites a whole 12 MB document on each write (a lease renewal, too).
    const w = spawnWorker(workerEnv(mongo, names));
    try {
      assert.equal((await answered(names, 'org/fine')).http_status, 200);
      const ended = await waitFor(
        async () => {
          const rows = await jobs.find({ failCount: { $gt: 0 } }, { projection: { failReason: 1 } }).toArray();
          return rows.length === 4 ? rows : undefined;
        },
        60_000,
        'the four jobs with huge names ended',
      ).catch((err: Error) => assert.fail(`${err.message}; worker logs:\n${w.logs().slice(-3000)}`));
      for (const r of ended) assert.match(String(r.failReason), /^InvalidJobDataError: job data.dataset/);
      assert.deepEqual(queueErrors(w), []);
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });
});
