import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, waitFor, waitForLog, workerEnv } from '../helpers/workers.ts';
import { readRecords } from '../helpers/records.ts';
import { countJobsByState } from '../../src/queue/count-jobs-by-state.ts';
import { readSplitsResponse } from '../../src/cache/read-splits-response.ts';

let mongo: TestMongo;
let tmp: string;
before(async () => {
  mongo = await startTestMongo();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'splits-life-'));
});
after(async () => {
  await mongo.close();
});

const env = (names: { queue: string; cache: string }, extra: Record<string, string> = {}) => workerEnv(mongo, names, extra);

describe('worker lifecycle', () => {
  it('runs again, on another worker, the job of a worker killed with SIGKILL, once its lease expires', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'kill.jsonl');
    const common = { WORKER_LOCK_SECONDS: '2', WORKER_RETRY_BASE_SECONDS: '0.5', TEST_COMPUTE: JSON.stringify({ sleepMs: 1000, record }) };
    const victim = spawnWorker(env(names, common));
    await waitForLog(victim, 'worker started');
    const agenda = await producer(mongo.client, names.queue);
    await agenda.now('splits', { dataset: 'org/killed' });
    await waitFor(async () => readRecords(record).length > 0, 10_000, 'job started on the victim');
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    await victim.exited;
    const rescuer = spawnWorker(env(names, common));
    try {
      const cacheDb = mongo.client.db(names.cache);
      await waitFor(() => readSplitsResponse(cacheDb, 'org/killed'), 30_000, 'job finished by the rescuer');
      const recs = readRecords(record);
      const starts = recs.filter((r) => r.event === 'start');
      assert.equal(starts.length, 2);
      assert.notEqual(starts[0]!.pid, starts[1]!.pid);
      const pickedUpAfter = starts[1]!.t - killedAt;
      console.log(`# killed worker's job picked up again ${pickedUpAfter} ms after SIGKILL (lease 2 s, poll 0.2 s, backoff 0.25-0.5 s)`);
      assert.ok(pickedUpAfter >= 1000, 'not before the lease expired');
      await waitFor(async () => (await countJobsByState(mongo.client.db(names.queue))).success === 1, 10_000, 'job success');
    } finally {
      rescuer.child.kill('SIGTERM');
      await rescuer.exited;
    }
  });

  it('keeps the lease of a long job alive with a heartbeat, so it never runs twice at once', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'heartbeat.jsonl');
    // the job lasts 3 lock lifetimes; a second worker polls all along
    const common = { WORKER_LOCK_SECONDS: '2', TEST_COMPUTE: JSON.stringify({ sleepMs: 6000, record }) };
    const a = spawnWorker(env(names, common));
    const b = spawnWorker(env(names, common));
    try {
      await waitForLog(a, 'worker started');
      await waitForLog(b, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      await agenda.now('splits', { dataset: 'org/long' });
      await waitFor(() => readSplitsResponse(mongo.client.db(names.cache), 'org/long'), 20_000, 'long job done');
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(readRecords(record).filter((r) => r.event === 'start').length, 1);
    } finally {
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
      assert.deepEqual(await Promise.all([a.exited, b.exited]), [0, 0]);
    }
  });

  it('on SIGTERM lets the running job finish, takes no new one, and exits 0', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'term.jsonl');
    const w = spawnWorker(env(names, { TEST_COMPUTE: JSON.stringify({ sleepMs: 1200, record }) }));
    await waitForLog(w, 'worker started');
    const agenda = await producer(mongo.client, names.queue);
    await agenda.now('splits', { dataset: 'org/t1' });
    await waitFor(async () => readRecords(record).length > 0, 10_000, 'job started');
    await agenda.now('splits', { dataset: 'org/t2' });
    w.child.kill('SIGTERM');
    assert.equal(await w.exited, 0);
    assert.ok(await readSplitsResponse(mongo.client.db(names.cache), 'org/t1'), 'the running job finished');
    assert.equal(readRecords(record).filter((r) => r.event === 'start').length, 1, 'no new job taken');
    assert.deepEqual(await countJobsByState(mongo.client.db(names.queue)), { waiting: 1, started: 0, success: 1, skipped: 0, superseded: 0, error: 0 });
    assert.match(w.logs(), /"finished":1,"interrupted":0/);
  });

  it('on SIGTERM at any moment of a busy queue leaves no job locked and spends no attempt of a job it did not run', async () => {
    const names = mongo.names();
    const queueDb = mongo.client.db(names.queue);
    const jobs = queueDb.collection('agendaJobs');
    const agenda = await producer(mongo.client, names.queue);
    for (let i = 0; i < 400; i++) await agenda.now('splits', { dataset: `org/busy${i}` });
    // Short computations: a lock step is under way most of the time, so a stop lands in one sooner or later.
    for (let round = 0; round < 8; round++) {
      const w = spawnWorker(env(names, { WORKER_CONCURRENCY: String(1 + (round % 3)), TEST_COMPUTE: JSON.stringify({ sleepMs: 1 }) }));
      await waitForLog(w, 'worker started');
      const doneBefore = (await countJobsByState(queueDb)).success;
      await waitFor(async () => (await countJobsByState(queueDb)).success >= doneBefore + 5 + round * 3, 20_000, 'a few more jobs done');
      w.child.kill('SIGTERM');
      assert.equal(await w.exited, 0);
      const locked = await jobs.find({ name: 'splits', lockedAt: { $ne: null } }).toArray();
      assert.deepEqual(
        locked.map((j) => (j.data as { dataset: string }).dataset),
        [],
        `round ${round}: jobs left locked by a stopped worker`,
      );
      const spent = await jobs.countDocuments({ name: 'splits', lastFinishedAt: null, attempts: { $gt: 0 } });
      assert.equal(spent, 0, `round ${round}: waiting jobs with an attempt spent by a run that never started`);
    }
  });

  it('on SIGINT past the grace period gives the running job back to the queue, and another worker runs it', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'grace.jsonl');
    const w = spawnWorker(env(names, { WORKER_GRACE_SECONDS: '0.5', TEST_COMPUTE: JSON.stringify({ sleepMs: 5000, record }) }));
    await waitForLog(w, 'worker started');
    const agenda = await producer(mongo.client, names.queue);
    await agenda.now('splits', { dataset: 'org/slow' });
    await waitFor(async () => readRecords(record).length > 0, 10_000, 'job started');
    w.child.kill('SIGINT');
    assert.equal(await w.exited, 0);
    assert.match(w.logs(), /"interrupted":1/);
    const queueDb = mongo.client.db(names.queue);
    assert.deepEqual(await countJobsByState(queueDb), { waiting: 1, started: 0, success: 0, skipped: 0, superseded: 0, error: 0 }, 'the job is waiting again');
    const next = spawnWorker(env(names, { TEST_COMPUTE: JSON.stringify({ sleepMs: 10, record }) }));
    try {
      await waitFor(() => readSplitsResponse(mongo.client.db(names.cache), 'org/slow'), 20_000, 'job rerun');
    } finally {
      next.child.kill('SIGTERM');
      await next.exited;
    }
  });

  it('exits non-zero with a clear message when MongoDB cannot be reached at start-up', async () => {
    const port = await freePort();
    const w = spawnWorker({ MONGO_URL: `mongodb://user:secret@127.0.0.1:${port}`, MONGO_CONNECT_TIMEOUT_SECONDS: '1' });
    assert.equal(await w.exited, 1);
    assert.match(w.logs(), /"error_code":"MongoUnavailableError"/);
    assert.match(w.logs(), /cannot reach MongoDB at mongodb:\/\/user:\*\*\*\*@127\.0\.0\.1/);
    assert.doesNotMatch(w.logs(), /secret/);
    assert.doesNotMatch(w.logs(), /UnhandledPromiseRejection|\n\s+at /);
  });

  for (const [name, value, allowed] of [
    ['MAX_LOAD_PCT', 'abc', /a number of percent >= 0/],
    ['LOG_LEVEL', 'LOUD', /one of DEBUG, INFO, WARNING, ERROR, CRITICAL/],
    ['MONGO_URL', 'not a url', /a MongoDB connection string/],
    ['WORKER_SLEEP_SECONDS', '-1', /a number of seconds > 0/],
  ] as const) {
    it(`refuses to start with ${name}=${value}, naming the variable, the value and what is allowed`, async () => {
      const w = spawnWorker({ [name]: value });
      assert.equal(await w.exited, 1);
      const out = w.logs().trim();
      assert.equal(out.split('\n').length, 1, `one line: ${out}`);
      assert.ok(out.startsWith(`invalid configuration: ${name}=${JSON.stringify(value)}: `), out);
      assert.match(out, allowed);
    });
  }

  it('keeps going when MongoDB goes away and comes back, and loses no job', async (t) => {
    if (process.env.TEST_MONGO_URL) return t.skip('the server is not ours to stop');
    const names = mongo.names();
    const record = path.join(tmp, 'mongo-away.jsonl');
    // A job whose final state could not be saved while the server was away keeps its lock until the lease
    // (WORKER_LOCK_SECONDS) expires, then runs again: a short lease keeps the test short.
    const w = spawnWorker(env(names, { TEST_COMPUTE: JSON.stringify({ sleepMs: 300, record }), WORKER_RETRY_BASE_SECONDS: '0.5', WORKER_LOCK_SECONDS: '3' }));
    try {
      await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      for (let i = 0; i < 10; i++) await agenda.now('splits', { dataset: `org/m${i}` });
      await waitFor(async () => readRecords(record).length > 2, 10_000, 'some jobs ran');
      await mongo.stopServer();
      await new Promise((r) => setTimeout(r, 2000));
      await mongo.restartServer();
      const queueDb = mongo.client.db(names.queue);
      assert.equal(await queueDb.collection('agendaJobs').countDocuments({}), 10, 'the server kept every job');
      await waitFor(
        async () => {
          const c = await countJobsByState(queueDb).catch(() => undefined);
          return c && c.success === 10 ? c : undefined;
        },
        90_000,
        'every job done after the restart',
      );
      for (let i = 0; i < 10; i++) assert.ok(await readSplitsResponse(mongo.client.db(names.cache), `org/m${i}`), `org/m${i} cached`);
      assert.equal(w.child.exitCode, null, 'the worker stayed up');
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });
});
