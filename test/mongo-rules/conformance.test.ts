/**
 * MongoDB's documented rules the worker relies on, one test each, run against whatever server
 * test/helpers/mongo.ts starts: the tests' mongo-java-server in its strict mode, or TEST_MONGO_URL (a real
 * MongoDB, another engine). Each test names the documentation page its rule comes from; docs/mongodb-rules.md
 * says where the worker relies on it and how the strict test server fares.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MongoClient, MongoServerError, type Collection, type Document } from 'mongodb';
import { startTestMongo, testMongoUrl, type TestMongo } from '../helpers/mongo.ts';
import { ensureFinishedJobsTtlIndex, FINISHED_JOBS_TTL_INDEX } from '../../src/retention/finished-jobs.ts';
import { ensureQueueIndexes } from '../../src/queue/ensure-queue-indexes.ts';
import { ensureFirstRowsResponseIndexes, firstRowsResponseCollection } from '../../src/cache/first-rows-response.ts';

let mongo: TestMongo;
/** separate connections, so that concurrent commands really race on the server */
let clients: MongoClient[];
before(async () => {
  mongo = await startTestMongo();
  clients = await Promise.all(Array.from({ length: 8 }, () => MongoClient.connect(mongo.url)));
});
after(async () => {
  for (const c of clients) await c.close();
  await mongo.close();
});

function freshCollection(name = 'rules'): Collection<Document> {
  return mongo.client.db(mongo.names().queue).collection(name);
}

/** The error a write throws, or fails the test when it succeeds. */
async function refusal(write: () => Promise<unknown>): Promise<MongoServerError> {
  try {
    await write();
  } catch (err) {
    if (err instanceof MongoServerError) return err;
    throw err;
  }
  assert.fail('the server accepted a write MongoDB refuses');
}

/** The server's time: `hello`'s localTime (`isMaster`'s on servers without it), which the queue's ServerClock reads. */
async function serverTime(): Promise<number> {
  const admin = mongo.client.db('admin');
  const reply = await admin.command({ hello: 1 }).catch(() => admin.command({ isMaster: 1 }));
  return (reply.localTime as Date).getTime();
}

describe('MongoDB rules the worker relies on (docs/mongodb-rules.md)', () => {
  // https://www.mongodb.com/docs/manual/reference/operator/update/inc/#behavior
  // "Use of the $inc operator on a field with a null value will generate an error."
  it('$inc and $mul on a field holding null are refused (14 TypeMismatch), by every kind of update — https://www.mongodb.com/docs/manual/reference/operator/update/inc/', async () => {
    const jobs = freshCollection();
    const { insertedId } = await jobs.insertOne({ failCount: null, attempts: null });
    const writes: [string, () => Promise<unknown>][] = [
      ['updateOne $inc', () => jobs.updateOne({ _id: insertedId }, { $inc: { failCount: 1 } })],
      ['updateMany $inc', () => jobs.updateMany({ _id: insertedId }, { $inc: { failCount: 1 } })],
      ['findOneAndUpdate $inc', () => jobs.findOneAndUpdate({ _id: insertedId }, { $inc: { attempts: 1 } })],
      ['bulkWrite $inc', () => jobs.bulkWrite([{ updateOne: { filter: { _id: insertedId }, update: { $inc: { failCount: 1 } } } }])],
      ['updateOne $mul', () => jobs.updateOne({ _id: insertedId }, { $mul: { failCount: 2 } })],
    ];
    for (const [what, write] of writes) {
      const err = await refusal(write);
      assert.equal(err.code, 14, `${what}: ${err.message}`);
      assert.match(err.message, /Cannot apply \$(inc|mul) to a value of non-numeric type/, what);
      assert.match(err.message, /null/, what);
    }
    assert.deepEqual(await jobs.findOne({ _id: insertedId }, { projection: { _id: 0 } }), { failCount: null, attempts: null }, 'nothing changed');
  });

  it('$inc on a string is refused (14 TypeMismatch); on a missing field it sets the increment — https://www.mongodb.com/docs/manual/reference/operator/update/inc/', async () => {
    const jobs = freshCollection();
    const { insertedId } = await jobs.insertOne({ failCount: 'x' });
    const err = await refusal(() => jobs.updateOne({ _id: insertedId }, { $inc: { failCount: 1 } }));
    assert.equal(err.code, 14, err.message);
    await jobs.updateOne({ _id: insertedId }, { $inc: { attempts: 1 } });
    assert.deepEqual(await jobs.findOne({ _id: insertedId }, { projection: { _id: 0 } }), { failCount: 'x', attempts: 1 });
  });

  it('a unique sparse index skips documents missing the field, not those holding null (11000) — https://www.mongodb.com/docs/manual/core/index-sparse/#sparse-and-unique-properties', async () => {
    const db = mongo.client.db(mongo.names().queue);
    await ensureQueueIndexes(db);
    const jobs = db.collection('agendaJobs');
    await jobs.insertMany([{ name: 'splits' }, { name: 'splits' }, { name: 'splits', datasetSlot: 'a/b#0' }]);
    await jobs.insertOne({ name: 'splits', datasetSlot: null });
    const err = await refusal(() => jobs.insertOne({ name: 'splits', datasetSlot: null }));
    assert.equal(err.code, 11000, err.message);
    assert.equal((await refusal(() => jobs.insertOne({ name: 'splits', datasetSlot: 'a/b#0' }))).code, 11000);
    assert.equal(await jobs.countDocuments(), 4);
  });

  it('$unset removes the field, so that the sparse index skips the document again — https://www.mongodb.com/docs/manual/reference/operator/update/unset/', async () => {
    const db = mongo.client.db(mongo.names().queue);
    await ensureQueueIndexes(db);
    const jobs = db.collection('agendaJobs');
    const { insertedId } = await jobs.insertOne({ name: 'splits', datasetSlot: 'a/b#0' });
    await jobs.updateOne({ _id: insertedId }, { $set: { lockedAt: null }, $unset: { datasetSlot: '' } });
    const doc = await jobs.findOne({ _id: insertedId });
    assert.ok(doc && !('datasetSlot' in doc), 'the field is gone, not null');
    await jobs.insertOne({ name: 'splits', datasetSlot: 'a/b#0' });
    await jobs.insertOne({ name: 'splits' });
  });

  it('findOneAndUpdate is atomic under contention: 8 clients, 300 documents, each locked exactly once — https://www.mongodb.com/docs/manual/reference/method/db.collection.findOneAndUpdate/', async () => {
    const dbName = mongo.names().queue;
    await mongo.client
      .db(dbName)
      .collection('jobs')
      .insertMany(Array.from({ length: 300 }, (_, i) => ({ i, lockedAt: null, nextRunAt: new Date(Date.now() - 1000 + i) })));
    const taken = new Map<number, string[]>();
    await Promise.all(
      clients.map(async (c, k) => {
        const col = c.db(dbName).collection('jobs');
        for (;;) {
          const d = await col.findOneAndUpdate(
            { lockedAt: null, nextRunAt: { $lte: new Date() } },
            { $set: { lockedAt: new Date(), lockedBy: `c${k}` } },
            { sort: { nextRunAt: 1 }, returnDocument: 'before' },
          );
          if (!d) return;
          assert.equal(d.lockedAt, null, 'the document returned was unlocked before this write');
          taken.set(d.i as number, [...(taken.get(d.i as number) ?? []), `c${k}`]);
        }
      }),
    );
    assert.equal(taken.size, 300);
    const twice = [...taken].filter(([, by]) => by.length > 1);
    assert.deepEqual(twice, [], 'no document locked twice');
    const lockers = await mongo.client.db(dbName).collection('jobs').distinct('lockedBy');
    assert.ok(lockers.length > 1, 'several clients took part');
  });

  it('a write refused on a unique index (11000) changes nothing, findOneAndUpdate and updateOne alike — https://www.mongodb.com/docs/manual/core/index-unique/', async () => {
    const db = mongo.client.db(mongo.names().queue);
    await ensureQueueIndexes(db);
    const jobs = db.collection('agendaJobs');
    await jobs.insertOne({ name: 'splits', lockedAt: new Date(), datasetSlot: 'a/b#0' });
    const { insertedId } = await jobs.insertOne({ name: 'splits', lockedAt: null, attempts: 0, nextRunAt: new Date(0) });
    const before = await jobs.findOne({ _id: insertedId });
    const lock = { $set: { lockedAt: new Date(), lockToken: 't', datasetSlot: 'a/b#0' }, $inc: { attempts: 1 } };
    assert.equal((await refusal(() => jobs.findOneAndUpdate({ _id: insertedId, lockedAt: null }, lock))).code, 11000);
    assert.equal((await refusal(() => jobs.updateOne({ _id: insertedId, lockedAt: null }, lock))).code, 11000);
    assert.deepEqual(await jobs.findOne({ _id: insertedId }), before);
  });

  it('an ordered bulk write stops at its first error: the writes after it are not applied — https://www.mongodb.com/docs/manual/reference/method/db.collection.bulkWrite/#ordered-operations', async () => {
    const jobs = freshCollection();
    // a write every server refuses, whatever it makes of null
    const { insertedId } = await jobs.insertOne({ failCount: 'x' });
    const err = await refusal(() =>
      jobs.bulkWrite(
        [
          { updateOne: { filter: { _id: insertedId }, update: { $inc: { failCount: 1 } } } },
          { updateOne: { filter: { k: 'follow-up' }, update: { $setOnInsert: { k: 'follow-up' } }, upsert: true } },
        ],
        { ordered: true },
      ),
    );
    assert.equal(err.code, 14, err.message);
    assert.equal(await jobs.countDocuments({ k: 'follow-up' }), 0, 'the follow-up after the failed write was not added');
  });

  it('$currentDate and $$NOW are the server time (hello localTime) — https://www.mongodb.com/docs/manual/reference/operator/update/currentDate/ and https://www.mongodb.com/docs/manual/reference/aggregation-variables/#mongodb-variable-variable.NOW', async () => {
    const jobs = freshCollection();
    const t0 = await serverTime();
    const { insertedId } = await jobs.insertOne({ k: 1 });
    await jobs.updateOne({ _id: insertedId }, { $currentDate: { updated_at: true } });
    const [row] = await jobs
      .aggregate<{ updated_at: Date; now: Date }>([{ $match: { _id: insertedId } }, { $project: { updated_at: 1, now: '$$NOW' } }])
      .toArray();
    const t1 = await serverTime();
    assert.ok(row?.updated_at instanceof Date, '$currentDate writes a date');
    assert.ok(row.now instanceof Date, '$$NOW is a date');
    // The server's clock, between two readings of it (localTime has millisecond precision; a second's slack).
    for (const [what, t] of [
      ['$currentDate', row.updated_at.getTime()],
      ['$$NOW', row.now.getTime()],
    ] as const) {
      assert.ok(t >= t0 - 1000 && t <= t1 + 1000, `${what} ${new Date(t).toISOString()} within [${new Date(t0).toISOString()}, ${new Date(t1).toISOString()}]`);
    }
  });

  it('the TTL index of finished jobs, partial on a null nextRunAt, is accepted as the worker creates it — https://www.mongodb.com/docs/manual/core/index-ttl/ and https://www.mongodb.com/docs/manual/core/index-partial/', async () => {
    const db = mongo.client.db(mongo.names().queue);
    await db.collection('agendaJobs').insertOne({ name: 'splits', nextRunAt: null, lastFinishedAt: new Date() });
    await ensureFinishedJobsTtlIndex(db, 3600);
    const index = (await db.collection('agendaJobs').indexes()).find((i) => i.name === FINISHED_JOBS_TTL_INDEX);
    assert.ok(index, 'the index exists');
    assert.deepEqual(index.key, { lastFinishedAt: 1 });
    assert.equal(index.expireAfterSeconds, 3600);
    assert.deepEqual(index.partialFilterExpression, { name: 'splits', nextRunAt: { $type: 'null' } });
    await ensureFinishedJobsTtlIndex(db, 3600);
    // A partial index constrains nothing outside its filter: documents of every shape are still accepted.
    await db.collection('agendaJobs').insertMany([{ name: 'splits', nextRunAt: new Date() }, { name: 'other' }]);
  });

  it('the expiry of a TTL index is changed with collMod — https://www.mongodb.com/docs/manual/reference/command/collMod/#change-expiration-value-for-ttl-index', async (t) => {
    const db = mongo.client.db(mongo.names().queue);
    await db.collection('agendaJobs').insertOne({ name: 'splits', nextRunAt: null, lastFinishedAt: new Date() });
    await ensureFinishedJobsTtlIndex(db, 3600);
    try {
      await ensureFinishedJobsTtlIndex(db, 7200);
    } catch (err) {
      // mongo-java-server has no collMod command at all (59 CommandNotFound): a missing feature, not a forgiven
      // rule; the worker then logs that the TTL index was not changed, and its periodic purge still applies.
      if (err instanceof MongoServerError && err.code === 59 && !testMongoUrl()) return t.skip('the test server has no collMod (59 CommandNotFound)');
      throw err;
    }
    const changed = (await db.collection('agendaJobs').indexes()).find((i) => i.name === FINISHED_JOBS_TTL_INDEX);
    assert.equal(changed?.expireAfterSeconds, 7200);
  });

  it('concurrent upserts on a unique key: one inserts, every other matches or fails with 11000, one document in the end — https://www.mongodb.com/docs/manual/reference/method/db.collection.updateOne/#upsert-with-unique-index', async () => {
    const dbName = mongo.names().cache;
    await mongo.client.db(dbName).collection('entries').createIndex({ k: 1 }, { unique: true });
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        try {
          const r = await clients[i % clients.length]!.db(dbName)
            .collection('entries')
            .updateOne({ k: 'race' }, { $set: { v: i } }, { upsert: true });
          return r.upsertedCount === 1 ? 'inserted' : r.matchedCount === 1 ? 'matched' : 'neither';
        } catch (err) {
          if (err instanceof MongoServerError && err.code === 11000) return 'duplicate';
          throw err;
        }
      }),
    );
    assert.equal(outcomes.filter((o) => o === 'inserted').length, 1, outcomes.join(','));
    assert.ok(!outcomes.includes('neither'));
    assert.equal(await mongo.client.db(dbName).collection('entries').countDocuments({ k: 'race' }), 1);
  });

  it('the error codes the worker branches on: 11000 DuplicateKey; 85 IndexOptionsConflict or 86 IndexKeySpecsConflict for an index already there under other options — https://www.mongodb.com/docs/manual/reference/error-codes/', async () => {
    const cacheDb = mongo.client.db(mongo.names().cache);
    // src/cache/first-rows-response.ts: the first-rows service made the index first, not unique.
    await firstRowsResponseCollection(cacheDb).createIndex({ dataset_name: 1, config_name: 1, split_name: 1 });
    const err = await refusal(() => firstRowsResponseCollection(cacheDb).createIndex({ dataset_name: 1, config_name: 1, split_name: 1 }, { unique: true }));
    assert.ok(err.code === 85 || err.code === 86, `code ${err.code}: ${err.message}`);
    assert.equal(await ensureFirstRowsResponseIndexes(cacheDb), false, 'the worker keeps the index in place');
    // src/queue/lock-next-job.ts and src/cache/write-splits-response.ts: 11000, from findOneAndUpdate with and without upsert.
    const entries = cacheDb.collection('entries');
    await entries.createIndex({ k: 1 }, { unique: true });
    await entries.insertOne({ k: 'a', t: 2 });
    const upsert = await refusal(() => entries.findOneAndUpdate({ k: 'a', t: { $lte: 1 } }, { $set: { t: 1 } }, { upsert: true }));
    assert.equal(upsert.code, 11000, upsert.message);
    await entries.insertOne({ k: 'b' });
    assert.equal((await refusal(() => entries.findOneAndUpdate({ k: 'b' }, { $set: { k: 'a' } }))).code, 11000);
  });

  it('a write refused on a unique index names that index: its key pattern (keyPattern) or its name in the message (MongoDB: "index: <name> dup key"; DocumentDB: "Index \'<name>\'") — https://www.mongodb.com/docs/manual/core/index-unique/ and https://www.mongodb.com/docs/manual/reference/error-codes/', async () => {
    // src/queue/lock-next-job.ts heldSlotKind: a lock takes a dataset slot and a namespace slot in one write; the
    // error says which refused it (a server that said neither would cost one lookup per refusal, not a guarantee)
    const db = mongo.client.db(mongo.names().queue);
    await ensureQueueIndexes(db);
    const jobs = db.collection('agendaJobs');
    await jobs.insertOne({ name: 'splits', lockedAt: new Date(), datasetSlot: 'org/a#0', namespaceSlot: 'org#0' });
    const { insertedId } = await jobs.insertOne({ name: 'splits', lockedAt: null });
    const byNamespace = await refusal(() => jobs.findOneAndUpdate({ _id: insertedId }, { $set: { datasetSlot: 'org/b#0', namespaceSlot: 'org#0' } }));
    const byDataset = await refusal(() => jobs.findOneAndUpdate({ _id: insertedId }, { $set: { datasetSlot: 'org/a#0', namespaceSlot: 'org#1' } }));
    const names = (err: MongoServerError, field: string, index: string) =>
      (err.keyPattern !== undefined && field in err.keyPattern) || new RegExp(`\\b${index}\\b`).test(err.message);
    assert.ok(names(byNamespace, 'namespaceSlot', 'splits_namespace_slot'), `${byNamespace.message} ${JSON.stringify(byNamespace.keyPattern)}`);
    assert.ok(names(byDataset, 'datasetSlot', 'splits_dataset_slot'), `${byDataset.message} ${JSON.stringify(byDataset.keyPattern)}`);
  });

  it('$not with a regular expression, in an aggregation $match, keeps the documents whose string does not match it — https://www.mongodb.com/docs/manual/reference/operator/query/not/#-not-and-regular-expressions', async () => {
    // src/queue/lock-next-job.ts findDueJobs: the read past a flood leaves the flood's namespaces out
    const c = freshCollection('not_regex');
    await c.insertMany(['flood/a', 'flood/b', 'flood', 'flooded/x', 'bob/one', 'solo'].map((dataset) => ({ data: { dataset } })));
    const rows = await c
      .aggregate<{ data: { dataset: string } }>([{ $match: { 'data.dataset': { $not: /^(?:flood)(?:\/|$)/ } } }, { $sort: { 'data.dataset': 1 } }])
      .toArray();
    assert.deepEqual(
      rows.map((r) => r.data.dataset),
      ['bob/one', 'flooded/x', 'solo'],
    );
  });
  it("a filter is the AND of all its conditions, also where one of them is an equality on a unique field (the `_id`, a unique index's field): a find, a find-and-modify, an update and an upsert match only documents that meet every one — https://www.mongodb.com/docs/manual/tutorial/query-documents/#specify-and-conditions", async () => {
    // The lock (`_id` and "still due and unlocked"), the fenced writes (`_id` and the lock's token) and the cache
    // write (`dataset_name` and "not newer") rest on it. The strict test server serves such a filter by the unique
    // index and applies the rest to what it finds (AbstractMongoCollection.queryDocuments): its answers must be
    // those of a scan.
    const c = freshCollection('unique_and_more');
    await c.createIndex({ key: 1 }, { unique: true });
    await c.createIndex({ slot: 1 }, { unique: true, sparse: true });
    const { insertedId: id } = await c.insertOne({ key: 'a', token: 't1', n: 1, tags: ['x', 'y'] });
    await c.insertOne({ key: 'b', token: 't2', n: 2, slot: 's' });
    await c.insertOne({ key: ['c', 'd'], token: 't3', n: 3 });

    assert.equal(await c.countDocuments({ _id: id, token: 't1' }), 1);
    assert.equal(await c.countDocuments({ _id: id, token: 't2' }), 0);
    assert.equal(await c.countDocuments({ key: 'a', n: { $gt: 0 } }), 1);
    assert.equal(await c.countDocuments({ key: 'a', n: { $gt: 1 } }), 0);
    // an array of the unique field: the document is found by each of its elements
    assert.equal(await c.countDocuments({ key: 'd', token: 't3' }), 1);
    // null matches a missing field, which a sparse index does not hold
    assert.deepEqual((await c.find({ slot: null, token: { $in: ['t1', 't3'] } }).toArray()).map((d) => String(d['token'])).sort(), ['t1', 't3']);

    assert.equal(await c.findOneAndUpdate({ _id: id, token: 'other' }, { $set: { n: 10 } }), null);
    assert.equal((await c.updateOne({ _id: id, token: 'other' }, { $set: { n: 10 } })).matchedCount, 0);
    assert.equal((await c.updateOne({ _id: id, token: 't1' }, { $set: { n: 11 } })).modifiedCount, 1);
    assert.equal((await c.findOne({ _id: id }))?.['n'], 11);
    // an upsert whose other condition fails inserts: here the unique index then refuses the second 'a'
    const err = await refusal(() => c.updateOne({ key: 'a', n: { $lt: 5 } }, { $set: { token: 'new' } }, { upsert: true }));
    assert.equal(err.code, 11000);
    assert.equal(await c.countDocuments({}), 3);
  });
});
