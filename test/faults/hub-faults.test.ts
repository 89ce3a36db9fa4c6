/**
 * Breaks: the Hub, for a real worker process (the build, dist/src/main.js) that has already cached good answers: 500s, 429
 * with Retry-After, a hang past the time-out, a body closed mid-way, a corrupt parquet footer, invalid
 * README YAML; with a token set and logs at DEBUG. Expects: transient faults never overwrite a good cache
 * entry and the job succeeds once the Hub recovers; permanent ones are cached as typed errors; every job
 * ends in a recorded state; the token appears nowhere (logs, cache, job documents, metrics).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startTestMongo, type TestMongo } from '../helpers/mongo.ts';
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
import { TOKEN_WITH_ACCESS } from '../helpers/local-hub.ts';
import { LocalHub } from '../../src/local-hub/hub-server.ts';
import { buildFixtures } from '../fixtures/build-fixtures.ts';
import { readSplitsResponse } from '../../src/cache/read-splits-response.ts';
import { countJobsByState } from '../../src/queue/count-jobs-by-state.ts';
import type { Agenda } from 'agenda';

let mongo: TestMongo;
let hub: LocalHub;
let worker: WorkerHandle;
let agenda: Agenda;
let names: { queue: string; cache: string };
let metricsPort: number;
let repos: string;

before(async () => {
  mongo = await startTestMongo();
  // a copy of the fixtures, so that a test can change a README
  repos = mkdtempSync(path.join(os.tmpdir(), 'splits-hub-faults-'));
  cpSync(buildFixtures(), repos, { recursive: true });
  hub = new LocalHub(repos);
  await hub.listen();
  names = mongo.names();
  metricsPort = await freePort();
  worker = spawnWorker(
    workerEnv(mongo, names, {
      HF_ENDPOINT: hub.url,
      HF_TOKEN: TOKEN_WITH_ACCESS,
      HF_DATASETS_CACHE: mkdtempSync(path.join(os.tmpdir(), 'splits-hf-')),
      HF_TIMEOUT_SECONDS: '0.5',
      HF_MAX_RETRIES: '1',
      WORKER_RETRY_BASE_SECONDS: '0.3',
      WORKER_MAX_ATTEMPTS: '10',
      LOG_LEVEL: 'DEBUG',
      METRICS_ENABLED: 'true',
      METRICS_PORT: String(metricsPort),
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

const computeOnce = (dataset: string) => enqueueAndWaitForAnswer(agenda, cacheDb(), dataset);

/** Enqueues while a fault is on, checks the cache stays as it was, then lifts the fault and waits for the retry. */
async function transientFault(dataset: string, fault: Parameters<LocalHub['faults']['push']>[0]) {
  const good = await computeOnce(dataset);
  assert.equal(good.http_status, 200);
  hub.faults.push(fault);
  const failuresBefore = transientFailures(worker);
  // forced: the dataset is unchanged, and a fault that spares the repo info would otherwise meet a skip
  await agenda.now('splits', { dataset, force: true });
  await waitFor(async () => transientFailures(worker) > failuresBefore, 30_000, 'a transient failure');
  const during = await readSplitsResponse(cacheDb(), dataset);
  assert.deepEqual(during, good, 'the good entry was not overwritten');
  hub.faults.length = 0;
  const after = await waitFor(
    async () => {
      const doc = await readSplitsResponse(cacheDb(), dataset);
      return doc && doc.updated_at > good.updated_at ? doc : undefined;
    },
    30_000,
    'the retry succeeded',
  );
  assert.equal(after.http_status, 200);
  assert.deepEqual(after.response, good.response);
}

describe('a worker under Hub faults', () => {
  it('keeps a good entry through Hub 500s and recomputes it once the Hub recovers', async () => {
    await transientFault('acme/split-in-filenames', { match: ({ path }) => path.startsWith('/api/datasets/acme/split-in-filenames'), status: 500 });
  });

  it('keeps a good entry through 429s with Retry-After', async () => {
    await transientFault('acme/single-jsonl', {
      match: ({ path }) => path.startsWith('/api/datasets/acme/single-jsonl'),
      status: 429,
      headers: { 'retry-after': '0' },
    });
  });

  it('keeps a good entry through a Hub that hangs past the time-out', async () => {
    await transientFault('acme/configs-list', { match: ({ path }) => path.includes('/acme/configs-list/tree/'), delayMs: 2000 });
  });

  it('keeps a good entry through bodies closed mid-way', async () => {
    await transientFault('acme/split-in-folders', { match: ({ path }) => path.endsWith('.jsonl'), cutAfterBytes: 3 });
  });

  it('caches a corrupt parquet footer as a SplitsNamesError', async () => {
    hub.faults.push({ match: ({ path }) => path.startsWith('/cdn-lfs/'), body: 'this is not a parquet file' });
    const doc = await computeOnce('acme/sharded-parquet');
    hub.faults.length = 0;
    assert.equal(doc.error_code, 'SplitsNamesError');
    assert.match((doc.response as { error: string }).error, /parquet footer/);
  });

  it('caches invalid README YAML as a SplitsNamesError', async () => {
    writeFileSync(path.join(repos, 'acme/text-lines/README.md'), '---\nconfigs: [oops\n---\n');
    writeFileSync(path.join(repos, 'acme/text-lines/.hub-repo.json'), JSON.stringify({ sha: 'f'.repeat(40) }));
    hub.store.reset();
    const doc = await computeOnce('acme/text-lines');
    assert.equal(doc.error_code, 'SplitsNamesError');
  });

  it('ends every job in a recorded state, and never shows the token', async () => {
    const queueDb = mongo.client.db(names.queue);
    const c = await waitFor(
      async () => {
        const c = await countJobsByState(queueDb);
        return c.waiting === 0 && c.started === 0 ? c : undefined;
      },
      30_000,
      'no job left waiting or started',
    );
    assert.ok(c.success > 0 && c.error > 0);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const everything = [
      worker.logs(),
      JSON.stringify(await cacheDb().collection('splitsResponse').find().toArray()),
      JSON.stringify(await queueDb.collection('agendaJobs').find().toArray()),
      metrics,
    ].join('\n');
    assert.ok(worker.logs().includes('"level":"debug"'), 'logs were at DEBUG');
    assert.match(worker.logs(), /"msg":"hub request"/);
    assert.match(worker.logs(), /"authorization":"\[redacted\]"/, 'request headers are logged with the token redacted');
    assert.ok(!everything.includes(TOKEN_WITH_ACCESS), 'the token appears nowhere');
    assert.ok(!everything.includes(TOKEN_WITH_ACCESS.slice(3, 20)), 'not even in part');
  });
});
