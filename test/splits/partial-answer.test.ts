/**
 * The two-phase answer, with real worker processes (the build), the local Hub and the test MongoDB server: a
 * dataset whose exact counts need more than PARTIAL_ANSWER_FOOTER_READS footer reads gets a partial entry first
 * (configs and splits, `num_examples` null, `progress` < 1), then the final one in the same document; the
 * first-rows hand-off runs once, after the final answer; a partial entry at the dataset's revision is never
 * skipped; a worker killed between the two writes leaves the partial entry, which the job's rerun completes. A
 * dataset under the threshold is written once, as before. The Hub holds the footer reads (a fault whose answer
 * waits) while the test reads the cache: no timing is assumed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { linkSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ObjectId } from 'mongodb';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { spawnWorker, BUILT_WORKER, transientFailures, waitFor, waitForLog, workerEnv, type WorkerHandle } from '../helpers/workers.ts';
import { LocalHub, type Fault } from '../../src/local-hub/hub-server.ts';
import { readSplitsResponse } from '../../src/cache/read-splits-response.ts';
import { ensureSplitsResponseIndexes, splitsResponseCollection } from '../../src/cache/splits-response.ts';
import { errorEntry, successEntry, writeSplitsResponse } from '../../src/cache/write-splits-response.ts';
import { SplitsNamesError } from '../../src/splits/errors.ts';
import { JOBS_COLLECTION } from '../../src/queue/queue-backend.ts';
import { SplitsQueue } from '../../src/producer/splits-queue.ts';
import { JOB_RUNNER_VERSION } from '../../src/splits/revision.ts';
import { waitingFirstRowsJobs } from '../firstrows/fixtures.ts';

/** The threshold the workers run with: 4 footer reads (the repos over it have 7 files, the one under it 3). */
const THRESHOLD = '4';

let mongo: TestMongo;
let hub: LocalHub;
let repos: string;

function parquet(rows: number): Uint8Array {
  const ids = Array.from({ length: rows }, (_, i) => i);
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'id', data: ids, type: 'INT32' },
        { name: 'text', data: ids.map((i) => `row ${i}`), type: 'STRING' },
      ],
    }),
  );
}

/** A repo of `train` parquet files of 10 rows each in data/train/ and one of 5 rows in data/test/. */
function parquetRepo(id: string, train: number, sha: string): void {
  const dir = path.join(repos, id);
  mkdirSync(path.join(dir, 'data/train'), { recursive: true });
  mkdirSync(path.join(dir, 'data/test'), { recursive: true });
  const first = path.join(dir, 'data/train/part-00000.parquet');
  writeFileSync(first, parquet(10));
  for (let i = 1; i < train; i++) linkSync(first, path.join(dir, `data/train/part-${String(i).padStart(5, '0')}.parquet`));
  writeFileSync(path.join(dir, 'data/test/part-00000.parquet'), parquet(5));
  writeFileSync(path.join(dir, '.hub-repo.json'), JSON.stringify({ sha }));
}

before(async () => {
  mongo = await startTestMongo();
  repos = mkdtempSync(path.join(os.tmpdir(), 'splits-partial-'));
  parquetRepo('acme/many-parquet', 6, 'a1'.repeat(20));
  parquetRepo('acme/few-parquet', 2, 'b2'.repeat(20));
  parquetRepo('acme/killed-parquet', 6, 'c3'.repeat(20));
  parquetRepo('acme/flaky-parquet', 6, 'd4'.repeat(20));
  hub = new LocalHub(repos);
  await hub.listen();
});

after(async () => {
  await hub.close();
  await mongo.close();
});

function env(names: { queue: string; cache: string }, extra: Record<string, string> = {}): Record<string, string> {
  return workerEnv(mongo, names, {
    HF_ENDPOINT: hub.url,
    HF_DATASETS_CACHE: mkdtempSync(path.join(os.tmpdir(), 'splits-partial-hf-')),
    HF_MAX_RETRIES: '0',
    FIRST_ROWS_HANDOFF_ENABLED: 'true',
    PARTIAL_ANSWER_FOOTER_READS: THRESHOLD,
    LOG_LEVEL: 'DEBUG',
    ...extra,
  });
}

/** Holds every footer read of `dataset` (its parquet files' resolves) until `release`; counts those that came. */
function holdFooterReads(dataset: string, active: () => boolean = () => true) {
  let open!: () => void;
  const until = new Promise<void>((resolve) => (open = resolve));
  let held = 0;
  const fault: Fault = {
    match: ({ path: p }) => {
      const hit = p.startsWith(`/datasets/${dataset}/resolve/`) && p.endsWith('.parquet') && active();
      if (hit) held++;
      return hit;
    },
    until,
  };
  hub.faults.push(fault);
  return {
    /** a footer read came: the computation is counting, so whatever it writes before the counts is written */
    started: () => waitFor(async () => held > 0, 30_000, `a footer read of ${dataset}`),
    release: () => {
      const at = hub.faults.indexOf(fault);
      if (at >= 0) hub.faults.splice(at, 1);
      open();
    },
  };
}

async function stop(w: WorkerHandle): Promise<void> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  await w.exited;
}

function lines(w: WorkerHandle, msg: string, dataset: string): number {
  return w
    .logs()
    .split('\n')
    .filter((l) => l.includes(`"msg":"${msg}"`) && l.includes(`"dataset":"${dataset}"`)).length;
}

describe('the two-phase answer', () => {
  let names: { queue: string; cache: string };
  let worker: WorkerHandle;
  let queue: SplitsQueue;
  const cacheDb = () => mongo.client.db(names.cache);
  const queueDb = () => mongo.client.db(names.queue);

  before(async () => {
    names = mongo.names();
    worker = spawnWorker(env(names, { WORKER_RETRY_BASE_SECONDS: '0.3' }), BUILT_WORKER);
    await waitForLog(worker, 'worker started');
    queue = await SplitsQueue.connect(mongo.url, { queueDatabase: names.queue });
  });

  after(async () => {
    await queue.close();
    await stop(worker);
  });

  async function ended(id: string) {
    return waitFor(
      () =>
        queueDb()
          .collection(JOBS_COLLECTION)
          .findOne({ _id: new ObjectId(id), lockedAt: null, nextRunAt: null, lastFinishedAt: { $ne: null } }),
      30_000,
      `job ${id} ended`,
    );
  }

  it('over the threshold: a partial entry (splits, counts null, progress < 1) before any footer is read, then the final one with the exact counts, and the hand-off once after it', async () => {
    const hold = holdFooterReads('acme/many-parquet');
    const [id] = await queue.enqueue('acme/many-parquet');
    try {
      await hold.started();
      const partial = await readSplitsResponse(cacheDb(), 'acme/many-parquet');
      assert.ok(partial, 'the partial answer is in the cache while the footers are read');
      assert.equal(partial.http_status, 200);
      assert.equal(partial.error_code, null);
      assert.deepEqual(partial.response, {
        splits: [
          { dataset: 'acme/many-parquet', config: 'default', split: 'train', num_bytes: null, num_examples: null },
          { dataset: 'acme/many-parquet', config: 'default', split: 'test', num_bytes: null, num_examples: null },
        ],
      });
      assert.equal(partial.progress, 0, 'no split has its count yet');
      assert.equal(partial.dataset_git_revision, 'a1'.repeat(20));
      assert.equal(partial.job_runner_version, null, 'a partial entry carries no version: no worker takes it as current');
      assert.deepEqual(await waitingFirstRowsJobs(queueDb()), [], 'no hand-off on a partial answer');
    } finally {
      hold.release();
    }
    const job = await ended(id!);
    assert.equal(job.failCount, 0);
    assert.equal(job.skipped, undefined);
    const final = await readSplitsResponse(cacheDb(), 'acme/many-parquet');
    assert.equal(final?.progress, 1);
    assert.equal(final?.job_runner_version, JOB_RUNNER_VERSION);
    assert.deepEqual(
      (final?.response as { splits: { split: string; num_examples: number | null }[] }).splits.map((s) => [s.split, s.num_examples]),
      [
        ['train', 60],
        ['test', 5],
      ],
    );
    assert.deepEqual(await waitingFirstRowsJobs(queueDb()), ['acme/many-parquet/default/test', 'acme/many-parquet/default/train']);
    await waitFor(async () => lines(worker, 'first-rows handed off', 'acme/many-parquet') > 0, 10_000, 'the hand-off logged');
    assert.equal(lines(worker, 'first-rows handed off', 'acme/many-parquet'), 1, 'the hand-off ran once');
    assert.equal(lines(worker, 'splits cached: partial answer, counts to come', 'acme/many-parquet'), 1);
    assert.equal(lines(worker, 'splits cached', 'acme/many-parquet'), 1, 'and one final write');
  });

  it('under the threshold: one write, the final answer, as before', async () => {
    const hold = holdFooterReads('acme/few-parquet');
    const [id] = await queue.enqueue('acme/few-parquet');
    try {
      await hold.started();
      assert.equal(await readSplitsResponse(cacheDb(), 'acme/few-parquet'), null, 'nothing cached before the counts');
    } finally {
      hold.release();
    }
    await ended(id!);
    const final = await readSplitsResponse(cacheDb(), 'acme/few-parquet');
    assert.equal(final?.progress, 1);
    assert.deepEqual(
      (final?.response as { splits: { num_examples: number | null }[] }).splits.map((s) => s.num_examples),
      [20, 5],
    );
    assert.equal(lines(worker, 'splits cached: partial answer, counts to come', 'acme/few-parquet'), 0);
  });

  it('a transient failure while counting leaves the partial entry, and the retry writes the final answer', async () => {
    const failures = transientFailures(worker);
    // the first footer read answers 500 (HF_MAX_RETRIES=0: the run fails as a transient); the retry's reads wait
    hub.faults.push({ match: ({ path: p }) => p.startsWith('/datasets/acme/flaky-parquet/resolve/') && p.endsWith('.parquet'), status: 500, times: 1 });
    const hold = holdFooterReads('acme/flaky-parquet', () => transientFailures(worker) > failures);
    const [id] = await queue.enqueue('acme/flaky-parquet');
    try {
      await waitFor(async () => transientFailures(worker) > failures, 30_000, 'the transient failure');
      const left = await readSplitsResponse(cacheDb(), 'acme/flaky-parquet');
      assert.equal(left?.progress, 0, 'the partial answer stands after the transient failure');
      await hold.started();
      const retried = await readSplitsResponse(cacheDb(), 'acme/flaky-parquet');
      assert.equal(retried?.progress, 0, 'the retry counts under its own partial answer');
      const flaky = (jobs: string[]) => jobs.filter((j) => j.startsWith('acme/flaky-parquet/'));
      assert.deepEqual(flaky(await waitingFirstRowsJobs(queueDb())), [], 'nothing handed off');
    } finally {
      hold.release();
    }
    const job = await ended(id!);
    assert.equal(job.failCount, 0);
    // logged once the job's end is written (after the job reads as ended)
    await waitFor(async () => lines(worker, 'first-rows handed off', 'acme/flaky-parquet') > 0, 10_000, 'the hand-off logged');
    assert.equal(lines(worker, 'first-rows handed off', 'acme/flaky-parquet'), 1, 'one hand-off, after the final answer');
    const final = await readSplitsResponse(cacheDb(), 'acme/flaky-parquet');
    assert.equal(final?.progress, 1);
    assert.deepEqual(
      (final?.response as { splits: { num_examples: number | null }[] }).splits.map((s) => s.num_examples),
      [60, 5],
    );
  });

  it('a job of a dataset whose entry is partial at its current revision computes (not skipped); at the final answer it skips', async () => {
    // a partial entry of this very version and revision (as a worker that wrote it with its version would leave)
    await splitsResponseCollection(cacheDb()).updateOne(
      { dataset_name: 'acme/many-parquet' },
      { $set: { progress: 0.5, 'response.splits.0.num_examples': null, job_runner_version: JOB_RUNNER_VERSION } },
    );
    const [id] = await queue.enqueue('acme/many-parquet');
    const job = await ended(id!);
    assert.equal(job.skipped, undefined, 'the job computed');
    const final = await readSplitsResponse(cacheDb(), 'acme/many-parquet');
    assert.equal(final?.progress, 1);
    assert.equal((final?.response as { splits: { num_examples: number | null }[] }).splits[0]!.num_examples, 60);
    const [again] = await queue.enqueue('acme/many-parquet');
    assert.equal((await ended(again!)).skipped, true, 'a final answer at the same revision is skipped');
  });
});

describe('a worker killed between the partial and the final answer', () => {
  it('leaves the partial entry, and the rerun writes the final answer and hands off', async () => {
    const names = mongo.names();
    const cacheDb = mongo.client.db(names.cache);
    const queueDb = mongo.client.db(names.queue);
    const extra = { WORKER_LOCK_SECONDS: '1.5', WORKER_RETRY_BASE_SECONDS: '0.1' };
    const hold = holdFooterReads('acme/killed-parquet');
    const first = spawnWorker(env(names, extra), BUILT_WORKER);
    const queue = await SplitsQueue.connect(mongo.url, { queueDatabase: names.queue });
    let second: WorkerHandle | undefined;
    try {
      await waitForLog(first, 'worker started');
      const [id] = await queue.enqueue('acme/killed-parquet');
      await hold.started();
      assert.equal((await readSplitsResponse(cacheDb, 'acme/killed-parquet'))?.progress, 0, 'the partial answer is cached');
      first.child.kill('SIGKILL');
      await first.exited;
      hold.release();
      const left = await readSplitsResponse(cacheDb, 'acme/killed-parquet');
      assert.equal(left?.progress, 0, 'the partial entry stays after the death');
      assert.deepEqual(await waitingFirstRowsJobs(queueDb), [], 'nothing handed off');

      second = spawnWorker(env(names, extra), BUILT_WORKER);
      await waitForLog(second, 'worker started');
      const job = await waitFor(
        () => queueDb.collection(JOBS_COLLECTION).findOne({ _id: new ObjectId(id), lockedAt: null, nextRunAt: null, lastFinishedAt: { $ne: null } }),
        60_000,
        'the rerun ended',
      );
      assert.equal(job.skipped, undefined);
      assert.equal(job.failReason ?? null, null);
      const final = await readSplitsResponse(cacheDb, 'acme/killed-parquet');
      assert.equal(final?.progress, 1);
      assert.deepEqual(
        (final?.response as { splits: { num_examples: number | null }[] }).splits.map((s) => s.num_examples),
        [60, 5],
      );
      assert.deepEqual(await waitingFirstRowsJobs(queueDb), ['acme/killed-parquet/default/test', 'acme/killed-parquet/default/train']);
    } finally {
      hold.release();
      await queue.close();
      await stop(first);
      if (second) await stop(second);
    }
  });
});

describe('the cache write of a partial answer', () => {
  const answer = (n: number | null) => successEntry({ splits: [{ dataset: 'org/ds', config: 'default', split: 'train', num_bytes: null, num_examples: n }] });
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
  const partialAt = (revision: string) => ({ ...answer(null), dataset_git_revision: revision, job_runner_version: null, progress: 0 });
  const finalAt = (revision: string) => ({ ...answer(7), dataset_git_revision: revision, job_runner_version: JOB_RUNNER_VERSION });

  it('replaces a partial answer, an error and an older revision, never a final success of its revision nor a newer computation', async () => {
    const db = mongo.client.db(mongo.names().cache);
    await ensureSplitsResponseIndexes(db);
    const read = async () => (await readSplitsResponse(db, 'org/ds'))!;

    assert.equal((await writeSplitsResponse(db, 'org/ds', at(1), partialAt('r1'))).result, 'written', 'no entry');
    assert.equal((await read()).progress, 0);
    assert.equal((await writeSplitsResponse(db, 'org/ds', at(2), partialAt('r1'))).result, 'written', 'over a partial answer of its revision');
    const final = await writeSplitsResponse(db, 'org/ds', at(2), finalAt('r1'));
    assert.equal(final.result, 'written', 'the final answer of the same computation over its partial one');
    assert.equal((await read()).progress, 1);

    const kept = await writeSplitsResponse(db, 'org/ds', at(3), partialAt('r1'));
    assert.equal(kept.result, 'kept_newer', 'a later computation of the same revision keeps the final answer in place');
    assert.equal((await read()).progress, 1);
    assert.equal(((await read()).response as { splits: { num_examples: number }[] }).splits[0]!.num_examples, 7);
    // an entry written before `progress` existed is a final one too
    await splitsResponseCollection(db).updateOne({ dataset_name: 'org/ds' }, { $unset: { progress: '' } });
    assert.equal((await writeSplitsResponse(db, 'org/ds', at(3), partialAt('r1'))).result, 'kept_newer', 'an older final entry');

    assert.equal(
      (await writeSplitsResponse(db, 'org/ds', at(4), partialAt('r2'))).result,
      'written',
      'a new revision: the partial answer replaces the old one',
    );
    assert.equal((await read()).dataset_git_revision, 'r2');
    assert.equal((await writeSplitsResponse(db, 'org/ds', at(3), finalAt('r1'))).result, 'kept_newer', 'an older computation never overwrites');

    await writeSplitsResponse(db, 'org/ds', at(5), {
      ...errorEntry(new SplitsNamesError('bad footer')),
      dataset_git_revision: 'r2',
      job_runner_version: JOB_RUNNER_VERSION,
    });
    assert.equal((await read()).progress, 1, 'an error entry is final');
    assert.equal((await writeSplitsResponse(db, 'org/ds', at(6), partialAt('r2'))).result, 'written', 'a partial answer replaces an error');
  });
});
