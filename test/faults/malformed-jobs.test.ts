/**
 * Breaks: 1,000 malformed jobs (no data, wrong types, huge strings, path traversal, raw documents written
 * without Agenda) mixed with 50 good ones. Expects: good ones succeed and are cached, bad ones end in error
 * with a clear reason, nothing is left waiting or started, the worker stays up.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectId } from 'mongodb';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, waitFor, waitForLog, workerEnv } from '../helpers/workers.ts';
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
      assert.deepEqual(counts, { waiting: 0, started: 0, success: good, superseded: 0, error: 1000 });
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
