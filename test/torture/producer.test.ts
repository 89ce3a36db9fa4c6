import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { enqueueWithRetries, ensureProducerIndex } from './torture.ts';

let mongo: TestMongo;
before(async () => {
  mongo = await startTestMongo();
});
after(async () => {
  await mongo.close();
});

describe("the torture test's producer", () => {
  it('tries an enqueue again after an error (here: its MongoDB frozen past the time-out), and never doubles a job whose insert landed anyway', async (t) => {
    if (process.env.TEST_MONGO_URL) return t.skip('the server is not ours to freeze');
    const names = mongo.names();
    // A producer that gives up on an answer after 300 ms, as a service with a socket time-out would.
    const client = await MongoClient.connect(mongo.url, { socketTimeoutMS: 300, serverSelectionTimeoutMS: 5_000 });
    // Nothing but the enqueue goes through that client: Agenda's own index (created at `ready`) is left out, for a
    // loaded machine's server may take longer than 300 ms to build it, and the test is about the enqueue.
    const agenda = new Agenda({ backend: new MongoBackend({ mongo: client.db(names.queue), ensureIndex: false }) });
    await agenda.ready;
    const jobs = mongo.client.db(names.queue).collection('agendaJobs');
    await ensureProducerIndex(jobs);
    const report = { retries: 0, failures: [] as string[] };
    try {
      mongo.pauseServer();
      const thaw = setTimeout(() => mongo.resumeServer(), 1500);
      const id = await enqueueWithRetries(agenda, jobs, { dataset: 'org/d1', seq: 7 }, report, () => {});
      clearTimeout(thaw);
      mongo.resumeServer();
      assert.ok(id, `enqueued (${report.failures.join('; ')})`);
      assert.ok(report.retries >= 1, 'the first try failed and was tried again');
      assert.deepEqual(report.failures, []);
      assert.equal(await jobs.countDocuments({ 'data.seq': 7 }), 1, 'one job, not two');
      assert.equal((await jobs.findOne({ 'data.seq': 7 }))?._id.toHexString(), id);
    } finally {
      mongo.resumeServer();
      await client.close();
    }
  });
});
