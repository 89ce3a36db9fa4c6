/**
 * The whole path for real, nothing posted by the test: the local Hub watches a copy of the fixtures and sends its
 * webhooks to the webhook receiver (the built CLI), a worker (the build) computes. A repo added on disk, then a
 * file of it changed, ends in its answer at the sha the Hub's API reports; renamed on disk, the new name is
 * answered and the old one removed; deleted on disk, its answer is removed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { childEnv } from '../helpers/env.ts';
import { spawnWorker, BUILT_WORKER, waitFor, waitForLog, workerEnv, type WorkerHandle } from '../helpers/workers.ts';
import { LocalHub } from '../../src/local-hub/hub-server.ts';
import { buildFixtures } from '../fixtures/build-fixtures.ts';
import { readSplitsResponse } from '../../src/cache/read-splits-response.ts';

const root = path.resolve(import.meta.dirname, '../..');
const SECRET = 'hub-sends-secret-0123456789';

let mongo: TestMongo;
let hub: LocalHub;
let worker: WorkerHandle;
let receiver: ChildProcess;
let receiverLog = '';
let names: { queue: string; cache: string };
let repos: string;
let staging: string;

before(async () => {
  mongo = await startTestMongo();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'splits-hub-webhook-'));
  repos = path.join(tmp, 'repos');
  staging = path.join(tmp, 'staging');
  cpSync(buildFixtures(), repos, { recursive: true });
  mkdirSync(staging);
  names = mongo.names();
  const port = await freePort();
  hub = new LocalHub(repos, { webhook: { url: `http://127.0.0.1:${port}/webhook`, secret: SECRET, intervalMs: 100, backoffMs: 100, retries: 8 } });
  await hub.listen();
  worker = spawnWorker(workerEnv(mongo, names, { HF_ENDPOINT: hub.url, HF_DATASETS_CACHE: mkdtempSync(path.join(os.tmpdir(), 'splits-hf-')) }), BUILT_WORKER);
  receiver = spawn(process.execPath, [path.join(root, 'dist/src/cli/main.js'), 'webhook'], {
    cwd: root,
    env: childEnv({
      MONGO_URL: mongo.url,
      MONGO_QUEUE_DATABASE: names.queue,
      MONGO_CACHE_DATABASE: names.cache,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_PORT: String(port),
      WEBHOOK_HOST: '127.0.0.1',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  receiver.stdout!.on('data', (d: Buffer) => (receiverLog += d.toString()));
  receiver.stderr!.on('data', (d: Buffer) => (receiverLog += d.toString()));
  await waitForLog(worker, 'worker started');
  await waitFor(async () => receiverLog.includes('webhook receiver started'), 20_000, 'the receiver started');
});

after(async () => {
  await hub?.close();
  receiver?.kill('SIGTERM');
  worker?.child.kill('SIGTERM');
  await Promise.all([receiver && new Promise((resolve) => receiver.once('exit', resolve)), worker?.exited]);
  await mongo?.close();
});

const cacheDb = () => mongo.client.db(names.cache);

/** The sha the Hub's API reports for the dataset now. */
async function hubSha(dataset: string): Promise<string> {
  const res = await fetch(`${hub.url}/api/datasets/${dataset}`);
  assert.equal(res.status, 200, `${dataset} is served`);
  return ((await res.json()) as { sha: string }).sha;
}

const answerAt = (dataset: string, sha: string) =>
  waitFor(
    async () => {
      const doc = await readSplitsResponse(cacheDb(), dataset);
      return doc?.dataset_git_revision === sha ? doc : undefined;
    },
    60_000,
    `${dataset} answered at ${sha} (receiver: ${receiverLog.slice(-2000)})`,
  );

const noAnswer = (dataset: string) => waitFor(async () => (await readSplitsResponse(cacheDb(), dataset)) === null, 60_000, `the answer of ${dataset} removed`);

describe('the local Hub sends webhooks', () => {
  it('a repo added, a file changed, the repo renamed, then deleted on disk: each ends in the cache through webhook, receiver and worker', async () => {
    // the repos already there at the start are not announced
    await hub.webhooks!.scan();
    assert.equal(hub.webhooks!.stats.delivered + hub.webhooks!.stats.failed, 0, 'no webhook for the repos served from the start');

    // added: prepared outside the folder, then moved in at once; no sha in its settings, so the Hub derives it from the files
    cpSync(path.join(repos, 'acme/single-jsonl'), path.join(staging, 'hooked'), { recursive: true });
    writeFileSync(path.join(staging, 'hooked/.hub-repo.json'), '{}');
    renameSync(path.join(staging, 'hooked'), path.join(repos, 'acme/hooked'));
    const first = await answerAt('acme/hooked', await hubSha('acme/hooked'));
    assert.equal(first.http_status, 200);

    // a file changed: a new sha, a new answer at it
    appendFileSync(path.join(repos, 'acme/hooked/dataset.jsonl'), '{"text": "a new row"}\n');
    await waitFor(async () => (await hubSha('acme/hooked')) !== first.dataset_git_revision, 30_000, 'the Hub reports a new sha');
    const changed = await answerAt('acme/hooked', await hubSha('acme/hooked'));
    assert.equal(changed.http_status, 200);
    assert.notEqual(changed.dataset_git_revision, first.dataset_git_revision);

    // renamed: the new name answered, the old one removed
    renameSync(path.join(repos, 'acme/hooked'), path.join(repos, 'acme/hooked-renamed'));
    const renamed = await answerAt('acme/hooked-renamed', changed.dataset_git_revision!);
    assert.equal(renamed.http_status, 200);
    await noAnswer('acme/hooked');

    // deleted: its answer removed
    rmSync(path.join(repos, 'acme/hooked-renamed'), { recursive: true });
    await noAnswer('acme/hooked-renamed');

    await hub.webhooks!.idle();
    assert.deepEqual(
      { delivered: hub.webhooks!.stats.delivered, failed: hub.webhooks!.stats.failed, dropped: hub.webhooks!.stats.dropped },
      { delivered: 4, failed: 0, dropped: 0 },
      'one create, one update, one move, one delete',
    );
  });
});
