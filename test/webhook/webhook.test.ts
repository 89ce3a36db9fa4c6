/**
 * The webhook receiver as a real process (the built CLI, `splits-worker webhook`) on the test MongoDB: each action
 * of the Hub's payload lands as the contract says (content/config change → a splits job; delete → the dataset's
 * answers and waiting jobs removed; move → both); a wrong secret, a 2 MB body, malformed JSON and a model repo
 * are refused or ignored with nothing enqueued and nothing deleted; it refuses to start without a secret.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort, startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { childEnv } from '../helpers/env.ts';
import { assertBuilt } from '../helpers/built.ts';
import { waitFor } from '../helpers/workers.ts';
import { JOBS_COLLECTION } from '../../src/queue/queue-backend.ts';

const root = path.resolve(import.meta.dirname, '../..');
const CLI = 'dist/src/cli/main.js';
const SECRET = 'hub-webhook-secret-0123456789';

let mongo: TestMongo;
let names: { queue: string; cache: string };
let receiver: ChildProcess;
let logs = '';
let url: string;

function start(env: Record<string, string>): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  assertBuilt();
  const child = spawn(process.execPath, [path.join(root, CLI), 'webhook'], {
    cwd: root,
    env: childEnv({ MONGO_URL: mongo.url, MONGO_QUEUE_DATABASE: names.queue, MONGO_CACHE_DATABASE: names.cache, LOG_LEVEL: 'INFO', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return { child, out: () => out, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

before(async () => {
  mongo = await startTestMongo();
  names = mongo.names();
  const port = await freePort();
  const r = start({ WEBHOOK_SECRET: SECRET, WEBHOOK_PORT: String(port), WEBHOOK_HOST: '127.0.0.1' });
  receiver = r.child;
  await waitFor(async () => r.out().includes('webhook receiver started'), 20_000, `the receiver started: ${r.out()}`);
  logs = r.out();
  url = `http://127.0.0.1:${port}`;
});

after(async () => {
  receiver.kill('SIGTERM');
  await new Promise((resolve) => receiver.once('exit', resolve));
  await mongo.close();
});

const jobs = () => mongo.client.db(names.queue).collection(JOBS_COLLECTION);
const cache = (c: 'splitsResponse' | 'firstRowsResponse') => mongo.client.db(names.cache).collection(c);

function payload(action: string, scope: string, name: string, extra: Record<string, unknown> = {}, type = 'dataset') {
  return { event: { action, scope }, repo: { type, name, id: 'x', headSha: 'a'.repeat(40) }, webhook: { id: 'w', version: 3 }, ...extra };
}

async function post(body: unknown, headers: Record<string, string> = { 'x-webhook-secret': SECRET }) {
  const res = await fetch(`${url}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A dataset with an answer, first-rows entries and a waiting job: what a delete removes. */
async function seed(dataset: string) {
  await cache('splitsResponse').insertOne({ dataset_name: dataset, http_status: 200, error_code: null, response: { splits: [] } });
  await cache('firstRowsResponse').insertMany([
    { dataset_name: dataset, config_name: 'default', split_name: 'train' },
    { dataset_name: dataset, config_name: 'default', split_name: 'test' },
  ]);
  await jobs().insertOne({ name: 'splits', data: { dataset }, nextRunAt: new Date(), lockedAt: null, lastRunAt: null, priority: 0, type: 'normal' });
}

async function state(dataset: string) {
  return {
    jobs: await jobs().countDocuments({ 'data.dataset': dataset }),
    splits: await cache('splitsResponse').countDocuments({ dataset_name: dataset }),
    firstRows: await cache('firstRowsResponse').countDocuments({ dataset_name: dataset }),
  };
}

async function everything() {
  return {
    jobs: await jobs().countDocuments(),
    splits: await cache('splitsResponse').countDocuments(),
    firstRows: await cache('firstRowsResponse').countDocuments(),
  };
}

describe('the webhook receiver', () => {
  beforeEach(async () => {
    await jobs().deleteMany({});
    await cache('splitsResponse').deleteMany({});
    await cache('firstRowsResponse').deleteMany({});
  });

  it('enqueues a splits job for a content change and for a config change of a dataset', async () => {
    assert.equal((await post(payload('update', 'repo.content', 'user/changed'))).status, 200);
    assert.equal((await post(payload('create', 'repo', 'user/created'))).status, 200, 'a create without content is ignored');
    assert.equal((await post(payload('update', 'repo.config.dois', 'user/configured'))).status, 200);
    assert.deepEqual(await state('user/changed'), { jobs: 1, splits: 0, firstRows: 0 });
    assert.deepEqual(await state('user/created'), { jobs: 0, splits: 0, firstRows: 0 });
    assert.deepEqual(await state('user/configured'), { jobs: 1, splits: 0, firstRows: 0 });
    const job = await jobs().findOne({ 'data.dataset': 'user/changed' });
    assert.deepEqual(job?.data, { dataset: 'user/changed' });
    assert.equal(job?.name, 'splits');
  });

  it('removes the answers and waiting jobs of a deleted dataset, and nothing of another one', async () => {
    await seed('user/gone');
    await seed('user/stays');
    const res = await post(payload('delete', 'repo', 'user/gone'));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { deleted: 'user/gone', jobs: 1, splits: 1, firstRows: 2 });
    assert.deepEqual(await state('user/gone'), { jobs: 0, splits: 0, firstRows: 0 });
    assert.deepEqual(await state('user/stays'), { jobs: 1, splits: 1, firstRows: 2 });
  });

  it('cleans up the old name of a moved dataset and enqueues the new one', async () => {
    await seed('user/old');
    const res = await post(payload('move', 'repo', 'user/old', { movedTo: { name: 'org/new', owner: { id: 'o' } } }));
    assert.equal(res.status, 200);
    assert.deepEqual(await state('user/old'), { jobs: 0, splits: 0, firstRows: 0 });
    assert.deepEqual(await state('org/new'), { jobs: 1, splits: 0, firstRows: 0 });
  });

  it('refuses a wrong or missing secret (401), a 2 MB body (413), malformed JSON or payloads (400); ignores a model repo: nothing enqueued, nothing deleted', async () => {
    await seed('user/kept');
    const before = await everything();
    const del = payload('delete', 'repo', 'user/kept');
    assert.equal((await post(del, { 'x-webhook-secret': 'wrong' })).status, 401);
    assert.equal((await post(del, {})).status, 401);
    assert.equal((await post(del, { 'x-webhook-secret': `${SECRET}x` })).status, 401);
    const big = JSON.stringify({ ...del, padding: 'x'.repeat(2 * 1024 * 1024) });
    assert.equal((await post(big)).status, 413);
    const notJson = await post('{"event": {"action": "delete"');
    assert.equal(notJson.status, 400);
    assert.match(String(notJson.body.error), /not JSON/);
    const noScope = await post({ event: { action: 'update' }, repo: { type: 'dataset', name: 'user/kept' } });
    assert.equal(noScope.status, 400);
    assert.match(String(noScope.body.error), /event\.scope must be a string/);
    const badName = await post(payload('delete', 'repo', '../etc'));
    assert.equal(badName.status, 400);
    assert.match(String(badName.body.error), /not a Hub dataset id/);
    const moveNowhere = await post(payload('move', 'repo', 'user/kept'));
    assert.equal(moveNowhere.status, 400);
    const model = await post(payload('delete', 'repo', 'user/kept', {}, 'model'));
    assert.equal(model.status, 200);
    assert.match(String(model.body.ignored), /not "dataset"/);
    assert.equal((await post(payload('update', 'repo.content', 'user/kept', {}, 'space'))).status, 200);
    assert.equal((await post(payload('update', 'discussion', 'user/kept'))).status, 200);
    assert.deepEqual(await everything(), before, 'nothing enqueued, nothing deleted');
  });

  it('counts requests by action and outcome, and answers /healthz and /readyz', async () => {
    await post(payload('update', 'repo.content', 'user/counted'));
    await post(payload('update', 'repo.content', 'user/counted'), { 'x-webhook-secret': 'wrong' });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    assert.match(metrics, /webhook_requests_total\{action="update",outcome="enqueued"\} [1-9]/);
    assert.match(metrics, /webhook_requests_total\{action="none",outcome="unauthorized"\} [1-9]/);
    assert.match(metrics, /webhook_requests_total\{action="delete",outcome="ignored"\} [1-9]/);
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    assert.equal((await fetch(`${url}/readyz`)).status, 200);
    assert.ok(!logs.includes(SECRET), 'the secret is never logged');
  });

  it('refuses to start without WEBHOOK_SECRET, unless WEBHOOK_ALLOW_NO_SECRET=true', async () => {
    const refused = start({ WEBHOOK_PORT: '0' });
    assert.equal(await refused.exited, 1);
    assert.match(refused.out(), /WEBHOOK_SECRET is not set/);
    const open = start({ WEBHOOK_PORT: '0', WEBHOOK_ALLOW_NO_SECRET: 'true' });
    await waitFor(async () => open.out().includes('webhook receiver started'), 20_000, 'the receiver without a secret started');
    open.child.kill('SIGTERM');
    assert.equal(await open.exited, 0);
  });
});
