/**
 * The first-rows jobs this worker hands off, on the test MongoDB server: one waiting job per split, whatever
 * the number of calls and callers, shaped as Agenda creates them, and taken by a plain Agenda consumer (what
 * the first-rows service is).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agenda, type Job } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { MongoClient, ObjectId } from 'mongodb';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, waitFor } from '../helpers/workers.ts';
import { enqueueFirstRowsJobs, removeWaitingDuplicates, FIRST_ROWS_JOB_NAME, type FirstRowsJobData } from '../../src/queue/enqueue-first-rows-jobs.ts';
import { cancelObsoleteFirstRowsJobs } from '../../src/queue/cancel-obsolete-first-rows-jobs.ts';
import { jobsCollection } from '../../src/queue/job-lock.ts';
import { prepareFirstRowsHandoff } from '../../jobs/first-rows-handoff.ts';
import { finishJob } from '../../src/queue/finish-job.ts';
import { ensureFirstRowsResponseIndexes, firstRowsResponseCollection } from '../../src/cache/first-rows-response.ts';
import { firstRowsEntry, waitingFirstRowsJobs } from './fixtures.ts';

let mongo: TestMongo;
before(async () => {
  mongo = await startTestMongo();
});
after(async () => {
  await mongo.close();
});

const splits = (dataset: string, ...names: string[]): FirstRowsJobData[] => names.map((split) => ({ dataset, config: 'default', split }));

const waitingTriples = (queueDbName: string) => waitingFirstRowsJobs(mongo.client.db(queueDbName));

describe('enqueueing first-rows jobs', () => {
  it('adds one job per split, with the fields Agenda gives a job it creates, and a second call adds none', async () => {
    const names = mongo.names();
    const jobs = jobsCollection(mongo.client.db(names.queue));
    const first = await enqueueFirstRowsJobs(jobs, [...splits('org/a', 'train', 'test'), ...splits('org/a', 'train')], new Date());
    assert.deepEqual(first, { enqueued: 2, alreadyWaiting: 0 }, 'a split listed twice is one job');
    const second = await enqueueFirstRowsJobs(jobs, splits('org/a', 'train', 'test'), new Date());
    assert.deepEqual(second, { enqueued: 0, alreadyWaiting: 2 });
    assert.deepEqual(await waitingTriples(names.queue), ['org/a/default/test', 'org/a/default/train']);

    const agenda = await producer(mongo.client, names.queue);
    const made = await agenda.now(FIRST_ROWS_JOB_NAME, { dataset: 'org/b', config: 'default', split: 'train' });
    const byAgenda = (await jobs.findOne({ _id: new ObjectId(String(made.attrs._id)) }))!;
    const ours = (await jobs.findOne({ 'data.dataset': 'org/a', 'data.split': 'train' }))!;
    assert.deepEqual(Object.keys(ours).sort(), Object.keys(byAgenda).sort(), 'the same fields as a job of agenda.now()');
    assert.deepEqual(ours.data, { dataset: 'org/a', config: 'default', split: 'train' });
    assert.equal(ours.type, byAgenda.type);
    assert.equal(ours.priority, byAgenda.priority);
    assert.equal(ours.lockedAt, null);
  });

  it('leaves exactly one waiting job per split when many callers enqueue the same splits at once', async () => {
    const names = mongo.names();
    const jobs = jobsCollection(mongo.client.db(names.queue));
    const all = splits('org/burst', 'train', 'test', 'validation');
    const results = await Promise.all(Array.from({ length: 20 }, () => enqueueFirstRowsJobs(jobs, all, new Date())));
    assert.deepEqual(await waitingTriples(names.queue), ['org/burst/default/test', 'org/burst/default/train', 'org/burst/default/validation']);
    assert.equal(
      results.reduce((n, r) => n + r.enqueued, 0),
      3,
      'the callers count the jobs that stayed, once',
    );
  });

  it('keeps the oldest of waiting duplicates that racing callers inserted, and leaves started jobs alone', async () => {
    // What two upserts that both missed leave on a real MongoDB; the test server runs them one at a time.
    const names = mongo.names();
    const jobs = jobsCollection(mongo.client.db(names.queue));
    const data = { dataset: 'org/race', config: 'default', split: 'train' };
    const ids = [new ObjectId(), new ObjectId(), new ObjectId(), new ObjectId()];
    const base = { name: FIRST_ROWS_JOB_NAME, data, nextRunAt: new Date(), lockedAt: null, lastRunAt: null };
    await jobs.insertMany([
      { ...base, _id: ids[2]! },
      { ...base, _id: ids[1]! },
      { ...base, _id: ids[3]! },
    ]);
    await jobs.insertOne({ ...base, _id: ids[0]!, lockedAt: new Date(), lastRunAt: new Date() });
    assert.equal(await removeWaitingDuplicates(jobs, [data]), 2);
    const left = (await jobs.find({ name: FIRST_ROWS_JOB_NAME }).toArray()).map((d) => d._id.toHexString()).sort();
    assert.deepEqual(left, [ids[0]!, ids[1]!].map((id) => id.toHexString()).sort(), 'the started job and the oldest waiting one');
    assert.equal(await removeWaitingDuplicates(jobs, [data]), 0, 'a second pass, by another caller, deletes nothing');
  });

  it('adds a new job beside one that started or ran and waits for a retry: only never started jobs are duplicates', async () => {
    const names = mongo.names();
    const jobs = jobsCollection(mongo.client.db(names.queue));
    await enqueueFirstRowsJobs(jobs, splits('org/c', 'train', 'test'), new Date());
    await jobs.updateOne({ 'data.split': 'train' }, { $set: { lockedAt: new Date(), lastRunAt: new Date() } });
    await jobs.updateOne({ 'data.split': 'test' }, { $set: { lastRunAt: new Date(), nextRunAt: new Date(Date.now() + 60_000) } });
    assert.deepEqual(await enqueueFirstRowsJobs(jobs, splits('org/c', 'train', 'test'), new Date()), { enqueued: 2, alreadyWaiting: 0 });
    assert.equal(await jobs.countDocuments({ name: FIRST_ROWS_JOB_NAME }), 4);
  });

  it('cancels the waiting jobs of vanished splits only: started jobs and other datasets are left alone', async () => {
    const names = mongo.names();
    const jobs = jobsCollection(mongo.client.db(names.queue));
    await enqueueFirstRowsJobs(jobs, [...splits('org/d', 'train', 'test', 'old'), ...splits('org/other', 'old')], new Date());
    await jobs.updateOne({ 'data.dataset': 'org/d', 'data.split': 'test' }, { $set: { lockedAt: new Date(), lastRunAt: new Date() } });
    assert.equal(await cancelObsoleteFirstRowsJobs(jobs, 'org/d', [{ config: 'default', split: 'train' }]), 1, 'org/d old: waiting and vanished');
    assert.deepEqual(await waitingTriples(names.queue), ['org/d/default/train', 'org/other/default/old']);
    assert.equal(await jobs.countDocuments({ 'data.dataset': 'org/d', 'data.split': 'test' }), 1, 'the started job is left to finish');
    assert.equal(await cancelObsoleteFirstRowsJobs(jobs, 'org/d', []), 1, 'no split: no waiting job kept');
  });

  it('hands jobs that a plain Agenda consumer takes and runs, with their data', async () => {
    const names = mongo.names();
    const db = mongo.client.db(names.queue);
    await enqueueFirstRowsJobs(jobsCollection(db), splits('org/e', 'train', 'test'), new Date());
    const consumer = new Agenda({ backend: new MongoBackend({ mongo: db }), processEvery: 100 });
    const ran: unknown[] = [];
    // Agenda checks a running job's lock every lockLifetime / 2 with a timer it never clears when the job
    // ends: with the default lifetime (10 minutes) that timer kept this file's process alive 300 s after its
    // tests passed. A consumer of short jobs gives them a short lifetime.
    consumer.define(
      FIRST_ROWS_JOB_NAME,
      async (job: Job) => {
        ran.push(job.attrs.data);
      },
      { lockLifetime: 2_000 },
    );
    await consumer.start();
    try {
      await waitFor(async () => ran.length === 2, 15_000, 'two first-rows jobs run');
    } finally {
      await consumer.stop();
    }
    assert.deepEqual(
      ran.map((d) => JSON.stringify(d)).sort(),
      [
        { dataset: 'org/e', config: 'default', split: 'test' },
        { dataset: 'org/e', config: 'default', split: 'train' },
      ].map((d) => JSON.stringify(d)),
    );
  });

  it('hands off a dataset of 500 splits with the job end in one command, and deletes only when splits may have vanished', async () => {
    const names = mongo.names();
    const client = new MongoClient(mongo.url, { monitorCommands: true });
    await client.connect();
    const commands: string[] = [];
    client.on('commandStarted', (e) => commands.push(e.commandName));
    try {
      const deps = { queueDb: client.db(names.queue), cacheDb: client.db(names.cache) };
      const jobs = jobsCollection(deps.queueDb);
      await firstRowsResponseCollection(deps.cacheDb).insertMany(Array.from({ length: 500 }, (_, i) => firstRowsEntry('org/big', 'default', `old-${i}`)));
      const answer = {
        splits: Array.from({ length: 500 }, (_, i) => ({ dataset: 'org/big', config: 'default', split: `s-${i}`, num_bytes: null, num_examples: 1 })),
      };
      /** a splits job locked with this token, as the lock step leaves it */
      const lockedJob = async (token: string) => {
        const { insertedId } = await jobs.insertOne({ name: 'splits', data: { dataset: 'org/big' }, lockedAt: new Date(), lockToken: token, nextRunAt: null });
        return { jobId: insertedId, token, failCount: 0 };
      };
      const handOff = async (token: string, previous: Parameters<typeof prepareFirstRowsHandoff>[3]['previous']) => {
        const lock = await lockedJob(token);
        commands.length = 0;
        const plan = await prepareFirstRowsHandoff(deps, 'org/big', answer, { previous, rerun: false, overlapping: false, at: new Date() });
        const finished = await finishJob(jobs, lock, { kind: 'success' }, new Date(), plan.followUps);
        assert.equal(finished.finished, true, 'the job ended');
        return { result: await plan.afterFinish(finished), commands: [...commands] };
      };

      const first = await handOff('t1', { kind: 'error' });
      assert.deepEqual(first.result, { enqueued: 500, alreadyWaiting: 0, deleted: 500, cancelled: 0 });
      assert.deepEqual(
        first.commands,
        ['delete', 'delete', 'update'],
        'after an error answer: delete entries, cancel jobs, then the job end with its 500 jobs',
      );
      const again = await handOff('t2', { kind: 'success', splits: answer.splits });
      assert.deepEqual(again.result, { enqueued: 0, alreadyWaiting: 500, deleted: 0, cancelled: 0 });
      assert.deepEqual(again.commands, ['update'], 'the same splits again: nothing can have vanished, the job end is the only command');
      assert.equal((await waitingTriples(names.queue)).length, 500);

      const lost = await lockedJob('t3');
      await jobs.updateOne({ _id: lost.jobId }, { $set: { lockToken: 'another holder' } });
      const fenced = await finishJob(jobs, lost, { kind: 'success' }, new Date(), [
        { filter: { name: 'first-rows', 'data.split': 'x', lockedAt: null }, setOnInsert: {} },
      ]);
      assert.deepEqual(fenced, { finished: false, inserted: [0] }, 'a lost lock is told apart from the follow-up writes of the same command');
    } finally {
      await client.close();
    }
  });

  it("creates the first-rows cache's unique index once, and keeps an index the first-rows service made on the same keys with other options", async () => {
    const mine = mongo.client.db(mongo.names().cache);
    assert.equal(await ensureFirstRowsResponseIndexes(mine), true);
    assert.equal(await ensureFirstRowsResponseIndexes(mine), true, 'idempotent');
    await firstRowsResponseCollection(mine).insertOne(firstRowsEntry('a', 'c', 's'));
    // DuplicateKey by its code: the message is the server's own (MongoDB's "E11000 duplicate key error…",
    // DocumentDB's "Duplicate key violation…")
    await assert.rejects(firstRowsResponseCollection(mine).insertOne(firstRowsEntry('a', 'c', 's')), { code: 11000 });
    const theirs = mongo.client.db(mongo.names().cache);
    await firstRowsResponseCollection(theirs).createIndex({ dataset_name: 1, config_name: 1, split_name: 1 });
    assert.equal(await ensureFirstRowsResponseIndexes(theirs), false);
  });
});
