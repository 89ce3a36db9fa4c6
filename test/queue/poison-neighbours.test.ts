import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ObjectId } from 'mongodb';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, waitFor, waitForLog, workerEnv, type WorkerHandle } from '../helpers/workers.ts';
import { readRecords } from '../helpers/records.ts';
import { readSplitsResponse } from '../../src/cache/read-splits-response.ts';

let mongo: TestMongo;
let tmp: string;
before(async () => {
  mongo = await startTestMongo();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'splits-poison-neighbours-'));
});
after(async () => {
  await mongo.close();
});

const POISON = 'org/poison';

describe('a poison job harms only itself', () => {
  for (const concurrency of [1, 2]) {
    it(`with WORKER_CONCURRENCY=${concurrency}: the jobs that shared a worker with a job whose computation kills the process (computing beside it, writing their answer, just locked) lose no attempt and end in success with their own answers; the poison ends JobManagerCrashedError`, async () => {
      const names = mongo.names();
      const record = path.join(tmp, `c${concurrency}.jsonl`);
      // One attempt: a job charged for a single death beside the poison would end crashed. Each cache write is
      // slow (well inside the lease), so the job whose computation is over is still writing its answer when the
      // next job, the poison, kills the process; with two places, a long job computes beside them.
      const environment = workerEnv(mongo, names, {
        WORKER_CONCURRENCY: String(concurrency),
        WORKER_LOCK_SECONDS: '2',
        WORKER_MAX_ATTEMPTS: '1',
        WORKER_RETRY_BASE_SECONDS: '0.2',
        TEST_COMPUTE: JSON.stringify({
          record,
          echoJobId: true,
          crash: [POISON],
          slowCacheWriteMs: 1500,
          sleepMsByDataset: { 'org/writing': 200, 'org/computing': 4000, 'org/later': 100 },
        }),
      });
      let worker: WorkerHandle = spawnWorker(environment);
      const workers = [worker];
      let deaths = 0;
      let supervising = true;
      // A supervisor, as a container runtime would be: a worker that dies is started again.
      const supervise = (async () => {
        while (supervising) {
          if (worker.child.exitCode !== null || worker.child.signalCode !== null) {
            deaths++;
            worker = spawnWorker(environment);
            workers.push(worker);
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      try {
        await waitForLog(worker, 'worker started');
        const agenda = await producer(mongo.client, names.queue);
        const innocents = concurrency === 1 ? ['org/writing', 'org/later'] : ['org/writing', 'org/computing', 'org/later'];
        const ids = new Map<string, string>();
        const enqueue = async (dataset: string) => ids.set(dataset, String((await agenda.now('splits', { dataset })).attrs._id));
        // The first jobs (and the long one, with two places) are running when the poison is locked: the poison is
        // enqueued once they have started, not after a pause that a loaded machine may outlast (a lease lost at
        // the start, under load, hands a job back and lets a later one run first).
        const first = innocents.filter((d) => d !== 'org/later');
        for (const dataset of first) await enqueue(dataset);
        await waitFor(
          async () => first.every((d) => readRecords(record).some((r) => r.event === 'start' && r.dataset === d)),
          60_000,
          'the first jobs started',
        );
        await enqueue(POISON);
        await enqueue('org/later');
        const cacheDb = mongo.client.db(names.cache);
        const crashed = await waitFor(() => readSplitsResponse(cacheDb, POISON), 60_000, 'the poison given up');
        assert.equal(crashed.error_code, 'JobManagerCrashedError');
        const jobs = mongo.client.db(names.queue).collection('agendaJobs');
        for (const dataset of innocents) {
          const doc = await waitFor(
            async () => {
              const d = await jobs.findOne({ _id: new ObjectId(ids.get(dataset)) });
              return d?.lastFinishedAt && !d.lockedAt && !d.nextRunAt ? d : undefined;
            },
            60_000,
            `${dataset} ended`,
          );
          assert.equal(doc.failReason ?? null, null, `${dataset} ended in success, not ${String(doc.failReason)}`);
          assert.equal(doc.attempts, 1, `${dataset}: no attempt spent on the poison's deaths`);
          const entry = await readSplitsResponse(cacheDb, dataset);
          assert.equal(entry?.http_status, 200, `${dataset} answered (${String(entry?.error_code)})`);
          assert.equal((entry?.response as { splits: { config: string }[] }).splits[0]!.config, ids.get(dataset), `${dataset} has its own answer`);
        }
        const poison = await waitFor(
          async () => {
            const d = await jobs.findOne({ _id: new ObjectId(ids.get(POISON)) });
            return d?.lastFinishedAt && !d.lockedAt ? d : undefined;
          },
          20_000,
          'the poison ended',
        );
        assert.match(String(poison.failReason), /^JobManagerCrashedError/);
        assert.equal(poison.attempts, 1, 'the poison spent its one attempt');
        // The poison did share its worker: a job of the first batch had started, in the process the poison killed first.
        const records = readRecords(record);
        const firstPoison = records.find((r) => r.dataset === POISON && r.event === 'start')!;
        assert.ok(
          records.some((r) => r.event === 'start' && r.pid === firstPoison.pid && r.dataset === 'org/writing' && r.t < firstPoison.t),
          `a neighbour ran in the process the poison killed; what ran:\n${records.map((r) => JSON.stringify(r)).join('\n')}\nthe first worker's log:\n${workers[0]!.logs().slice(-6000)}`,
        );
        assert.ok(deaths >= 2, `the poison killed its worker beside others, then alone (${deaths} deaths)`);
      } finally {
        supervising = false;
        await supervise;
        if (worker.child.exitCode === null) worker.child.kill('SIGTERM');
        await worker.exited;
      }
    });
  }
});
