import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ObjectId } from 'mongodb';
import { freePort, startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, waitFor, waitForLog, workerEnv, type WorkerHandle } from '../helpers/workers.ts';
import { readRecords } from '../helpers/records.ts';
import { readSplitsResponse } from '../../src/cache/read-splits-response.ts';

let mongo: TestMongo;
let tmp: string;
before(async () => {
  mongo = await startTestMongo();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'splits-late-renewal-'));
});
after(async () => {
  await mongo.close();
});

const LEASE_SECONDS = 1;

/** Whether the process is stopped (SIGSTOP): its state in /proc is T. */
function isStopped(pid: number): boolean {
  try {
    return /^\d+ \(.*\) T /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function stop(workers: WorkerHandle[]): Promise<void> {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
}

async function lateRenewalsMetric(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const m = /^worker_lease_renewals_late_total (\d+)/m.exec(text);
  assert.ok(m, 'the metric is exposed');
  return Number(m[1]);
}

describe('leases that hold under load', () => {
  it('keeps the answer of a run whose process was paused past its lease once computed, when nobody else took the job: one computation, success once; the late renewal is counted and logged, the short lease warned about once', async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'alone.jsonl');
    const marker = path.join(tmp, 'alone.stopped');
    const port = await freePort();
    const w = spawnWorker(
      workerEnv(mongo, names, {
        WORKER_LOCK_SECONDS: String(LEASE_SECONDS),
        WORKER_RETRY_BASE_SECONDS: '0.2',
        METRICS_ENABLED: 'true',
        METRICS_PORT: String(port),
        TEST_COMPUTE: JSON.stringify({ sleepMs: 100, record, echoJobId: true, echoPid: true, stopAfterComputeOnce: { datasets: ['org/paused'], marker } }),
      }),
    );
    try {
      await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      const job = await agenda.now('splits', { dataset: 'org/paused' });
      const jobId = String(job.attrs._id);
      await waitFor(async () => existsSync(marker) && isStopped(w.child.pid!), 20_000, 'the worker paused itself, its answer computed');
      // Paused three leases long: the lease runs out meanwhile, and no other worker is there to take the job.
      await new Promise((r) => setTimeout(r, 3 * LEASE_SECONDS * 1000));
      w.child.kill('SIGCONT');
      const jobs = mongo.client.db(names.queue).collection('agendaJobs');
      const done = await waitFor(
        async () => {
          const d = await jobs.findOne({ _id: new ObjectId(jobId) });
          return d?.lastFinishedAt && !d.lockedAt ? d : undefined;
        },
        20_000,
        'the job ended',
      );
      await new Promise((r) => setTimeout(r, 1000));
      const starts = readRecords(record).filter((r) => r.event === 'start');
      assert.equal(starts.length, 1, `one computation, its answer kept (computations: ${JSON.stringify(starts)})`);
      assert.equal(done.failCount ?? 0, 0, `ended as a success, not retried: ${String(done.failReason)}`);
      assert.equal(done.attempts, 1);
      assert.equal(done.nextRunAt, null);
      const cached = await readSplitsResponse(mongo.client.db(names.cache), 'org/paused');
      assert.equal(cached?.http_status, 200);
      assert.equal((cached?.response as { splits: { config: string }[] }).splits[0]!.config, `${jobId}@${w.child.pid}`, 'the paused run wrote its own answer');
      const logs = w.logs();
      assert.match(logs, /"retaken":true[^\n]*lease renewal late: the lease had run out, and was taken again/);
      const shortWarnings = logs.match(/"msg":"WORKER_LOCK_SECONDS is short for the lease renewal delays observed on this machine/g) ?? [];
      assert.equal(shortWarnings.length, 1, 'the short lease is warned about once');
      assert.match(logs, /"WORKER_LOCK_SECONDS":1,[^\n]*"observedDelayMs":\d{4,}[^\n]*"suggestedLockSeconds":\d+/);
      assert.ok((await lateRenewalsMetric(port)) >= 1, 'the late renewal is counted');
    } finally {
      if (w.child.exitCode === null) w.child.kill('SIGCONT');
      await stop([w]);
    }
  });

  it("does not write a paused run's answer over the run of the worker that took its job meanwhile", async () => {
    const names = mongo.names();
    const record = path.join(tmp, 'taken.jsonl');
    const marker = path.join(tmp, 'taken.stopped');
    const environment = workerEnv(mongo, names, {
      WORKER_LOCK_SECONDS: String(LEASE_SECONDS),
      WORKER_RETRY_BASE_SECONDS: '0.2',
      TEST_COMPUTE: JSON.stringify({ sleepMs: 100, record, echoJobId: true, echoPid: true, stopAfterComputeOnce: { datasets: ['org/taken'], marker } }),
    });
    const workers = [spawnWorker(environment), spawnWorker(environment)];
    try {
      for (const w of workers) await waitForLog(w, 'worker started');
      const agenda = await producer(mongo.client, names.queue);
      const jobId = String((await agenda.now('splits', { dataset: 'org/taken' })).attrs._id);
      await waitFor(async () => existsSync(marker), 20_000, 'a worker paused itself, its answer computed');
      const pausedPid = Number(readFileSync(marker, 'utf8'));
      const paused = workers.find((w) => w.child.pid === pausedPid)!;
      const other = workers.find((w) => w !== paused)!;
      const cacheDb = mongo.client.db(names.cache);
      const second = `${jobId}@${other.child.pid}`;
      await waitFor(
        async () => JSON.stringify((await readSplitsResponse(cacheDb, 'org/taken'))?.response ?? null).includes(second),
        30_000,
        'the other worker took the job and wrote its answer',
      );
      const jobs = mongo.client.db(names.queue).collection('agendaJobs');
      await waitFor(async () => Boolean((await jobs.findOne({ _id: new ObjectId(jobId) }))?.lastFinishedAt), 10_000, 'the job ended on the other worker');
      paused.child.kill('SIGCONT');
      await waitForLog(paused, 'lease lost: the computation was aborted and writes nothing; the job is left to its new holder', 20_000).catch(() =>
        waitForLog(paused, "the job is no longer this worker's (its lease expired and another worker took it): its end is not recorded here", 5_000),
      );
      await new Promise((r) => setTimeout(r, 1000));
      const cached = await readSplitsResponse(cacheDb, 'org/taken');
      assert.equal((cached?.response as { splits: { config: string }[] }).splits[0]!.config, second, "the second run's answer stands");
      const d = (await jobs.findOne({ _id: new ObjectId(jobId) }))!;
      assert.equal(d.lockedAt, null);
      assert.equal(d.nextRunAt, null);
      assert.equal(readRecords(record).filter((r) => r.event === 'start').length, 2);
    } finally {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGCONT');
      await stop(workers);
    }
  });
});
