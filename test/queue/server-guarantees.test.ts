import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { ObjectId } from 'mongodb';
import { lockJob } from '../../src/queue/lock-next-job.ts';
import { ensureQueueIndexes } from '../../src/queue/ensure-queue-indexes.ts';
import { ServerClock } from '../../src/queue/server-clock.ts';
import { writeSplitsResponse, successEntry } from '../../src/cache/write-splits-response.ts';
import { ensureSplitsResponseIndexes, splitsResponseCollection } from '../../src/cache/splits-response.ts';

let mongo: TestMongo;
let clients: MongoClient[];
before(async () => {
  mongo = await startTestMongo();
  clients = await Promise.all([0, 1, 2, 3].map(() => MongoClient.connect(mongo.url)));
});
after(async () => {
  for (const c of clients) await c.close();
  await mongo.close();
});

describe('the MongoDB guarantees the worker relies on, on the server the tests run', () => {
  it('findOneAndUpdate hands each document to exactly one of 4 concurrent clients', async () => {
    const { queue } = mongo.names();
    await mongo.client
      .db(queue)
      .collection('jobs')
      .insertMany(Array.from({ length: 200 }, (_, i) => ({ i, lockedAt: null, nextRunAt: new Date(Date.now() - 1000 + i) })));
    const taken = new Map<number, number>();
    await Promise.all(
      clients.map(async (c) => {
        const col = c.db(queue).collection('jobs');
        for (;;) {
          const d = await col.findOneAndUpdate(
            { lockedAt: null, nextRunAt: { $lte: new Date() } },
            { $set: { lockedAt: new Date() } },
            { sort: { nextRunAt: 1 }, returnDocument: 'after' },
          );
          if (!d) return;
          taken.set(d.i as number, (taken.get(d.i as number) ?? 0) + 1);
        }
      }),
    );
    assert.equal(taken.size, 200);
    assert.ok(
      [...taken.values()].every((n) => n === 1),
      'no document locked twice',
    );
  });

  it('lets 2 of 100 due jobs of a dataset with a limit of 2 be locked when 4 clients lock them all at once (a unique sparse index on the slot)', async () => {
    const { queue } = mongo.names();
    await ensureQueueIndexes(mongo.client.db(queue));
    const jobs = mongo.client.db(queue).collection('agendaJobs');
    // jobs without the field are all allowed: the index is sparse
    const ids = Array.from({ length: 100 }, () => new ObjectId());
    await jobs.insertMany(ids.map((_id) => ({ _id, name: 'splits', data: { dataset: 'org/x' }, lockedAt: null, nextRunAt: new Date(Date.now() - 1000) })));
    let won = 0;
    let busy = 0;
    await Promise.all(
      clients.map(async (c, k) => {
        const mine = ids.filter((_, i) => i % 4 === k);
        for (const _id of mine) {
          const r = await lockJob(
            c.db(queue).collection('agendaJobs'),
            { _id, data: { dataset: 'org/x' } },
            {
              name: 'splits',
              now: new Date(),
              leaseMs: 60_000,
              maxDurationMs: 60_000,
              workerId: `w${k}`,
              datasetSlot: { dataset: 'org/x', limit: 2 },
            },
          );
          if ('locked' in r) won++;
          if ('busy' in r && r.busy === 'dataset') busy++;
        }
      }),
    );
    assert.equal(won, 2);
    assert.equal(busy, 98);
    assert.equal(await jobs.countDocuments({ lockedAt: { $ne: null } }), 2, 'a job refused its slot is left unlocked');
  });

  it('lets 3 of 120 due jobs of one namespace (12 datasets, 2 slots each) be locked with MAX_JOBS_PER_NAMESPACE=3 when 4 clients lock them all at once, and tells which limit refused the others', async () => {
    const { queue } = mongo.names();
    await ensureQueueIndexes(mongo.client.db(queue));
    const jobs = mongo.client.db(queue).collection('agendaJobs');
    const ids = Array.from({ length: 120 }, () => new ObjectId());
    const datasetOf = (i: number) => `org/ds-${i % 12}`;
    await jobs.insertMany(
      ids.map((_id, i) => ({ _id, name: 'splits', data: { dataset: datasetOf(i) }, lockedAt: null, nextRunAt: new Date(Date.now() - 1000) })),
    );
    let won = 0;
    const busy = { dataset: 0, namespace: 0 };
    await Promise.all(
      clients.map(async (c, k) => {
        for (let i = k; i < ids.length; i += 4) {
          const r = await lockJob(
            c.db(queue).collection('agendaJobs'),
            { _id: ids[i]!, data: { dataset: datasetOf(i) } },
            {
              name: 'splits',
              now: new Date(),
              leaseMs: 60_000,
              maxDurationMs: 60_000,
              workerId: `w${k}`,
              datasetSlot: { dataset: datasetOf(i), limit: 2 },
              namespaceSlot: { namespace: 'org', limit: 3 },
            },
          );
          if ('locked' in r) won++;
          if ('busy' in r) busy[r.busy]++;
        }
      }),
    );
    assert.equal(won, 3);
    assert.equal(busy.dataset + busy.namespace, 117);
    // a dataset's third job finds its dataset's 2 slots free or held, never more: once 3 jobs run, the namespace refuses
    assert.ok(busy.namespace >= 117 - 12, JSON.stringify(busy));
    const locked = await jobs.find({ lockedAt: { $ne: null } }).toArray();
    assert.equal(locked.length, 3, 'a job refused its slot is left unlocked');
    assert.deepEqual(locked.map((j) => j.namespaceSlot as string).sort(), ['org#0', 'org#1', 'org#2']);
  });

  it('keeps one cache entry per dataset under concurrent upserts, and the newest computation wins', async () => {
    const { cache } = mongo.names();
    await ensureSplitsResponseIndexes(mongo.client.db(cache));
    const t0 = Date.now();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        writeSplitsResponse(
          clients[i % 4]!.db(cache),
          'org/race',
          new Date(t0 + i),
          successEntry({ splits: [{ dataset: 'org/race', config: 'default', split: String(i), num_bytes: null, num_examples: null }] }),
        ),
      ),
    );
    assert.ok(results.some((r) => r.result === 'written'));
    const docs = await splitsResponseCollection(mongo.client.db(cache)).find({ dataset_name: 'org/race' }).toArray();
    assert.equal(docs.length, 1);
    assert.equal((docs[0]!.response as { splits: { split: string }[] }).splits[0]!.split, '39');
  });

  it('reports its own time (hello or isMaster localTime), which leases are measured on', async () => {
    const clock = new ServerClock(mongo.client.db('admin'));
    const before = Date.now();
    await clock.sync();
    const after = Date.now();
    // The test server runs on this machine: its clock and ours agree within the round trip and a little.
    assert.ok(Math.abs(clock.nowMs() - (before + after) / 2) < 2_000, `server time ${clock.now().toISOString()} vs ${new Date(before).toISOString()}`);
    const t1 = clock.nowMs();
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(clock.nowMs() - t1 >= 45, 'the extrapolated server time advances with the monotonic clock');
  });
});
