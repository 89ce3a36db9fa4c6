import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, waitFor, waitForLog, workerEnv } from '../helpers/workers.ts';
import { readSplitsResponse } from '../../src/cache/read-splits-response.ts';
import { countJobsByState } from '../../src/queue/count-jobs-by-state.ts';

let mongo: TestMongo;
before(async () => {
  mongo = await startTestMongo();
});
after(async () => {
  await mongo.close();
});

const env = (names: { queue: string; cache: string }, extra: Record<string, string> = {}) => workerEnv(mongo, names, extra);

describe('a worker process', () => {
  it('computes an enqueued dataset and caches the answer with the original field names', async () => {
    const names = mongo.names();
    const w = spawnWorker(env(names));
    try {
      await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      await agenda.now('splits', { dataset: 'user/ds' });
      const cacheDb = mongo.client.db(names.cache);
      const doc = await waitFor(() => readSplitsResponse(cacheDb, 'user/ds'), 20_000, 'cache entry');
      assert.equal(doc.dataset_name, 'user/ds');
      assert.equal(doc.http_status, 200);
      assert.equal(doc.error_code, null);
      assert.deepEqual(doc.response, { splits: [{ dataset: 'user/ds', config: 'default', split: 'train', num_bytes: null, num_examples: 1 }] });
      assert.equal(doc.stale, false);
      assert.ok(doc.updated_at instanceof Date);
      const counts = await waitFor(
        async () => {
          const c = await countJobsByState(mongo.client.db(names.queue));
          return c.success === 1 ? c : undefined;
        },
        10_000,
        'job success',
      );
      assert.deepEqual(counts, { waiting: 0, started: 0, success: 1, skipped: 0, superseded: 0, error: 0 });
    } finally {
      w.child.kill('SIGTERM');
      assert.equal(await w.exited, 0);
    }
  });

  it('fails malformed jobs with a clear reason and keeps serving good ones', async () => {
    const names = mongo.names();
    const w = spawnWorker(env(names));
    try {
      await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      const bad: unknown[] = [undefined, null, {}, { dataset: 42 }, { dataset: '../x' }, { dataset: 'a/b/c' }, { dataset: 'x'.repeat(10_000) }, ['user/ds']];
      for (const data of bad) await agenda.now('splits', data as never);
      await agenda.now('splits', { dataset: 'user/good' });
      const jobs = mongo.client.db(names.queue).collection('agendaJobs');
      await waitFor(async () => (await jobs.countDocuments({ lastFinishedAt: { $ne: null } })) === bad.length + 1, 20_000, 'all jobs finished');
      const failed = await jobs.find({ failCount: 1 }).toArray();
      assert.equal(failed.length, bad.length);
      for (const j of failed) assert.match(String(j.failReason), /^InvalidJobDataError: job data/);
      assert.ok(
        failed.every((j) => String(j.failReason).length < 300),
        'reasons do not echo huge inputs',
      );
      assert.ok(await readSplitsResponse(mongo.client.db(names.cache), 'user/good'));
      assert.equal(w.child.exitCode, null, 'the worker is still up');
    } finally {
      w.child.kill('SIGTERM');
      assert.equal(await w.exited, 0);
    }
  });

  it('caches a typed error for a dataset that fails permanently, and the job ends in error without retry', async () => {
    const names = mongo.names();
    const w = spawnWorker(env(names, { TEST_COMPUTE: JSON.stringify({ fail: { 'user/missing': 'not_found', 'user/buggy': 'bug' } }) }));
    try {
      await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      await agenda.now('splits', { dataset: 'user/missing' });
      await agenda.now('splits', { dataset: 'user/buggy' });
      const cacheDb = mongo.client.db(names.cache);
      const missing = await waitFor(() => readSplitsResponse(cacheDb, 'user/missing'), 20_000, 'error entry');
      assert.equal(missing.http_status, 404);
      assert.equal(missing.error_code, 'DatasetNotFoundError');
      assert.deepEqual(missing.response, { error: 'The dataset does not exist on the Hub: user/missing' });
      const buggy = await waitFor(() => readSplitsResponse(cacheDb, 'user/buggy'), 20_000, 'unexpected entry');
      assert.equal(buggy.error_code, 'UnexpectedError');
      assert.equal(buggy.details?.cause_exception, 'TypeError');
      assert.equal(buggy.details?.cause_message, 'cannot read properties of undefined');
      assert.ok(Array.isArray(buggy.details?.cause_traceback));
      const c = await waitFor(
        async () => {
          const c = await countJobsByState(mongo.client.db(names.queue));
          return c.error === 2 ? c : undefined;
        },
        10_000,
        'jobs in error',
      );
      assert.equal(c.waiting, 0, 'no retry of a permanent error');
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });

  it('puts back the waiting jobs a computation answered when that computation fails for good, so no request is dropped', async () => {
    const names = mongo.names();
    const agenda = await producer(mongo.client, names.queue);
    for (let i = 0; i < 3; i++) await agenda.now('splits', { dataset: 'user/flaky' });
    const w = spawnWorker(env(names, { WORKER_MAX_ATTEMPTS: '1', TEST_COMPUTE: JSON.stringify({ fail: { 'user/flaky': 'transient' } }) }));
    try {
      const jobs = mongo.client.db(names.queue).collection('agendaJobs');
      const c = await waitFor(
        async () => {
          const c = await countJobsByState(mongo.client.db(names.queue));
          return c.error === 3 ? c : undefined;
        },
        20_000,
        'three failed jobs',
      );
      assert.deepEqual(c, { waiting: 0, started: 0, success: 0, skipped: 0, superseded: 0, error: 3 }, 'none is marked answered');
      assert.equal(await jobs.countDocuments({ supersededBy: { $exists: true } }), 0);
      assert.match(w.logs(), /jobs this computation had answered are waiting again/);
      assert.equal(await readSplitsResponse(mongo.client.db(names.cache), 'user/flaky'), null, 'a transient failure writes no cache entry');
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });
});
