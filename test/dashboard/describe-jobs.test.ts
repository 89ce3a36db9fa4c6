/** The dashboard's job list tells a skipped job (its cached answer was current) and a superseded one apart from a computed one. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { describeJobs } from '../../src/dashboard/describe-jobs.ts';
import { JOBS_COLLECTION } from '../../src/queue/queue-backend.ts';

let mongo: TestMongo;
before(async () => {
  mongo = await startTestMongo();
});
after(async () => {
  await mongo.close();
});

describe("the dashboard's job list", () => {
  it('marks skipped and superseded jobs', async () => {
    const db = mongo.client.db(mongo.names().queue);
    const finished = { name: 'splits', nextRunAt: null, lockedAt: null, lastFinishedAt: new Date(), failCount: 0 };
    const { insertedIds } = await db.collection(JOBS_COLLECTION).insertMany([
      { ...finished, data: { dataset: 'user/computed' } },
      { ...finished, data: { dataset: 'user/skipped' }, skipped: true },
      { ...finished, data: { dataset: 'user/answered' }, supersededBy: 'abc' },
    ]);
    const ids = Object.values(insertedIds).map(String);
    const body = { jobs: ids.map((_id, i) => ({ job: { _id, name: 'splits', data: { dataset: ['user/computed', 'user/skipped', 'user/answered'][i] } } })) };
    await describeJobs(body, db);
    assert.deepEqual(
      body.jobs.map((j) => j.job.name),
      ['splits · user/computed', 'splits · user/skipped · skipped', 'splits · user/answered · superseded by abc'],
    );
    assert.deepEqual(body.jobs[1]!.job.data, { dataset: 'user/skipped', skipped: true });
  });
});
