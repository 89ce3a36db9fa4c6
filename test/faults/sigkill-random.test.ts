/**
 * Breaks: worker processes killed with SIGKILL in the middle of computations, 20 times, while jobs of the same
 * few datasets keep arriving (so a dead worker's job finds its dataset busy when its lease ends).
 * Expects: every job ends in a recorded state with its answer (its own, or that of the job that answered it),
 * every dataset has a valid cache entry, nothing is left locked or waiting, and no cache entry is corrupted.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ObjectId } from 'mongodb';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, waitFor, waitForLog, workerEnv, type WorkerHandle } from '../helpers/workers.ts';
import { readRecords } from '../helpers/records.ts';
import { countJobsByState } from '../../src/queue/count-jobs-by-state.ts';
import { splitsResponseCollection } from '../../src/cache/splits-response.ts';

/** The fields of a queue document this test reads. */
type SplitsJobDoc = { _id: ObjectId; supersededBy?: string; failCount?: number; lastFinishedAt?: Date };

let mongo: TestMongo;
before(async () => {
  mongo = await startTestMongo();
});
after(async () => {
  await mongo.close();
});

describe('workers killed with SIGKILL at random points', () => {
  it('lose no job and corrupt no cache entry over 20 kills in the middle of computations', async () => {
    const names = mongo.names();
    const record = path.join(mkdtempSync(path.join(os.tmpdir(), 'splits-kill-')), 'record.jsonl');
    // Crashes spend attempts: enough of them that no job is given up over 20 kills, and a short backoff.
    const env = workerEnv(mongo, names, {
      WORKER_LOCK_SECONDS: '1',
      MAX_JOBS_PER_DATASET: '1',
      // a worker busy with one dataset still locks the others'
      WORKER_CONCURRENCY: '3',
      WORKER_MAX_ATTEMPTS: '25',
      WORKER_RETRY_BASE_SECONDS: '0.2',
      TEST_COMPUTE: JSON.stringify({ sleepMs: 800, record }),
    });
    const workers: WorkerHandle[] = [spawnWorker(env), spawnWorker(env)];
    for (const w of workers) await waitForLog(w, 'worker started');
    const agenda = await producer(mongo.client, names.queue);
    const datasets = Array.from({ length: 3 }, (_, i) => `org/k${i}`);
    const total = 60;
    let kills = 0;
    let extra = 0;
    let feeding = true;
    try {
      for (let i = 0; i < total; i++) await agenda.now('splits', { dataset: datasets[i % datasets.length]! });
      // Jobs of every dataset keep arriving while workers are killed: a dead job's dataset is busy when its lease ends.
      const feeder = (async () => {
        while (feeding) {
          for (const d of datasets) {
            await agenda.now('splits', { dataset: d });
            extra++;
          }
          await new Promise((r) => setTimeout(r, 150));
        }
      })();
      // Kill a worker in the middle of a computation (a start without its end in the records), start a
      // replacement, 20 times.
      const running = (w: WorkerHandle) => {
        const rs = readRecords(record).filter((r) => r.pid === w.child.pid);
        return rs.filter((r) => r.event === 'start').length > rs.filter((r) => r.event === 'end').length;
      };
      while (kills < 20) {
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 400));
        await waitFor(async () => workers.some(running), 10_000, 'a worker computing').catch(() => undefined);
        const busy = workers.filter(running);
        const pick = busy.length ? busy[Math.floor(Math.random() * busy.length)]! : workers[Math.floor(Math.random() * workers.length)]!;
        const victim = workers.splice(workers.indexOf(pick), 1)[0]!;
        victim.child.kill('SIGKILL');
        await victim.exited;
        kills++;
        const fresh = spawnWorker(env);
        workers.push(fresh);
        if (kills % 5 === 0) for (let i = 0; i < 10; i++) await agenda.now('splits', { dataset: datasets[(kills + i) % datasets.length]! });
      }
      feeding = false;
      await feeder;
      const enqueued = total + 4 * 10 + extra;
      const queueDb = mongo.client.db(names.queue);
      const counts = await waitFor(
        async () => {
          const c = await countJobsByState(queueDb);
          return c.success + c.superseded === enqueued ? c : undefined;
        },
        120_000,
        'every job done after the kills',
      );
      assert.deepEqual(counts, { waiting: 0, started: 0, success: counts.success, skipped: 0, superseded: counts.superseded, error: 0 });
      // Every job is accounted for with its answer: answered by its own computation, or linked to a job that was.
      // (A job whose computation was killed can itself be answered by a later one: follow the links.)
      const docs = await queueDb.collection<SplitsJobDoc>('agendaJobs').find().toArray();
      const byId = new Map(docs.map((d) => [d._id.toHexString(), d]));
      for (const d of docs) {
        let cur = d;
        for (let hops = 0; cur.supersededBy; hops++) {
          assert.ok(hops < docs.length, `a cycle of supersededBy links from job ${d._id.toHexString()}`);
          cur = byId.get(cur.supersededBy)!;
          assert.ok(cur, `job ${d._id.toHexString()} links to a job that does not exist`);
        }
        assert.ok(!cur.failCount && cur.lastFinishedAt, `job ${d._id.toHexString()} ends at job ${cur._id.toHexString()}, which has no answer`);
      }
      const cache = await splitsResponseCollection(mongo.client.db(names.cache)).find().toArray();
      assert.deepEqual(cache.map((c) => c.dataset_name).sort(), [...datasets].sort());
      for (const c of cache) {
        assert.equal(c.http_status, 200);
        assert.deepEqual(c.response, { splits: [{ dataset: c.dataset_name, config: 'default', split: 'train', num_bytes: null, num_examples: 1 }] });
      }
      const interrupted = readRecords(record).filter((r) => r.event === 'start').length - readRecords(record).filter((r) => r.event === 'end').length;
      console.log(`# ${kills} SIGKILLs, ${interrupted} computations cut short, ${enqueued} jobs all answered`);
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
    }
  });
});
