/**
 * The queue's promises under the faults that broke them: each test reproduces one reported failure with real
 * worker processes on the test MongoDB server, and checks the outcome from the jobs' documents, the cache, and
 * records written by the computations themselves.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ObjectId } from 'mongodb';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, waitFor, waitForLog, workerEnv, type WorkerHandle } from '../helpers/workers.ts';
import { maxOverlapPerDataset, readRecords } from '../helpers/records.ts';
import { countJobsByState } from '../../src/queue/count-jobs-by-state.ts';
import { readSplitsResponse } from '../../src/cache/read-splits-response.ts';
import { ServerClock } from '../../src/queue/server-clock.ts';

let mongo: TestMongo;
let tmp: string;
before(async () => {
  mongo = await startTestMongo();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'splits-integrity-'));
});
after(async () => {
  await mongo.close();
});

const env = (names: { queue: string; cache: string }, extra: Record<string, string> = {}) => workerEnv(mongo, names, extra);

async function stopAll(workers: WorkerHandle[]): Promise<(number | null)[]> {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGTERM');
  return Promise.all(workers.map((w) => w.exited));
}

/** The environment that shifts a process's wall clock (libfaketime, Debian's faketime package); its monotonic clock is left alone. */
function shiftedClock(offset: string): Record<string, string> {
  const lib = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1'].find((p) => existsSync(p));
  assert.ok(lib, 'libfaketime is installed (apt-get install faketime)');
  return { LD_PRELOAD: lib, FAKETIME: offset, FAKETIME_DONT_FAKE_MONOTONIC: '1' };
}

async function serverNow(): Promise<number> {
  const clock = new ServerClock(mongo.client.db('admin'));
  await clock.sync();
  return clock.nowMs();
}

describe('the queue never loses, doubles or starves a job', () => {
  it("recovers a dead worker's job whose dataset is busy: it waits and runs, it is never counted as done without an answer", async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'busy-recovery.jsonl');
    const queueDb = mongo.client.db(names.queue);
    const jobs = queueDb.collection('agendaJobs');
    const w = spawnWorker(
      env(names, {
        WORKER_LOCK_SECONDS: '3',
        WORKER_RETRY_BASE_SECONDS: '0.2',
        WORKER_CONCURRENCY: '2',
        TEST_COMPUTE: JSON.stringify({ sleepMs: 2500, record }),
      }),
    );
    try {
      await waitForLog(w, 'worker started');
      // A job of the dataset runs, and holds its only slot...
      const agenda = await producer(mongo.client, names.queue);
      const live = await agenda.now('splits', { dataset: 'org/busy' });
      await waitFor(async () => readRecords(record).some((r) => r.jobId === String(live.attrs._id)), 10_000, 'the live job runs');
      // ...when the lease of another job of it expires: what a worker killed mid-job leaves behind.
      const now = await serverNow();
      const deadJob = new ObjectId();
      await jobs.insertOne({
        _id: deadJob,
        name: 'splits',
        data: { dataset: 'org/busy' },
        priority: 0,
        type: 'normal',
        nextRunAt: null,
        lastRunAt: new Date(now - 2500),
        lockedAt: new Date(now - 2500),
        lockToken: 'a-dead-worker',
        lockedBy: 'dead',
        leaseExpiresAt: new Date(now + 500),
        deadlineAt: new Date(now + 60_000),
        attempts: 1,
      });
      const dead = await waitFor(
        async () => {
          const d = await jobs.findOne({ _id: deadJob });
          return d && d.lastFinishedAt && !d.lockedAt && !d.nextRunAt ? d : undefined;
        },
        30_000,
        'the dead job finished',
      );
      const starts = readRecords(record).filter((r) => r.event === 'start' && r.jobId === deadJob.toHexString());
      assert.equal(starts.length, 1, "the dead worker's job ran once, after the busy dataset freed its slot");
      assert.equal(dead.failCount, 0, 'and ended in success');
      assert.ok(await readSplitsResponse(mongo.client.db(names.cache), 'org/busy'));
      assert.deepEqual(await countJobsByState(queueDb), { waiting: 0, started: 0, success: 2, skipped: 0, superseded: 0, error: 0 });
    } finally {
      await stopAll([w]);
    }
  });

  it('recovers a job left locked without a lease (by a worker of an earlier version) once it has been locked longer than WORKER_LOCK_SECONDS', async () => {
    const names = mongo.names();
    const jobs = mongo.client.db(names.queue).collection('agendaJobs');
    const now = await serverNow();
    const legacy = new ObjectId();
    // What an Agenda-locked job looks like after its worker died: lockedAt set, nextRunAt cleared, nothing else.
    await jobs.insertOne({
      _id: legacy,
      name: 'splits',
      data: { dataset: 'org/legacy' },
      priority: 0,
      type: 'normal',
      nextRunAt: null,
      lockedAt: new Date(now - 10_000),
      lastRunAt: new Date(now - 10_000),
    });
    const w = spawnWorker(env(names, { WORKER_LOCK_SECONDS: '3', WORKER_RETRY_BASE_SECONDS: '0.2' }));
    try {
      assert.ok(await waitFor(() => readSplitsResponse(mongo.client.db(names.cache), 'org/legacy'), 20_000, 'the legacy job answered'));
      const d = await waitFor(
        async () => {
          const doc = await jobs.findOne({ _id: legacy });
          return doc && !doc.lockedAt && doc.lastFinishedAt ? doc : undefined;
        },
        10_000,
        'the legacy job finished',
      );
      assert.equal(d.failCount, 0);
    } finally {
      await stopAll([w]);
    }
  });

  it('ends a job whose computation kills its worker after exactly WORKER_MAX_ATTEMPTS deaths alone (after one that counts against no job), with a cached JobManagerCrashedError, and other datasets keep being served', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'poison.jsonl');
    const workerEnvironment = env(names, {
      WORKER_LOCK_SECONDS: '1',
      WORKER_MAX_ATTEMPTS: '3',
      WORKER_RETRY_BASE_SECONDS: '0.5',
      TEST_COMPUTE: JSON.stringify({ sleepMs: 50, record, crash: ['org/poison'] }),
    });
    const workers = [spawnWorker(workerEnvironment), spawnWorker(workerEnvironment)];
    let deaths = 0;
    let supervising = true;
    // A supervisor, as a container runtime would be: a worker that dies is started again.
    const supervise = (async () => {
      while (supervising) {
        for (let i = 0; i < workers.length; i++) {
          if (workers[i]!.child.exitCode !== null || workers[i]!.child.signalCode !== null) {
            deaths++;
            workers[i] = spawnWorker(workerEnvironment);
          }
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      const agenda = await producer(mongo.client, names.queue);
      const poison = await agenda.now('splits', { dataset: 'org/poison' });
      for (let i = 0; i < 20; i++) await agenda.now('splits', { dataset: `org/good${i}` });
      const cacheDb = mongo.client.db(names.cache);
      const crashed = await waitFor(() => readSplitsResponse(cacheDb, 'org/poison'), 60_000, 'the poison job given up');
      assert.equal(crashed.error_code, 'JobManagerCrashedError');
      assert.equal(crashed.http_status, 500);
      for (let i = 0; i < 20; i++) assert.ok(await waitFor(() => readSplitsResponse(cacheDb, `org/good${i}`), 30_000, `org/good${i} answered`));
      const job = (await mongo.client
        .db(names.queue)
        .collection('agendaJobs')
        .findOne({ _id: new ObjectId(String(poison.attrs._id)) }))!;
      assert.equal(job.attempts, 3, 'three locks counted');
      assert.equal(job.runAlone, true);
      assert.match(String(job.failReason), /^JobManagerCrashedError/);
      assert.equal(job.nextRunAt, null, 'never taken again');
      assert.equal(job.lockedAt, null);
      // Its first death named no culprit (see death-charge.ts: it ran as any job, beside others or not); then it ran
      // alone, and each of its three deaths counted.
      assert.equal(readRecords(record).filter((r) => r.dataset === 'org/poison' && r.event === 'start').length, 4, 'the poison ran exactly four times');
      assert.equal(deaths, 4, 'four worker deaths, no more');
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(readRecords(record).filter((r) => r.dataset === 'org/poison' && r.event === 'start').length, 4, 'and is not taken again');
    } finally {
      supervising = false;
      await supervise;
      await stopAll(workers);
    }
  });

  it('stops a computation that never ends at WORKER_MAX_JOB_DURATION_SECONDS: typed error cached, slot released, the lease never renewed past the deadline', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'endless.jsonl');
    const w = spawnWorker(
      env(names, {
        WORKER_LOCK_SECONDS: '1.5',
        WORKER_MAX_JOB_DURATION_SECONDS: '3',
        TEST_COMPUTE: JSON.stringify({ record, hangIgnoringSignal: ['org/endless'] }),
      }),
    );
    try {
      await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      const endless = await agenda.now('splits', { dataset: 'org/endless' });
      const jobs = mongo.client.db(names.queue).collection<{
        _id: ObjectId;
        leaseExpiresAt?: Date;
        deadlineAt?: Date;
        lockedAt?: Date | null;
        nextRunAt?: Date | null;
        failReason?: string;
        datasetSlot?: string;
      }>('agendaJobs');
      const id = new ObjectId(String(endless.attrs._id));
      let maxLeasePastDeadline = Number.NEGATIVE_INFINITY;
      const cacheDb = mongo.client.db(names.cache);
      const entry = await waitFor(
        async () => {
          const d = await jobs.findOne({ _id: id });
          if (d?.leaseExpiresAt && d.deadlineAt) maxLeasePastDeadline = Math.max(maxLeasePastDeadline, d.leaseExpiresAt.getTime() - d.deadlineAt.getTime());
          return readSplitsResponse(cacheDb, 'org/endless');
        },
        20_000,
        'the endless job stopped',
      ).catch((err: Error) => assert.fail(`${err.message}; worker logs:\n${w.logs().slice(-3000)}`));
      assert.equal(entry.error_code, 'JobManagerExceededMaximumDurationError');
      assert.ok(maxLeasePastDeadline <= 0, `the lease was renewed ${maxLeasePastDeadline} ms past the deadline`);
      const job = await waitFor(
        async () => {
          const d = await jobs.findOne({ _id: id });
          return d && !d.lockedAt ? d : undefined;
        },
        5_000,
        'job finished',
      );
      assert.match(String(job.failReason), /^JobManagerExceededMaximumDurationError/);
      assert.equal(job.nextRunAt, null, 'not retried');
      assert.equal(job.datasetSlot, undefined, 'its slot is free');
      // The worker is free again: the next job runs.
      await agenda.now('splits', { dataset: 'org/next' });
      assert.ok(await waitFor(() => readSplitsResponse(cacheDb, 'org/next'), 10_000, 'next job'));
    } finally {
      w.child.kill('SIGKILL');
      await w.exited;
    }
  });

  it('aborts the computation of a worker paused past its lease, which then writes neither the cache nor the job, while another worker runs the job once', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'partition.jsonl');
    const common = { WORKER_LOCK_SECONDS: '1.5', WORKER_RETRY_BASE_SECONDS: '0.1', TEST_COMPUTE: JSON.stringify({ sleepMs: 2500, record, echoJobId: true }) };
    const a = spawnWorker(env(names, common));
    await waitForLog(a, 'worker started');
    const agenda = await producer(mongo.client, names.queue);
    const job = await agenda.now('splits', { dataset: 'org/partitioned' });
    await waitFor(async () => readRecords(record).some((r) => r.event === 'start'), 10_000, 'the job started on A');
    a.child.kill('SIGSTOP');
    const b = spawnWorker(env(names, common));
    try {
      const cacheDb = mongo.client.db(names.cache);
      const entry = await waitFor(() => readSplitsResponse(cacheDb, 'org/partitioned'), 20_000, 'B answered');
      const bStart = readRecords(record).find((r) => r.event === 'start' && r.pid === b.child.pid)!;
      assert.ok(bStart, 'B ran the job');
      a.child.kill('SIGCONT');
      await waitFor(async () => readRecords(record).some((r) => r.event === 'end' && r.pid === a.child.pid), 10_000, "A's computation ended");
      await new Promise((r) => setTimeout(r, 1000));
      assert.doesNotMatch(a.logs(), /"msg":"splits cached"/, 'A wrote nothing to the cache');
      const aEnd = readRecords(record).find((r) => r.event === 'end' && r.pid === a.child.pid)!;
      assert.equal(aEnd.aborted, true, "A's computation was aborted by its lease");
      const after = (await readSplitsResponse(cacheDb, 'org/partitioned'))!;
      assert.deepEqual(after.computation_started_at, entry.computation_started_at, "the cache holds B's answer");
      const doc = (await mongo.client
        .db(names.queue)
        .collection('agendaJobs')
        .findOne({ _id: new ObjectId(String(job.attrs._id)) }))!;
      assert.equal(doc.failCount, 0, 'the job ended in success, by B');
      assert.equal(doc.lockedAt, null);
      assert.equal(readRecords(record).filter((r) => r.event === 'start').length, 2, 'one run on A (cut off), one on B');
      assert.match(a.logs(), /"msg":"lease lost: the computation was aborted and writes nothing; the job is left to its new holder"/);
    } finally {
      a.child.kill('SIGCONT');
      assert.deepEqual(await stopAll([a, b]), [0, 0]);
    }
  });

  it('never runs a finished job again: a lease renewal in flight when a job ends cannot lock it (300 jobs, renewals every 300 ms)', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'renewal-race.jsonl');
    const common = { WORKER_LOCK_SECONDS: '0.9', WORKER_CONCURRENCY: '4', MAX_JOBS_PER_DATASET: '0', TEST_COMPUTE: JSON.stringify({ sleepMs: 280, record }) };
    const workers = [spawnWorker(env(names, common)), spawnWorker(env(names, common))];
    try {
      for (const w of workers) await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      for (let i = 0; i < 300; i++) await agenda.now('splits', { dataset: `org/r${i}` });
      const queueDb = mongo.client.db(names.queue);
      // The first time each job is seen finished for good (an end with nothing due after it: a retry after a
      // transient failure also sets lastFinishedAt, and runs again by design): a job locked again after it would
      // finish again later.
      const finishedAt = new Map<string, number>();
      const watch = async () => {
        for (const d of await queueDb
          .collection('agendaJobs')
          .find({ lastFinishedAt: { $ne: null }, nextRunAt: null, lockedAt: null })
          .toArray()) {
          const id = d._id.toHexString();
          if (!finishedAt.has(id)) finishedAt.set(id, (d.lastFinishedAt as Date).getTime());
        }
      };
      await waitFor(
        async () => {
          await watch();
          return (await countJobsByState(queueDb)).success === 300;
        },
        120_000,
        'all 300 done',
      );
      // Longer than a lease: a finished job wrongly locked again would have run by now.
      for (let i = 0; i < 10; i++) {
        await watch();
        await new Promise((r) => setTimeout(r, 200));
      }
      // Start times are the test worker's estimate of the server's clock, the finish the worker's own estimate: two
      // estimates that a loaded machine can set a few hundred ms apart. A finished job locked again runs a lease
      // (0.9 s) after its finish at the earliest, when the sweep gives it back: 500 ms tells the two apart.
      const lateStarts = readRecords(record).filter((r) => r.event === 'start' && r.t > finishedAt.get(r.jobId)! + 500);
      const late = lateStarts[0]?.jobId;
      assert.deepEqual(
        lateStarts,
        [],
        late &&
          `no job ran after it had finished; job ${late} finished at ${finishedAt.get(late)}: ${JSON.stringify(readRecords(record).filter((r) => r.jobId === late))}, ` +
            `now ${JSON.stringify(await queueDb.collection('agendaJobs').findOne({ _id: new ObjectId(late) }))}; ` +
            `its log lines: ${workers
              .flatMap((w) =>
                w
                  .logs()
                  .split('\n')
                  .filter((l) => l.includes(late)),
              )
              .join('\n')}`,
      );
      assert.equal(new Set(readRecords(record).map((r) => r.jobId)).size, 300);
      assert.deepEqual(await countJobsByState(queueDb), { waiting: 0, started: 0, success: 300, skipped: 0, superseded: 0, error: 0 });
    } finally {
      await stopAll(workers);
    }
  });

  it("takes lock times and computation_started_at from the server's clock: a worker 5 minutes ahead neither steals running jobs nor has its answers overwrite later ones", async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'clock.jsonl');
    const common = { WORKER_LOCK_SECONDS: '2', TEST_COMPUTE: JSON.stringify({ sleepMs: 3000, record, echoJobId: true }) };
    const normal = spawnWorker(env(names, common));
    await waitForLog(normal, 'worker started');
    const agenda = await producer(mongo.client, names.queue);
    const first = await agenda.now('splits', { dataset: 'org/clock' });
    await waitFor(async () => readRecords(record).some((r) => r.event === 'start'), 10_000, 'the first job started');
    // A worker whose clock is 5 minutes ahead joins while the job runs (libfaketime shifts its clock only).
    const ahead = spawnWorker({ ...env(names, common), ...shiftedClock('+5m') });
    try {
      await waitForLog(ahead, 'worker started');
      const loggedAt = Date.parse(/"time":"([^"]+)"/.exec(ahead.logs())![1]!);
      assert.ok(loggedAt - Date.now() > 4 * 60_000, 'the worker ahead does run 5 minutes ahead');
      const cacheDb = mongo.client.db(names.cache);
      await waitFor(async () => (await readSplitsResponse(cacheDb, 'org/clock'))?.response, 15_000, 'first answer');
      const starts = readRecords(record).filter((r) => r.event === 'start');
      assert.equal(starts.length, 1, 'the worker ahead did not take the running job');
      // Now the worker ahead computes the dataset, then the normal worker computes it again: the later answer stays.
      normal.child.kill('SIGSTOP');
      const second = await agenda.now('splits', { dataset: 'org/clock' });
      await waitFor(
        async () =>
          ((await readSplitsResponse(cacheDb, 'org/clock'))?.response as { splits: { config: string }[] }).splits[0]!.config === String(second.attrs._id),
        15_000,
        "the ahead worker's answer",
      );
      normal.child.kill('SIGCONT');
      ahead.child.kill('SIGSTOP');
      const third = await agenda.now('splits', { dataset: 'org/clock' });
      await waitFor(
        async () =>
          ((await readSplitsResponse(cacheDb, 'org/clock'))?.response as { splits: { config: string }[] }).splits[0]!.config === String(third.attrs._id),
        15_000,
        'the later answer of the normal worker, not dropped as older',
      );
      ahead.child.kill('SIGCONT');
      assert.notEqual(String(first.attrs._id), String(third.attrs._id));
      const overlap = maxOverlapPerDataset(readRecords(record));
      assert.equal(overlap.get('org/clock'), 1);
    } finally {
      normal.child.kill('SIGCONT');
      ahead.child.kill('SIGCONT');
      assert.deepEqual(await stopAll([normal, ahead]), [0, 0]);
    }
  });

  it('puts back the jobs a computation answered in any of its attempts when its last attempt fails', async () => {
    const names = mongo.names();
    const agenda = await producer(mongo.client, names.queue);
    const first = await agenda.now('splits', { dataset: 'org/flaky' });
    const second = await agenda.now('splits', { dataset: 'org/flaky' });
    const w = spawnWorker(
      env(names, { WORKER_MAX_ATTEMPTS: '2', WORKER_RETRY_BASE_SECONDS: '0.2', TEST_COMPUTE: JSON.stringify({ fail: { 'org/flaky': 'transient' } }) }),
    );
    try {
      const queueDb = mongo.client.db(names.queue);
      // The first job answers the second in its first attempt; its second attempt has nothing left to answer.
      const counts = await waitFor(
        async () => {
          const c = await countJobsByState(queueDb);
          return c.error === 2 ? c : undefined;
        },
        20_000,
        'both jobs failed for good',
      );
      assert.deepEqual(counts, { waiting: 0, started: 0, success: 0, skipped: 0, superseded: 0, error: 2 });
      const jobs = queueDb.collection('agendaJobs');
      for (const j of [first, second]) {
        const d = (await jobs.findOne({ _id: new ObjectId(String(j.attrs._id)) }))!;
        assert.equal(d.attempts, 2, `job ${j.attrs._id} ran its own two attempts`);
        assert.equal(d.supersededBy, undefined);
      }
    } finally {
      await stopAll([w]);
    }
  });

  it('holds the smallest MAX_JOBS_PER_DATASET any live worker declares, and a worker with other settings says so', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'drift.jsonl');
    const strict = spawnWorker(env(names, { MAX_JOBS_PER_DATASET: '1', TEST_COMPUTE: JSON.stringify({ sleepMs: 1500, record }) }));
    await waitForLog(strict, 'worker started');
    const loose = spawnWorker(
      env(names, { MAX_JOBS_PER_DATASET: '0', WORKER_LOCK_SECONDS: '30', WORKER_CONCURRENCY: '4', TEST_COMPUTE: JSON.stringify({ sleepMs: 1500, record }) }),
    );
    try {
      await waitForLog(loose, 'worker started');
      strict.child.kill('SIGSTOP');
      try {
        // Only the loose worker runs (the strict one is paused, but alive: its registry entry holds). Jobs of one
        // dataset arrive one by one while the previous ones run, so nothing coalesces: without the strict
        // worker's limit, the loose worker would run them all at once.
        const agenda = await producer(mongo.client, names.queue);
        for (let i = 0; i < 4; i++) {
          await agenda.now('splits', { dataset: 'org/drift' });
          await new Promise((r) => setTimeout(r, 300));
        }
      } finally {
        strict.child.kill('SIGCONT');
      }
      const queueDb = mongo.client.db(names.queue);
      await waitFor(
        async () => {
          const c = await countJobsByState(queueDb);
          return c.success + c.superseded === 4;
        },
        30_000,
        'the four jobs answered',
      );
      assert.ok(readRecords(record).filter((r) => r.event === 'start').length >= 2, 'jobs arriving during a computation ran after it');
      assert.equal(maxOverlapPerDataset(readRecords(record)).get('org/drift'), 1, 'never two computations of one dataset at once');
      assert.match(
        loose.logs(),
        /"MAX_JOBS_PER_DATASET":1,"MAX_JOBS_PER_NAMESPACE":0,"WORKER_LOCK_SECONDS":600\}\],"maxJobsPerDatasetInForce":1,"maxJobsPerNamespaceInForce":"unlimited","msg":"live workers on this queue have other settings/,
      );
    } finally {
      assert.deepEqual(await stopAll([strict, loose]), [0, 0]);
    }
  });
});
