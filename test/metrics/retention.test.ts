/**
 * Finished jobs are purged after FINISHED_JOBS_RETENTION_SECONDS: by a TTL index where MongoDB expires
 * documents, and by the worker's periodic purge everywhere (the test server never expires TTL documents).
 * Jobs waiting, running, or waiting for a retry are never purged, whatever their age.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectId, type Db } from 'mongodb';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { spawnWorker, waitFor, waitForLog, workerEnv } from '../helpers/workers.ts';
import { ensureFinishedJobsTtlIndex, purgeFinishedJobs, FINISHED_JOBS_TTL_INDEX } from '../../src/retention/finished-jobs.ts';

let mongo: TestMongo;
before(async () => {
  mongo = await startTestMongo();
});
after(async () => {
  await mongo.close();
});

const HOUR = 3600_000;

/** One job of each kind, the finished ones `ageMs` old. */
async function seed(db: Db, ageMs: number): Promise<Record<string, ObjectId>> {
  const now = Date.now();
  const at = new Date(now - ageMs);
  const docs = {
    success: { lastRunAt: at, lastFinishedAt: at, nextRunAt: null, lockedAt: null },
    error: { lastRunAt: at, lastFinishedAt: at, failedAt: at, failCount: 1, failReason: 'DatasetNotFoundError: …', nextRunAt: null, lockedAt: null },
    superseded: { lastRunAt: at, lastFinishedAt: at, nextRunAt: null, lockedAt: null, supersededBy: new ObjectId().toHexString() },
    retryWaiting: { lastRunAt: at, lastFinishedAt: at, failCount: 1, nextRunAt: new Date(now + 60_000), lockedAt: null },
    waiting: { nextRunAt: at, lockedAt: null },
    started: { lastRunAt: at, nextRunAt: at, lockedAt: new Date(now) },
  };
  const ids: Record<string, ObjectId> = {};
  for (const [kind, fields] of Object.entries(docs)) {
    ids[kind] = (await db.collection('agendaJobs').insertOne({ name: 'splits', data: { dataset: `user/${kind}` }, priority: 0, type: 'normal', ...fields })).insertedId;
  }
  return ids;
}

async function kindsLeft(db: Db, ids: Record<string, ObjectId>): Promise<string[]> {
  const left = new Set((await db.collection('agendaJobs').find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)));
  return Object.entries(ids).filter(([, id]) => left.has(String(id))).map(([k]) => k).sort();
}

describe('the retention of finished jobs', () => {
  it('purges finished jobs (success, error, superseded) older than the retention, and nothing else', async () => {
    const db = mongo.client.db(mongo.names().queue);
    const old = await seed(db, 2 * HOUR);
    const recent = await seed(db, 10 * 60_000);
    assert.equal(await purgeFinishedJobs(db, { retentionSeconds: 3600, batchSize: 2 }), 3);
    assert.deepEqual(await kindsLeft(db, old), ['retryWaiting', 'started', 'waiting']);
    assert.deepEqual(await kindsLeft(db, recent), ['error', 'retryWaiting', 'started', 'success', 'superseded', 'waiting']);
  });

  it('keeps everything with a retention of 0', async () => {
    const db = mongo.client.db(mongo.names().queue);
    const old = await seed(db, 1000 * HOUR);
    assert.equal(await purgeFinishedJobs(db, { retentionSeconds: 0 }), 0);
    assert.equal((await kindsLeft(db, old)).length, 6);
  });

  it('defines a partial TTL index on lastFinishedAt, changes its expiry with the retention, and drops it at 0', async () => {
    const db = mongo.client.db(mongo.names().queue);
    await db.createCollection('agendaJobs');
    const ttl = async () => (await db.collection('agendaJobs').indexes()).find((i) => i.name === FINISHED_JOBS_TTL_INDEX);
    await ensureFinishedJobsTtlIndex(db, 7200);
    const index = await ttl();
    assert.deepEqual(index?.key, { lastFinishedAt: 1 });
    assert.equal(index?.expireAfterSeconds, 7200);
    assert.deepEqual(index?.partialFilterExpression, { name: 'splits', nextRunAt: { $type: 'null' } });
    await ensureFinishedJobsTtlIndex(db, 0);
    assert.equal(await ttl(), undefined);
  });

  it('is applied by a running worker: old finished jobs go at start-up', async () => {
    const names = mongo.names();
    const db = mongo.client.db(names.queue);
    const old = await seed(db, 3 * HOUR);
    const worker = spawnWorker(workerEnv(mongo, names, { FINISHED_JOBS_RETENTION_SECONDS: '7200', WORKER_SLEEP_SECONDS: '60' }));
    try {
      await waitForLog(worker, 'finished jobs purged');
      const left = await waitFor(async () => {
        const k = await kindsLeft(db, old);
        return !k.includes('success') && k;
      }, 10_000, 'the purge');
      // the old started job's lock is not expired (lockedAt is now), the waiting ones may have been run since
      assert.ok(!left.includes('error') && !left.includes('superseded'), left.join());
      assert.ok(left.includes('retryWaiting'));
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
  });
});
