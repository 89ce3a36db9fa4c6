/**
 * The whole path with real processes: the local Hub serving a copy of the fixtures, a worker (the build), the
 * webhook receiver (the built CLI). A webhook for a changed dataset ends in its answer at the Hub's revision in
 * the cache; a change on disk (a new sha) and its webhook in a new answer; a delete in no answer; a move in the
 * old name's answer gone and the new name's computed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { childEnv } from '../helpers/env.ts';
import { spawnWorker, BUILT_WORKER, waitFor, waitForLog, workerEnv, type WorkerHandle } from '../helpers/workers.ts';
import { LocalHub } from '../../src/local-hub/hub-server.ts';
import { buildFixtures } from '../fixtures/build-fixtures.ts';
import { readSplitsResponse } from '../../src/cache/read-splits-response.ts';

const root = path.resolve(import.meta.dirname, '../..');
const SECRET = 'end-to-end-secret-0123456789';

let mongo: TestMongo;
let hub: LocalHub;
let worker: WorkerHandle;
let receiver: ChildProcess;
let names: { queue: string; cache: string };
let repos: string;
let url: string;

before(async () => {
  mongo = await startTestMongo();
  repos = mkdtempSync(path.join(os.tmpdir(), 'splits-webhook-'));
  cpSync(buildFixtures(), repos, { recursive: true });
  hub = new LocalHub(repos);
  await hub.listen();
  names = mongo.names();
  worker = spawnWorker(workerEnv(mongo, names, { HF_ENDPOINT: hub.url, HF_DATASETS_CACHE: mkdtempSync(path.join(os.tmpdir(), 'splits-hf-')) }), BUILT_WORKER);
  const port = await freePort();
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
  let out = '';
  receiver.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  receiver.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await waitForLog(worker, 'worker started');
  await waitFor(async () => out.includes('webhook receiver started'), 20_000, 'the receiver started');
  url = `http://127.0.0.1:${port}`;
});

after(async () => {
  receiver.kill('SIGTERM');
  worker.child.kill('SIGTERM');
  await Promise.all([new Promise((resolve) => receiver.once('exit', resolve)), worker.exited]);
  await hub.close();
  await mongo.close();
});

const cacheDb = () => mongo.client.db(names.cache);

async function hook(action: string, scope: string, name: string, extra: Record<string, unknown> = {}) {
  const res = await fetch(`${url}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-secret': SECRET },
    body: JSON.stringify({ event: { action, scope }, repo: { type: 'dataset', name, headSha: 'x' }, ...extra }),
  });
  assert.equal(res.status, 200, await res.text());
}

const answerAt = (dataset: string, sha: string) =>
  waitFor(
    async () => {
      const doc = await readSplitsResponse(cacheDb(), dataset);
      return doc?.dataset_git_revision === sha ? doc : undefined;
    },
    30_000,
    `${dataset} answered at ${sha}`,
  );

describe('webhooks end to end', () => {
  it('a content change → a job → the answer at the new revision; a delete → no answer; a move → the new name answered', async () => {
    const dataset = 'acme/single-jsonl';
    await hook('update', 'repo.content', dataset);
    const first = await answerAt(dataset, '201fc37f1716d9db933fbfc1ef01b15e6d7b1fb1');
    assert.equal(first.http_status, 200);

    const dir = path.join(repos, dataset);
    appendFileSync(path.join(dir, 'dataset.jsonl'), '{"text": "a new row"}\n');
    writeFileSync(path.join(dir, '.hub-repo.json'), JSON.stringify({ sha: 'cd'.repeat(20) }));
    hub.store.reset();
    await hook('update', 'repo.content', dataset);
    const second = await answerAt(dataset, 'cd'.repeat(20));
    assert.equal(second.http_status, 200);

    await hook('delete', 'repo', dataset);
    assert.equal(await readSplitsResponse(cacheDb(), dataset), null, 'the answer of the deleted dataset is removed');

    // the Hub renames: the new name is served, the old one is gone
    cpSync(path.join(repos, 'acme/split-in-filenames'), path.join(repos, 'acme/renamed'), { recursive: true });
    await hook('update', 'repo.content', 'acme/split-in-filenames');
    await waitFor(() => readSplitsResponse(cacheDb(), 'acme/split-in-filenames'), 30_000, 'the old name answered');
    hub.store.reset();
    await hook('move', 'repo', 'acme/split-in-filenames', { movedTo: { name: 'acme/renamed' } });
    assert.equal(await readSplitsResponse(cacheDb(), 'acme/split-in-filenames'), null, 'the old name is cleaned up');
    const renamed = await waitFor(() => readSplitsResponse(cacheDb(), 'acme/renamed'), 30_000, 'the new name answered');
    assert.equal(renamed.http_status, 200);
  });
});
