import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MongoClient, type CommandStartedEvent, type Document, type ObjectId } from 'mongodb';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { SplitsQueue } from '../../src/producer/splits-queue.ts';
import { findDueJobs, lockJob } from '../../src/queue/lock-next-job.ts';
import { renewJobLease } from '../../src/queue/renew-job-lease.ts';
import { finishJob } from '../../src/queue/finish-job.ts';
import { ensureQueueIndexes } from '../../src/queue/ensure-queue-indexes.ts';
import { JOBS_COLLECTION, type HeldLock } from '../../src/queue/job-lock.ts';

// A write retried after a primary's step-down reaches the new primary a second time. A replica set recognises
// a retryable write (its transaction number) and answers with the first result; this test takes the worst case,
// a server that does not: each fenced write of a run (the lock, a renewal, the finish with its follow-up jobs)
// is captured as the driver sent it and sent again as is, and the queue must be exactly as one write left it.

let mongo: TestMongo;
let client: MongoClient;
const sent: CommandStartedEvent[] = [];
before(async () => {
  mongo = await startTestMongo();
  client = new MongoClient(mongo.url, { monitorCommands: true });
  client.on('commandStarted', (e) => sent.push(e));
  await client.connect();
});
after(async () => {
  await client.close();
  await mongo.close();
});

/** the last write command sent, without its session fields, ready to be sent again */
function lastWrite(name: 'findAndModify' | 'update'): Document {
  const e = sent.filter((c) => c.commandName === name).at(-1);
  assert.ok(e, `a ${name} was sent`);
  return Object.fromEntries(Object.entries(e.command).filter(([k]) => !k.startsWith('$') && k !== 'lsid' && k !== 'txnNumber'));
}

const byId = (docs: Document[], lock: HeldLock): Document => {
  const doc = docs.find((d) => lock.jobId.equals(d._id as ObjectId));
  assert.ok(doc, 'the job is there');
  return doc;
};

describe('a fenced write sent twice leaves the queue as one write does', () => {
  it('lock, renewal, finish with follow-ups, and a failure with its count', async () => {
    const names = mongo.names();
    const queueDb = client.db(names.queue);
    await ensureQueueIndexes(queueDb);
    const producer = await SplitsQueue.connect(mongo.url, { queueDatabase: names.queue });
    await producer.enqueue(['org/a', 'org/b']);
    await producer.close();
    const jobs = queueDb.collection(JOBS_COLLECTION);
    const snapshot = () => jobs.find({}).sort({ _id: 1 }).toArray();
    const run: Document[] = [];
    const replay = async (name: 'findAndModify' | 'update', expectChange: (before: Document[]) => void): Promise<Document> => {
      const cmd = lastWrite(name);
      run.push(cmd);
      const once = await snapshot();
      expectChange(once);
      const reply = await queueDb.command(cmd);
      assert.deepEqual(await snapshot(), once, `${name} sent again changed the queue`);
      return reply;
    };

    const lockOne = async (dataset: string): Promise<HeldLock> => {
      const [candidate] = (await findDueJobs(jobs, { name: 'splits', now: new Date(), limit: 64 })).filter(
        (c) => (c.data as { dataset?: string }).dataset === dataset,
      );
      assert.ok(candidate);
      const r = await lockJob(jobs, candidate, {
        name: 'splits',
        now: new Date(),
        leaseMs: 60_000,
        maxDurationMs: 600_000,
        workerId: 'w1',
        datasetSlot: { dataset, limit: 1 },
      });
      assert.ok('locked' in r, JSON.stringify(r));
      return r.locked.lock;
    };

    // the lock: sent again, it finds the job locked and changes nothing (one attempt counted, one slot taken)
    const lock = await lockOne('org/a');
    const lockReply = await replay('findAndModify', (docs) => {
      const job = byId(docs, lock);
      assert.equal(job.lockToken, lock.token);
      assert.equal(job.attempts, 1);
      assert.equal(job.datasetSlot, 'org/a#0');
    });
    assert.equal(lockReply.value, null, 'the replayed lock matched nothing');

    // a renewal: the same lease again
    assert.equal(await renewJobLease(jobs, lock, { leaseExpiresAt: new Date(Date.now() + 60_000), progress: 50 }), true);
    await replay('update', (docs) => assert.equal(byId(docs, lock).progress, 50));

    // the finish with two follow-up jobs (the first-rows hand-off's upserts): no second end, no third job
    const followUps = ['s1', 's2'].map((split) => ({
      filter: { name: 'first-rows', 'data.dataset': 'org/a', 'data.split': split, lockedAt: null },
      setOnInsert: { nextRunAt: new Date(), priority: 0 },
    }));
    const end = await finishJob(jobs, lock, { kind: 'success' }, new Date(), followUps);
    assert.deepEqual(end, { finished: true, inserted: [0, 1] });
    await replay('update', (docs) => {
      const job = byId(docs, lock);
      assert.equal(job.lockToken, null);
      assert.equal(job.datasetSlot, undefined);
      assert.equal(docs.filter((d) => d.name === 'first-rows').length, 2);
    });

    // late duplicates: the lock, the renewal and the finish, each delivered again after the run has ended (a
    // retry that lost the race with the writes after it); the token's fence keeps the ended job as it is
    const ended = await snapshot();
    for (const cmd of run) await queueDb.command(cmd);
    assert.deepEqual(await snapshot(), ended, 'a late duplicate of a write of the run changed the queue');

    // a failure to retry later: its count is set once, not doubled by the replay
    const other = await lockOne('org/b');
    const retryAt = new Date(Date.now() + 3_600_000);
    assert.equal((await finishJob(jobs, other, { kind: 'retry', reason: 'Hub down', retryAt }, new Date())).finished, true);
    await replay('update', (docs) => {
      const job = byId(docs, other);
      assert.equal(job.failCount, 1);
      assert.deepEqual(job.nextRunAt, retryAt);
    });
  });
});
