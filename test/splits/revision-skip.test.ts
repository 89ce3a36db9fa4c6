/**
 * Revision-aware answers, with a real worker process (the build) and the local Hub: a job whose dataset is still
 * at the cached revision, answered by this JOB_RUNNER_VERSION with a final result (a success or a cached error),
 * ends as `skipped` after one Hub request (the repo info), writing nothing; `force: true`, a new revision and
 * an entry of an older version recompute; a transient failure is never cached, so its retry computes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ObjectId } from 'mongodb';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { spawnWorker, BUILT_WORKER, waitFor, waitForLog, workerEnv, transientFailures, type WorkerHandle } from '../helpers/workers.ts';
import { LocalHub } from '../../src/local-hub/hub-server.ts';
import { buildFixtures } from '../fixtures/build-fixtures.ts';
import { readSplitsResponse } from '../../src/cache/read-splits-response.ts';
import { splitsResponseCollection } from '../../src/cache/splits-response.ts';
import { countJobsByState } from '../../src/queue/count-jobs-by-state.ts';
import { JOBS_COLLECTION } from '../../src/queue/queue-backend.ts';
import { SplitsQueue } from '../../src/producer/splits-queue.ts';
import { JOB_RUNNER_VERSION } from '../../src/splits/revision.ts';

let mongo: TestMongo;
let hub: LocalHub;
let worker: WorkerHandle;
let queue: SplitsQueue;
let names: { queue: string; cache: string };
let repos: string;

before(async () => {
  mongo = await startTestMongo();
  // a copy of the fixtures, so that a test can change a repo
  repos = mkdtempSync(path.join(os.tmpdir(), 'splits-revision-'));
  cpSync(buildFixtures(), repos, { recursive: true });
  hub = new LocalHub(repos);
  await hub.listen();
  names = mongo.names();
  worker = spawnWorker(
    workerEnv(mongo, names, {
      HF_ENDPOINT: hub.url,
      HF_DATASETS_CACHE: mkdtempSync(path.join(os.tmpdir(), 'splits-hf-')),
      HF_MAX_RETRIES: '0',
      WORKER_RETRY_BASE_SECONDS: '0.3',
      WORKER_MAX_ATTEMPTS: '10',
    }),
    BUILT_WORKER,
  );
  await waitForLog(worker, 'worker started');
  queue = await SplitsQueue.connect(mongo.url, { queueDatabase: names.queue });
});

after(async () => {
  await queue.close();
  worker.child.kill('SIGTERM');
  await worker.exited;
  await hub.close();
  await mongo.close();
});

const cacheDb = () => mongo.client.db(names.cache);
const jobs = () => mongo.client.db(names.queue).collection(JOBS_COLLECTION);

/** Enqueues one job and waits for its end; returns its document and the Hub requests it made. */
async function run(dataset: string, options: { force?: boolean } = {}) {
  hub.resetStats();
  const [id] = await queue.enqueue(dataset, options);
  const job = await waitFor(
    () => jobs().findOne({ _id: new ObjectId(id), lockedAt: null, nextRunAt: null, lastFinishedAt: { $ne: null } }),
    30_000,
    `the job of ${dataset} ended`,
  );
  return { job, requests: hub.stats.requests, byEndpoint: { ...hub.stats.byEndpoint } };
}

describe('revision-aware answers', () => {
  it('records the revision and the version, then skips a job of an unchanged dataset after one Hub request', async () => {
    const first = await run('acme/single-jsonl');
    assert.equal(first.job.skipped, undefined);
    const entry = await readSplitsResponse(cacheDb(), 'acme/single-jsonl');
    assert.equal(entry?.http_status, 200);
    assert.equal(entry?.dataset_git_revision, '201fc37f1716d9db933fbfc1ef01b15e6d7b1fb1', 'the sha of .hub-repo.json, as the repo info gave it');
    assert.equal(entry?.job_runner_version, JOB_RUNNER_VERSION);
    assert.ok(first.requests > 1, `the computation read more than the repo info (${first.requests})`);

    const second = await run('acme/single-jsonl');
    assert.equal(second.job.skipped, true, 'the job ended as skipped');
    assert.equal(second.job.failCount, 0);
    assert.equal(second.requests, 1, `one Hub request: ${JSON.stringify(second.byEndpoint)}`);
    assert.deepEqual(second.byEndpoint, { info: 1 });
    assert.deepEqual(await readSplitsResponse(cacheDb(), 'acme/single-jsonl'), entry, 'no cache write');
    const counts = await countJobsByState(mongo.client.db(names.queue), 'splits');
    assert.equal(counts.skipped, 1);
    assert.equal(counts.success, 1);
  });

  it('recomputes a job enqueued with force: true', async () => {
    const before = await readSplitsResponse(cacheDb(), 'acme/single-jsonl');
    const forced = await run('acme/single-jsonl', { force: true });
    assert.equal(forced.job.skipped, undefined);
    assert.deepEqual(forced.job.data, { dataset: 'acme/single-jsonl', force: true });
    assert.ok(forced.requests > 1, `the computation ran (${JSON.stringify(forced.byEndpoint)})`);
    const after = await readSplitsResponse(cacheDb(), 'acme/single-jsonl');
    assert.ok(after && before && after.updated_at > before.updated_at, 'the entry was written again');
  });

  it('recomputes when the dataset moved to a new revision', async () => {
    const dir = path.join(repos, 'acme', 'single-jsonl');
    const newSha = 'ab'.repeat(20);
    appendFileSync(path.join(dir, 'dataset.jsonl'), '{"text": "one more row"}\n');
    writeFileSync(path.join(dir, '.hub-repo.json'), JSON.stringify({ sha: newSha }));
    hub.store.reset();
    const res = await run('acme/single-jsonl');
    assert.equal(res.job.skipped, undefined);
    assert.ok(res.requests > 1);
    const entry = await readSplitsResponse(cacheDb(), 'acme/single-jsonl');
    assert.equal(entry?.dataset_git_revision, newSha);
    // and at the new revision, the next job skips again
    assert.equal((await run('acme/single-jsonl')).job.skipped, true);
  });

  it('recomputes an entry written by an older answer version', async () => {
    await splitsResponseCollection(cacheDb()).updateOne({ dataset_name: 'acme/single-jsonl' }, { $set: { job_runner_version: JOB_RUNNER_VERSION - 1 } });
    const res = await run('acme/single-jsonl');
    assert.equal(res.job.skipped, undefined);
    assert.ok(res.requests > 1);
    assert.equal((await readSplitsResponse(cacheDb(), 'acme/single-jsonl'))?.job_runner_version, JOB_RUNNER_VERSION);
  });

  it('recomputes an entry without a revision (written before this change)', async () => {
    await splitsResponseCollection(cacheDb()).updateOne(
      { dataset_name: 'acme/single-jsonl' },
      { $unset: { dataset_git_revision: '', job_runner_version: '' } },
    );
    const res = await run('acme/single-jsonl');
    assert.equal(res.job.skipped, undefined);
    assert.ok(res.requests > 1);
  });

  it('skips a cached permanent error at the same revision', async () => {
    const first = await run('acme/script-only');
    assert.match(String(first.job.failReason), /DatasetWithScriptNotSupportedError/);
    const entry = await readSplitsResponse(cacheDb(), 'acme/script-only');
    assert.equal(entry?.error_code, 'DatasetWithScriptNotSupportedError');
    assert.equal(typeof entry?.dataset_git_revision, 'string');
    const second = await run('acme/script-only');
    assert.equal(second.job.skipped, true);
    assert.equal(second.job.failCount, 0, 'a skip is not a failure');
    assert.deepEqual(second.byEndpoint, { info: 1 });
    assert.deepEqual(await readSplitsResponse(cacheDb(), 'acme/script-only'), entry);
  });

  it('a skip answers the waiting jobs of the dataset as a computation does, but never a forced one', async () => {
    // three plain jobs and a forced one, in one command: whichever the worker takes first, the plain ones end
    // skipped or superseded by a skipped job, and the forced one computes.
    const at = new Date();
    const docs = [false, false, false, true].map((force) => ({
      name: 'splits',
      data: force ? { dataset: 'acme/script-only', force: true } : { dataset: 'acme/script-only' },
      type: 'normal',
      priority: 0,
      nextRunAt: at,
      lockedAt: null,
      lastRunAt: null,
    }));
    const { insertedIds } = await jobs().insertMany(docs);
    const ids = Object.values(insertedIds);
    const ended = await waitFor(
      async () => {
        const found = await jobs()
          .find({ _id: { $in: ids }, lockedAt: null, nextRunAt: null, lastFinishedAt: { $ne: null } })
          .toArray();
        return found.length === ids.length ? found : undefined;
      },
      30_000,
      'the four jobs ended',
    );
    const byId = new Map(ended.map((j) => [String(j._id), j]));
    const forced = byId.get(String(ids[3]))!;
    assert.equal(forced.supersededBy, undefined, 'a forced job is not answered by a skip');
    assert.equal(forced.skipped, undefined);
    assert.match(String(forced.failReason), /DatasetWithScriptNotSupportedError/, 'the forced job computed its answer');
    for (const id of ids.slice(0, 3)) {
      const job = byId.get(String(id))!;
      const answeredBy = job.supersededBy ? (await jobs().findOne({ _id: new ObjectId(String(job.supersededBy)) }))! : job;
      assert.equal(
        answeredBy.skipped === true || (answeredBy.data as { force?: unknown } | undefined)?.force === true,
        true,
        `job ${String(id)} ended skipped or was answered by a run`,
      );
    }
  });

  it('retries a transient failure, which is never cached, and computes', async () => {
    const failures = transientFailures(worker);
    hub.faults.push({ match: ({ path: p }) => p.includes('/acme/split-in-filenames/tree/'), status: 500, times: 2 });
    const res = await run('acme/split-in-filenames');
    hub.faults.length = 0;
    assert.ok(transientFailures(worker) >= failures + 2, 'two transient failures, then the retry');
    assert.equal(res.job.skipped, undefined);
    assert.equal(res.job.failCount, 0);
    const entry = await readSplitsResponse(cacheDb(), 'acme/split-in-filenames');
    assert.equal(entry?.http_status, 200);
    assert.equal(typeof entry?.dataset_git_revision, 'string');
  });
});
