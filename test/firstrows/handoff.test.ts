/**
 * The hand-off to the first-rows service, with real worker processes on the test MongoDB server: after a
 * successful /splits, the /first-rows entries of vanished splits are deleted and one `first-rows` job waits per
 * current split; an error hands off nothing; a worker killed between the cache write and the hand-off loses
 * nothing once the job reruns.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from 'mongodb';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, waitFor, waitForLog, workerEnv, type WorkerHandle } from '../helpers/workers.ts';
import { countJobsByState } from '../../src/queue/count-jobs-by-state.ts';
import { readSplitsResponse } from '../../src/cache/read-splits-response.ts';
import { firstRowsResponseCollection } from '../../src/cache/first-rows-response.ts';
import { firstRowsEntry, waitingFirstRowsJobs } from './fixtures.ts';
import { FIRST_ROWS_JOB_NAME } from '../../src/queue/enqueue-first-rows-jobs.ts';
import { SPLITS_JOB_NAME } from '../../src/queue/job-data.ts';

let mongo: TestMongo;
let tmp: string;
before(async () => {
  mongo = await startTestMongo();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'splits-first-rows-'));
});
after(async () => {
  await mongo.close();
});

type Splits = Record<string, [string, string][] | 'not_found' | 'bug'>;

function handoffEnv(names: { queue: string; cache: string }, compute: Record<string, unknown>, extra: Record<string, string> = {}) {
  return workerEnv(mongo, names, { FIRST_ROWS_HANDOFF_ENABLED: 'true', TEST_COMPUTE: JSON.stringify(compute), ...extra });
}

async function stop(w: WorkerHandle): Promise<void> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  await w.exited;
}

async function seedFirstRows(cacheDb: Db, entries: [string, string, string][]): Promise<void> {
  await firstRowsResponseCollection(cacheDb).insertMany(entries.map(([d, c, s]) => firstRowsEntry(d, c, s)));
}

/** The first-rows entries in the cache, without their ids, by "dataset/config/split". */
async function firstRowsEntries(cacheDb: Db): Promise<Record<string, unknown>> {
  const docs = await firstRowsResponseCollection(cacheDb)
    .find({}, { projection: { _id: 0 } })
    .toArray();
  return Object.fromEntries(docs.map((d) => [`${d.dataset_name}/${d.config_name}/${d.split_name}`, d]));
}

/** Waits until the splits jobs are all done, `finished` of them at least. */
async function splitsJobsDone(queueDb: Db, finished: number): Promise<void> {
  await waitFor(
    async () => {
      const c = await countJobsByState(queueDb, SPLITS_JOB_NAME);
      return c.waiting === 0 && c.started === 0 && c.success + c.error + c.superseded >= finished;
    },
    30_000,
    `${finished} splits jobs done`,
  );
}

describe('the first-rows hand-off after /splits', () => {
  it("after two computations whose splits changed, deletes the vanished splits' entries, keeps the others untouched, and leaves one waiting first-rows job per current split, also after a burst of 20 jobs", async () => {
    const names = mongo.names();
    const queueDb = mongo.client.db(names.queue);
    const cacheDb = mongo.client.db(names.cache);
    const splitsFile = path.join(tmp, 'changing.json');
    const setSplits = (s: Splits) => writeFileSync(splitsFile, JSON.stringify(s));
    setSplits({
      'org/ds': [
        ['default', 'train'],
        ['default', 'test'],
        ['extra', 'train'],
      ],
    });
    await seedFirstRows(cacheDb, [
      ['org/ds', 'default', 'train'],
      ['org/ds', 'default', 'test'],
      ['org/ds', 'extra', 'train'],
      ['org/other', 'default', 'test'],
    ]);
    const seeded = await firstRowsEntries(cacheDb);
    const w = spawnWorker(handoffEnv(names, { splitsFile }));
    try {
      await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      await agenda.now(SPLITS_JOB_NAME, { dataset: 'org/ds' });
      await splitsJobsDone(queueDb, 1);
      assert.deepEqual(await waitingFirstRowsJobs(queueDb), ['org/ds/default/test', 'org/ds/default/train', 'org/ds/extra/train']);
      assert.deepEqual(await firstRowsEntries(cacheDb), seeded, 'no split vanished: every entry kept as it was');

      // The dataset changes: its split "test" and its config "extra" go, a split "validation" comes.
      setSplits({
        'org/ds': [
          ['default', 'train'],
          ['default', 'validation'],
        ],
      });
      await agenda.now(SPLITS_JOB_NAME, { dataset: 'org/ds' });
      await splitsJobsDone(queueDb, 2);
      const expectedJobs = ['org/ds/default/train', 'org/ds/default/validation'];
      assert.deepEqual(await waitingFirstRowsJobs(queueDb), expectedJobs, 'one waiting job per current split, none for the vanished ones');
      const expectedEntries = { 'org/ds/default/train': seeded['org/ds/default/train'], 'org/other/default/test': seeded['org/other/default/test'] };
      assert.deepEqual(
        await firstRowsEntries(cacheDb),
        expectedEntries,
        "vanished splits' entries deleted; the kept split's entry and other datasets' untouched",
      );
      const cached = await readSplitsResponse(cacheDb, 'org/ds');
      assert.deepEqual(
        (cached!.response as { splits: { split: string }[] }).splits.map((s) => s.split),
        ['train', 'validation'],
      );

      // A burst of duplicate jobs of the dataset: computed again, handed off again, nothing doubles.
      await Promise.all(Array.from({ length: 20 }, () => agenda.now(SPLITS_JOB_NAME, { dataset: 'org/ds' })));
      await splitsJobsDone(queueDb, 22);
      assert.deepEqual(await waitingFirstRowsJobs(queueDb), expectedJobs, 'still one waiting job per current split');
      assert.deepEqual(await firstRowsEntries(cacheDb), expectedEntries);
      assert.match(w.logs(), /"msg":"first-rows handed off"/);
    } finally {
      await stop(w);
    }
  });

  it('hands off nothing after an error answer: no first-rows job, every first-rows entry kept', async () => {
    const names = mongo.names();
    const queueDb = mongo.client.db(names.queue);
    const cacheDb = mongo.client.db(names.cache);
    const splitsFile = path.join(tmp, 'errors.json');
    writeFileSync(splitsFile, JSON.stringify({ 'org/gone': 'not_found', 'org/broken': 'bug' } satisfies Splits));
    await seedFirstRows(cacheDb, [
      ['org/gone', 'default', 'train'],
      ['org/broken', 'default', 'train'],
    ]);
    const seeded = await firstRowsEntries(cacheDb);
    const w = spawnWorker(handoffEnv(names, { splitsFile }));
    try {
      await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      await agenda.now(SPLITS_JOB_NAME, { dataset: 'org/gone' });
      await agenda.now(SPLITS_JOB_NAME, { dataset: 'org/broken' });
      await splitsJobsDone(queueDb, 2);
      assert.equal((await readSplitsResponse(cacheDb, 'org/gone'))?.error_code, 'DatasetNotFoundError');
      assert.equal((await readSplitsResponse(cacheDb, 'org/broken'))?.error_code, 'UnexpectedError');
      assert.equal(await queueDb.collection('agendaJobs').countDocuments({ name: FIRST_ROWS_JOB_NAME }), 0, 'no first-rows job');
      assert.deepEqual(await firstRowsEntries(cacheDb), seeded, 'every first-rows entry kept');
      assert.doesNotMatch(w.logs(), /"msg":"first-rows handed off"/);
    } finally {
      await stop(w);
    }
  });

  it('hands off nothing with FIRST_ROWS_HANDOFF_ENABLED=false', async () => {
    const names = mongo.names();
    const queueDb = mongo.client.db(names.queue);
    const cacheDb = mongo.client.db(names.cache);
    const splitsFile = path.join(tmp, 'off.json');
    writeFileSync(splitsFile, JSON.stringify({ 'org/ds': [['default', 'train']] } satisfies Splits));
    await seedFirstRows(cacheDb, [['org/ds', 'default', 'test']]);
    const w = spawnWorker(handoffEnv(names, { splitsFile }, { FIRST_ROWS_HANDOFF_ENABLED: 'false' }));
    try {
      await waitForLog(w, 'worker started');
      await (await producer(mongo.client, names.queue)).now(SPLITS_JOB_NAME, { dataset: 'org/ds' });
      await splitsJobsDone(queueDb, 1);
      assert.ok(await readSplitsResponse(cacheDb, 'org/ds'));
      assert.equal(await queueDb.collection('agendaJobs').countDocuments({ name: FIRST_ROWS_JOB_NAME }), 0);
      assert.deepEqual(Object.keys(await firstRowsEntries(cacheDb)), ['org/ds/default/test']);
    } finally {
      await stop(w);
    }
  });

  it('after a worker killed between the cache write and the hand-off, the rerun leaves the same state as an uninterrupted run', async () => {
    const names = mongo.names();
    const queueDb = mongo.client.db(names.queue);
    const cacheDb = mongo.client.db(names.cache);
    const splitsFile = path.join(tmp, 'killed.json');
    const marker = path.join(tmp, 'killed.marker');
    writeFileSync(
      splitsFile,
      JSON.stringify({
        'org/ds': [
          ['default', 'train'],
          ['default', 'validation'],
        ],
      } satisfies Splits),
    );
    await seedFirstRows(cacheDb, [
      ['org/ds', 'default', 'train'],
      ['org/ds', 'default', 'test'],
    ]);
    const seeded = await firstRowsEntries(cacheDb);
    const env = handoffEnv(names, { splitsFile, killAfterCacheWriteOnce: marker }, { WORKER_LOCK_SECONDS: '1.5', WORKER_RETRY_BASE_SECONDS: '0.1' });
    const first = spawnWorker(env);
    await waitForLog(first, 'worker started');
    await (await producer(mongo.client, names.queue)).now(SPLITS_JOB_NAME, { dataset: 'org/ds' });
    await first.exited;
    assert.equal(first.child.signalCode, 'SIGKILL', 'the worker died');
    // Killed right after the cache write: the new answer is cached, the hand-off did not happen.
    assert.ok(await readSplitsResponse(cacheDb, 'org/ds'), 'the answer was cached');
    assert.deepEqual(await firstRowsEntries(cacheDb), seeded, 'nothing deleted yet');
    assert.equal(await queueDb.collection('agendaJobs').countDocuments({ name: FIRST_ROWS_JOB_NAME }), 0, 'nothing enqueued yet');

    const second = spawnWorker(env);
    try {
      await waitForLog(second, 'worker started');
      await splitsJobsDone(queueDb, 1);
      const c = await countJobsByState(queueDb, SPLITS_JOB_NAME);
      assert.equal(c.success, 1, 'the job reran and succeeded');
      const job = await queueDb.collection('agendaJobs').findOne({ name: SPLITS_JOB_NAME });
      // a first death names no culprit (docs/queue.md, death-charge.ts): its attempt was given back, the rerun is attempt 1
      assert.equal(job?.attempts, 1, 'the death spent no attempt');
      assert.equal(job?.runAlone, true, 'and the job ran alone after it');
      assert.deepEqual(await waitingFirstRowsJobs(queueDb), ['org/ds/default/train', 'org/ds/default/validation']);
      assert.deepEqual(await firstRowsEntries(cacheDb), { 'org/ds/default/train': seeded['org/ds/default/train'] });
    } finally {
      await stop(second);
    }
  });
});
