/**
 * Jobs as a producer writes them, on a server with MongoDB's rules (the strict test server): Agenda's
 * `agenda.now('splits', { dataset })` writes `failCount: null`, and MongoDB refuses `$inc` on null. A job's
 * end in a typed error, a retry, the recovery of a crashed worker's job and a deadline must all work on such
 * jobs, and on jobs whose counters another producer set to a string.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectId, type Document } from 'mongodb';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, transientFailures, waitFor, waitForLog, workerEnv, type WorkerHandle } from '../helpers/workers.ts';
import { readSplitsResponse } from '../../src/cache/read-splits-response.ts';

let mongo: TestMongo;
before(async () => {
  mongo = await startTestMongo();
});
after(async () => {
  await mongo.close();
});

async function stop(w: WorkerHandle): Promise<void> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await w.exited;
}

/** Waits until the job is neither locked nor waiting, and returns it. */
async function ended(queue: string, id: unknown, w: WorkerHandle, timeoutMs = 30_000): Promise<Document> {
  const jobs = mongo.client.db(queue).collection('agendaJobs');
  return waitFor(
    async () => {
      const d = await jobs.findOne({ _id: new ObjectId(String(id)) });
      return d && d.lockedAt == null && d.nextRunAt == null ? d : undefined;
    },
    timeoutMs,
    'the job ended',
  ).catch((err: Error) => {
    throw new Error(`${err.message}; worker logs:\n${w.logs().slice(-3000)}`);
  });
}

describe('jobs enqueued by agenda.now (failCount: null) on a server with MongoDB rules', () => {
  it('Agenda writes failCount: null into the jobs it enqueues', async () => {
    const names = mongo.names();
    const agenda = await producer(mongo.client, names.queue);
    const job = await agenda.now('splits', { dataset: 'org/a' });
    const doc = await mongo.client
      .db(names.queue)
      .collection('agendaJobs')
      .findOne({ _id: new ObjectId(String(job.attrs._id)) });
    assert.ok(doc && 'failCount' in doc && doc.failCount === null, `failCount: ${JSON.stringify(doc?.failCount)}`);
  });

  it('ends a job whose dataset does not exist in DatasetNotFoundError, its slot freed, and runs the next job of that dataset', async () => {
    const names = mongo.names();
    const w = spawnWorker(workerEnv(mongo, names, { MAX_JOBS_PER_DATASET: '1', TEST_COMPUTE: JSON.stringify({ fail: { 'org/missing': 'not_found' } }) }));
    try {
      await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      const job = await agenda.now('splits', { dataset: 'org/missing' });
      const doc = await ended(names.queue, job.attrs._id, w);
      // one failure, the permanent one, plus any transient failure the worker logged (and retried) on the way
      const transient = transientFailures(w);
      assert.equal(doc.failCount, 1 + transient, `failures: ${JSON.stringify(doc)}; the worker's log:\n${w.logs().slice(-4000)}`);
      assert.equal(doc.attempts, 1 + transient);
      assert.match(String(doc.failReason), /^DatasetNotFoundError/);
      assert.equal(doc.datasetSlot, undefined, 'its dataset slot is free');
      assert.equal((await readSplitsResponse(mongo.client.db(names.cache), 'org/missing'))?.error_code, 'DatasetNotFoundError');
      // the dataset is not blocked: its next job runs too
      const next = await agenda.now('splits', { dataset: 'org/missing' });
      const nextDoc = await ended(names.queue, next.attrs._id, w);
      assert.equal(
        nextDoc.failCount,
        1 + transientFailures(w) - transient,
        `the next job: ${JSON.stringify(nextDoc)}; the worker's log:\n${w.logs().slice(-4000)}`,
      );
      assert.match(String(nextDoc.failReason), /^DatasetNotFoundError/);
      assert.doesNotMatch(w.logs(), /Cannot apply \$inc/);
    } finally {
      await stop(w);
    }
  });

  it('retries a job after a transient failure, then ends it in error once its attempts are spent', async () => {
    const names = mongo.names();
    const w = spawnWorker(
      workerEnv(mongo, names, {
        WORKER_MAX_ATTEMPTS: '2',
        WORKER_RETRY_BASE_SECONDS: '0.2',
        TEST_COMPUTE: JSON.stringify({ fail: { 'org/flaky': 'transient' } }),
      }),
    );
    try {
      await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      const job = await agenda.now('splits', { dataset: 'org/flaky' });
      const doc = await ended(names.queue, job.attrs._id, w);
      assert.equal(doc.attempts, 2, 'retried once');
      assert.equal(doc.failCount, 2);
      assert.match(String(doc.failReason), /^HubUnavailableError/);
      assert.doesNotMatch(w.logs(), /Cannot apply \$inc/);
    } finally {
      await stop(w);
    }
  });

  it("recovers a crashed worker's job and runs it on another worker, the death charged to the job that ran alone", async () => {
    const names = mongo.names();
    const agenda = await producer(mongo.client, names.queue);
    const job = await agenda.now('splits', { dataset: 'org/crash' });
    // A job marked to run alone (as a death beside other jobs leaves it: death-charge.ts), so that its death counts
    // and the recovery takes the charged path, whose writes set failCount from Agenda's null.
    await mongo.client
      .db(names.queue)
      .collection('agendaJobs')
      .updateOne({ _id: new ObjectId(String(job.attrs._id)) }, { $set: { runAlone: true } });
    const crashing = spawnWorker(workerEnv(mongo, names, { WORKER_LOCK_SECONDS: '1', TEST_COMPUTE: JSON.stringify({ crash: ['org/crash'] }) }));
    let other: WorkerHandle | undefined;
    try {
      await crashing.exited;
      other = spawnWorker(workerEnv(mongo, names, { WORKER_LOCK_SECONDS: '1', WORKER_RETRY_BASE_SECONDS: '0.2' }));
      const doc = await ended(names.queue, job.attrs._id, other);
      assert.equal(doc.attempts, 2, 'the crashed attempt and the one that answered');
      assert.equal(doc.failCount, 0, 'a success');
      assert.match(other.logs(), /while this job ran alone: an attempt spent; it runs again after a backoff/);
      assert.equal((await readSplitsResponse(mongo.client.db(names.cache), 'org/crash'))?.http_status, 200);
      assert.doesNotMatch(other.logs(), /Cannot apply \$inc|recovery|queue error/);
    } finally {
      await stop(crashing);
      if (other) await stop(other);
    }
  });

  it('stops a job at its deadline with JobManagerExceededMaximumDurationError', async () => {
    const names = mongo.names();
    const w = spawnWorker(
      workerEnv(mongo, names, { WORKER_LOCK_SECONDS: '1.5', WORKER_MAX_JOB_DURATION_SECONDS: '3', TEST_COMPUTE: JSON.stringify({ hang: ['org/endless'] }) }),
    );
    try {
      await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      const job = await agenda.now('splits', { dataset: 'org/endless' });
      const doc = await ended(names.queue, job.attrs._id, w);
      assert.match(String(doc.failReason), /^JobManagerExceededMaximumDurationError/);
      assert.equal(doc.failCount, 1);
      assert.equal(doc.datasetSlot, undefined);
    } finally {
      await stop(w);
    }
  });

  it('counts from any value a producer left in the counters (a string failCount and attempts)', async () => {
    const names = mongo.names();
    const w = spawnWorker(workerEnv(mongo, names, { TEST_COMPUTE: JSON.stringify({ fail: { 'org/missing': 'not_found' } }) }));
    try {
      await waitForLog(w, 'worker started');
      const jobs = mongo.client.db(names.queue).collection('agendaJobs');
      const { insertedId } = await jobs.insertOne({
        name: 'splits',
        data: { dataset: 'org/missing' },
        priority: 0,
        type: 'normal',
        nextRunAt: new Date(),
        lockedAt: null,
        failCount: 'x',
        attempts: 'y',
      });
      const doc = await ended(names.queue, insertedId, w);
      assert.equal(doc.attempts, 1);
      assert.equal(doc.failCount, 1);
      assert.match(String(doc.failReason), /^DatasetNotFoundError/);
    } finally {
      await stop(w);
    }
  });
});
