/**
 * The hostile cases at job level, for a real worker process (the build, dist/src/main.js) and a real MongoDB-protocol
 * server: a transient failure (a README cut mid-body, a stalled data file) leaves a good cache entry as it
 * was and the job is retried until the Hub heals; a dataset that would have crashed the process (deep
 * YAML, twenty times) gets a cached error, and the worker is alive at the end.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Agenda } from 'agenda';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import {
  enqueueAndWaitForAnswer,
  producer,
  spawnWorker,
  BUILT_WORKER,
  transientFailures,
  waitFor,
  waitForLog,
  workerEnv,
  type WorkerHandle,
} from '../helpers/workers.ts';
import { readSplitsResponse } from '../../src/cache/read-splits-response.ts';
import { dataset, FakeHub, README, streamBytes, DATASET, TOKEN, type FakeFile } from './fake-hub.ts';

const JSONL = '{"a":1}\n{"a":2}\n';
const GOOD: FakeFile[] = [
  { path: 'README.md', content: README },
  { path: 'data/train.jsonl', content: JSONL },
];

let mongo: TestMongo;
let hub: FakeHub;
let worker: WorkerHandle;
let agenda: Agenda;
let names: { queue: string; cache: string };

before(async () => {
  mongo = await startTestMongo();
  hub = await FakeHub.start();
  names = mongo.names();
  worker = spawnWorker(
    workerEnv(mongo, names, {
      HF_ENDPOINT: hub.url,
      HF_TOKEN: TOKEN,
      HF_DATASETS_CACHE: mkdtempSync(path.join(os.tmpdir(), 'splits-hostile-hf-')),
      HF_TIMEOUT_SECONDS: '0.3',
      HF_MAX_RETRIES: '1',
      WORKER_RETRY_BASE_SECONDS: '0.2',
      WORKER_MAX_ATTEMPTS: '20',
    }),
    BUILT_WORKER,
  );
  await waitForLog(worker, 'worker started');
  agenda = await producer(mongo.client, names.queue);
});

after(async () => {
  worker.child.kill('SIGTERM');
  await worker.exited;
  await hub.close();
  await mongo.close();
});

const cacheDb = () => mongo.client.db(names.cache);
const transientLogs = () => transientFailures(worker);

const computeOnce = () => enqueueAndWaitForAnswer(agenda, cacheDb(), DATASET);

/** A new commit each time (the worker keeps files by commit on disk), so that every phase reads from the Hub. */
let commit = 0;
const nextSha = () => (++commit).toString(16).padStart(40, '0');

/** A good entry, then the fault: the job fails transiently (twice), the entry stays; healed, the retry succeeds. */
async function transientCase(fault: FakeFile[]) {
  hub.reset(dataset(GOOD, undefined, nextSha()));
  const good = await computeOnce();
  assert.equal(good.http_status, 200);
  const failures = transientLogs();
  hub.reset(dataset(fault, undefined, nextSha()));
  await agenda.now('splits', { dataset: DATASET });
  await waitFor(async () => transientLogs() >= failures + 2, 30_000, 'the job failed transiently and was retried');
  assert.deepEqual(await readSplitsResponse(cacheDb(), DATASET), good, 'the good entry was not overwritten');
  hub.reset(dataset(GOOD, undefined, nextSha()));
  const healed = await waitFor(
    async () => {
      const doc = await readSplitsResponse(cacheDb(), DATASET);
      return doc && doc.updated_at > good.updated_at ? doc : undefined;
    },
    30_000,
    'the retried job succeeded',
  );
  assert.deepEqual(healed.response, good.response);
}

describe('hostile Hub, for a worker process (outcome at job level)', () => {
  it('a README cut mid-body is transient: the cache keeps its good entry, the job is retried and then succeeds', async () => {
    await transientCase([
      {
        path: 'README.md',
        size: 1 << 20,
        serve: async (_req, res) => {
          res.writeHead(200, { 'content-length': String(1 << 20) });
          await streamBytes(res, { total: 1 << 20, head: Buffer.from(README), stopAfter: 64 * 1024 });
          res.destroy();
        },
      },
      { path: 'data/train.jsonl', content: JSONL },
    ]);
  });

  it('a data file that stalls mid-body is transient: the cache keeps its good entry, the job is retried', async () => {
    await transientCase([
      { path: 'README.md', content: README },
      {
        path: 'data/train.jsonl',
        size: 10_000,
        serve: (_req, res) => {
          res.writeHead(200, { 'content-length': '10000' });
          res.write(JSONL);
        },
      },
    ]);
  });

  it('a README whose front matter is over 32 KB, parsed in a thread of its own, is answered by the built worker', async () => {
    const features = Array.from({ length: 2_000 }, (_, i) => `    - name: column_${i}\n      dtype: string\n`).join('');
    const front = `configs:\n  - config_name: big\n    data_files: data/*.jsonl\ndataset_info:\n  config_name: big\n  features:\n${features}`;
    assert.ok(front.length > 64 * 1024);
    hub.reset(
      dataset(
        [
          { path: 'README.md', content: `---\n${front}---\n` },
          { path: 'data/train.jsonl', content: JSONL },
        ],
        undefined,
        nextSha(),
      ),
    );
    const doc = await computeOnce();
    assert.equal(doc.http_status, 200, JSON.stringify(doc));
    assert.deepEqual(doc.response, { splits: [{ dataset: DATASET, config: 'big', split: 'train', num_bytes: null, num_examples: 2 }] });
  });

  it('deep README YAML twenty times is a cached SplitsNamesError each time, and the worker stays alive', async () => {
    for (let i = 0; i < 20; i++) {
      hub.reset(
        dataset(
          [
            { path: 'README.md', content: `---\nconfigs: ${'['.repeat(25_000)}\n---\n` },
            { path: 'data/train.jsonl', content: JSONL },
          ],
          undefined,
          nextSha(),
        ),
      );
      const doc = await computeOnce();
      assert.equal(doc.error_code, 'SplitsNamesError');
      assert.match((doc.response as { error: string }).error, /nested more than 100 levels/);
    }
    assert.equal(worker.child.exitCode, null, 'the worker process is alive');
    assert.equal(worker.child.signalCode, null);
  });
});
