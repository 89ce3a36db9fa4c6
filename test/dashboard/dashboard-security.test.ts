/**
 * The queue dashboard tried as an adversary would (issue 20): other spellings of the write routes, cross-site
 * forms from another origin in a real browser, DNS rebinding (Chromium resolving a foreign name to 127.0.0.1), and
 * with writes on, the actions that would break a queue guarantee (a second run of a running job, a repeating job,
 * a job that is not `splits {dataset}`). Each case checks the queue itself, not only the answer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ObjectId } from 'mongodb';
import { freePort, startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, waitFor, workerEnv } from '../helpers/workers.ts';
import { maxOverlap, readRecords } from '../helpers/records.ts';
import { allowedHosts } from '../../src/dashboard/request-guard.ts';
import { CHROMIUM, CHROMIUM_FLAGS, postJson, rawRequest, startDashboardProcess } from '../helpers/dashboard.ts';

let mongo: TestMongo;
let browser: Browser;
let attacker: http.Server;
let attackerPort: number;
/** the pages the attacker's server serves, by path */
const attackerPages = new Map<string, string>();

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  mongo = await startTestMongo();
  // rebind.test and attacker.test resolve to this machine, as a rebound or hostile DNS name would.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS, '--host-resolver-rules=MAP rebind.test 127.0.0.1, MAP attacker.test 127.0.0.1'],
  });
  attackerPort = await freePort();
  attacker = http.createServer((req, res) => {
    const page = attackerPages.get(req.url ?? '');
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html' }).end(page ?? 'not found');
  });
  await new Promise<void>((resolve) => attacker.listen(attackerPort, '127.0.0.1', resolve));
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => attacker?.close(resolve));
  await mongo.close();
});

/** A fresh queue with waiting `splits` jobs of these datasets; returns the database name. */
async function seedQueue(datasets: string[]): Promise<string> {
  const { queue } = mongo.names();
  const agenda = await producer(mongo.client, queue);
  for (const dataset of datasets) await agenda.now('splits', { dataset });
  return queue;
}

function jobs(queue: string) {
  return mongo.client.db(queue).collection('agendaJobs');
}

/** Every job of the queue as it is stored, in a stable order: what "nothing changed" is compared on. */
async function snapshot(queue: string): Promise<string> {
  return JSON.stringify(await jobs(queue).find().sort({ _id: 1 }).toArray());
}

const WRITE_PATHS = ['/api/jobs/requeue', '/api/jobs/retry', '/api/jobs/delete', '/api/jobs/pause', '/api/jobs/resume', '/api/jobs/create'];

/** The same route written otherwise: express's default routing took every one of them for the route. */
function otherSpellings(p: string): string[] {
  const mixed = p.replace(/\/(\w)/g, (_, c: string) => `/${c.toUpperCase()}`);
  const last = p.lastIndexOf('/');
  const encoded = `${p.slice(0, last + 1)}%${p.charCodeAt(last + 1).toString(16)}${p.slice(last + 2)}`;
  return [`${p}/`, p.toUpperCase(), mixed, `${mixed}/`, encoded, p.replace('/jobs/', '/jobs//'), p.replace('/api/', '/api/./'), `${p};x`, `${p}%2F`];
}

function bodyFor(p: string, ids: string[]): unknown {
  return p.endsWith('/create') ? { jobName: 'splits', jobRepeatEvery: '1 minute', jobData: { dataset: 'user/repeat' } } : { jobIds: ids };
}

describe('the dashboard under attack', () => {
  it('refuses every write in read-only mode, whatever the spelling of its route, and the queue does not change', async () => {
    const queue = await seedQueue(['user/a', 'user/b', 'user/c']);
    const url = await startDashboardProcess({ MONGO_URL: mongo.url, MONGO_QUEUE_DATABASE: queue });
    const ids = (await jobs(queue).find().toArray()).map((j) => String(j._id));
    const before = await snapshot(queue);
    const passed: string[] = [];
    for (const p of WRITE_PATHS)
      for (const target of [p, ...otherSpellings(p)]) {
        const res = await postJson(url, target, bodyFor(p, ids));
        if (res.status < 400 || res.status >= 500) passed.push(`POST ${target} → ${res.status} ${res.body}`);
      }
    assert.deepEqual(passed, [], 'read-only writes that were not refused with a 4xx');
    assert.equal(await snapshot(queue), before, 'the queue changed');
  });

  it('with writes on, still refuses the routes it does not allow and every other spelling of the ones it does', async () => {
    const queue = await seedQueue(['user/a', 'user/b']);
    const url = await startDashboardProcess({ MONGO_URL: mongo.url, MONGO_QUEUE_DATABASE: queue }, '--allow-writes');
    const ids = (await jobs(queue).find().toArray()).map((j) => String(j._id));
    const before = await snapshot(queue);
    const passed: string[] = [];
    const targets = [
      ...WRITE_PATHS.flatMap((p) => otherSpellings(p).map((t) => [p, t])),
      ...['/api/jobs/pause', '/api/jobs/resume', '/api/jobs/create'].map((p) => [p, p]),
    ];
    for (const [p, target] of targets) {
      const res = await postJson(url, target!, bodyFor(p!, ids));
      if (res.status < 400 || res.status >= 500) passed.push(`POST ${target} → ${res.status} ${res.body}`);
    }
    assert.deepEqual(passed, [], 'writes that were not refused with a 4xx');
    assert.equal(await snapshot(queue), before, 'the queue changed');
  });

  it('takes no action from a cross-site form or a no-cors fetch in a web page the operator visits', async () => {
    const queue = await seedQueue(['user/a', 'user/b', 'user/c']);
    const writable = await startDashboardProcess({ MONGO_URL: mongo.url, MONGO_QUEUE_DATABASE: queue }, '--allow-writes');
    const readOnly = await startDashboardProcess({ MONGO_URL: mongo.url, MONGO_QUEUE_DATABASE: queue });
    const ids = (await jobs(queue).find().toArray()).map((j) => String(j._id));
    const before = await snapshot(queue);
    const inputs = ids
      .slice(0, 2)
      .map((id) => `<input name="jobIds" value="${id}">`)
      .join('');
    const jsonish = `<input name='{"jobIds":${JSON.stringify(ids.slice(0, 2))},"x":"' value='"}'>`;
    const attacks: Record<string, (action: string) => string> = {
      'urlencoded form': (action) => `<form method="POST" action="${action}">${inputs}</form><script>document.forms[0].submit()</script>`,
      'text/plain form': (action) => `<form method="POST" enctype="text/plain" action="${action}">${jsonish}</form><script>document.forms[0].submit()</script>`,
      'no-cors fetch': (action) =>
        `<script>fetch(${JSON.stringify(action)}, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(JSON.stringify({ jobIds: ids.slice(0, 2) }))} })</script>`,
    };
    const acted: string[] = [];
    for (const [attack, html] of Object.entries(attacks))
      for (const action of [new URL('api/jobs/delete', writable).href, new URL('api/jobs/delete/', readOnly).href])
        for (const origin of [`http://127.0.0.1:${attackerPort}`, `http://attacker.test:${attackerPort}`]) {
          const pagePath = `/${attackerPages.size}`;
          attackerPages.set(pagePath, `<!doctype html><body>${html(action)}</body>`);
          const page = await browser.newPage();
          const sent = page.waitForRequest((r) => r.url() === action && r.method() === 'POST', { timeout: 20_000 });
          await page.goto(`${origin}${pagePath}`);
          // null when the browser withheld the answer from the page (Cross-Origin-Resource-Policy): it was sent all the same
          const res = await (await sent).response();
          if (res && res.status() < 400) acted.push(`${attack} from ${origin} to ${action} → ${res.status()}`);
          await page.close();
          if ((await snapshot(queue)) !== before) acted.push(`${attack} from ${origin} to ${action} changed the queue`);
        }
    assert.deepEqual(acted, [], 'cross-site requests that the dashboard acted on');
    assert.equal(await jobs(queue).countDocuments(), 3);
  });

  it('answers no other Host than its own address, so a DNS-rebound name cannot read or act', async () => {
    const queue = await seedQueue(['user/a', 'user/b']);
    const url = await startDashboardProcess({ MONGO_URL: mongo.url, MONGO_QUEUE_DATABASE: queue }, '--allow-writes');
    const port = new URL(url).port;
    for (const host of ['evil.example', `evil.example:${port}`, `rebind.test:${port}`, `127.0.0.1:${Number(port) + 1}`]) {
      const res = await rawRequest(url, 'GET', '/api', { headers: { host } });
      assert.equal(res.status, 403, `GET /api with Host ${host} → ${res.status} ${res.body.slice(0, 200)}`);
    }
    assert.equal((await rawRequest(url, 'GET', '/api', { headers: { host: `localhost:${port}` } })).status, 200, 'localhost is this machine');
    // A name the operator configured (a reverse proxy's) is answered, with or without the port.
    const proxied = await startDashboardProcess({ MONGO_URL: mongo.url, MONGO_QUEUE_DATABASE: queue, DASHBOARD_ALLOWED_HOSTS: 'dash.example' });
    for (const host of ['dash.example', `dash.example:${new URL(proxied).port}`, 'Dash.Example'])
      assert.equal((await rawRequest(proxied, 'GET', '/api', { headers: { host } })).status, 200, `Host ${host} on a dashboard told to answer it`);
    assert.equal((await rawRequest(proxied, 'GET', '/api', { headers: { host: 'other.example' } })).status, 403);
    // In the browser: the attacker's name now resolves to 127.0.0.1, the page is "same-origin" with itself.
    const page = await browser.newPage();
    const rebound = `http://rebind.test:${port}/`;
    const res = await page.goto(rebound);
    assert.equal(res?.status(), 403, 'the dashboard page under a rebound name');
    const before = await snapshot(queue);
    const ids = (await jobs(queue).find().toArray()).map((j) => String(j._id));
    const status = await page.evaluate(
      async ([target, body]) => (await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status,
      [`${rebound}api/jobs/delete`, JSON.stringify({ jobIds: ids })] as const,
    );
    assert.equal(status, 403, 'a delete from the rebound page');
    assert.equal(await snapshot(queue), before);
    await page.close();
  });

  it('bound to every address, answers the machine’s own addresses and localhost at its port, and no other name', () => {
    const hosts = allowedHosts('0.0.0.0', 9465, ['dash.example:8443']);
    for (const h of ['127.0.0.1:9465', 'localhost:9465', '0.0.0.0:9465', 'dash.example:8443']) assert.ok(hosts.has(h), h);
    for (const h of ['127.0.0.1:9466', 'localhost', 'dash.example', 'dash.example:9465', 'evil.example:9465']) assert.ok(!hosts.has(h), h);
    assert.deepEqual([...allowedHosts('::1', 80, [])].sort(), ['[::1]', '[::1]:80', 'localhost', 'localhost:80']);
  });

  it('with writes on, refuses to retry, requeue or delete a running job: it runs once, within its dataset limit', async () => {
    const { queue, cache } = mongo.names();
    const record = path.join(mkdtempSync(path.join(os.tmpdir(), 'dashboard-')), 'runs.jsonl');
    const worker = spawnWorker(
      workerEnv(
        mongo,
        { queue, cache },
        { MAX_JOBS_PER_DATASET: '1', WORKER_CONCURRENCY: '2', TEST_COMPUTE: JSON.stringify({ sleepMsByDataset: { 'user/slow': 15_000 }, record }) },
      ),
    );
    try {
      // The dashboard first, then the job: its 15 s run leaves time for the requests on a loaded machine.
      const url = await startDashboardProcess({ MONGO_URL: mongo.url, MONGO_QUEUE_DATABASE: queue }, '--allow-writes');
      const agenda = await producer(mongo.client, queue);
      await agenda.now('splits', { dataset: 'user/slow' });
      const running = await waitFor(() => jobs(queue).findOne({ 'data.dataset': 'user/slow', lockedAt: { $ne: null } }), 30_000, 'the job to run');
      const statuses: Record<string, number> = {};
      for (const action of ['retry', 'requeue', 'delete']) {
        const res = await postJson(url, `/api/jobs/${action}`, { jobIds: [String(running._id)] });
        statuses[action] = res.status;
        if (res.status === 409) assert.match(res.body, /running/, `the reason of the refused ${action}`);
      }
      await waitFor(
        async () => (await jobs(queue).countDocuments({ 'data.dataset': 'user/slow', $or: [{ lockedAt: { $ne: null } }, { nextRunAt: { $ne: null } }] })) === 0,
        60_000,
        'the runs to end',
      );
      const runs = readRecords(record).filter((r) => r.dataset === 'user/slow');
      assert.equal(maxOverlap(runs), 1, `computations of user/slow at once (MAX_JOBS_PER_DATASET=1): ${JSON.stringify(runs)}`);
      assert.equal(runs.filter((r) => r.event === 'start').length, 1, 'the running job ran once');
      assert.deepEqual(statuses, { retry: 409, requeue: 409, delete: 409 });
      const job = await jobs(queue).findOne({ _id: new ObjectId(running._id) });
      assert.ok(job?.lastFinishedAt && !job.failReason, 'the job ended as its own run ended it');
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
  });

  it('with writes on, creates only a `splits` job due now with valid {dataset} data: no repeating job, no other name', async () => {
    const queue = await seedQueue([]);
    const url = await startDashboardProcess({ MONGO_URL: mongo.url, MONGO_QUEUE_DATABASE: queue }, '--allow-writes');
    const refused: Record<string, unknown> = {
      repeating: { jobName: 'splits', jobRepeatEvery: '1 minute', jobData: { dataset: 'user/repeat' } },
      cron: { jobName: 'splits', jobRepeatEvery: '*/5 * * * *', jobData: { dataset: 'user/repeat' } },
      scheduled: { jobName: 'splits', jobSchedule: 'in 5 minutes', jobData: { dataset: 'user/later' } },
      'another name': { jobName: 'first-rows', jobData: { dataset: 'user/x' } },
      'not a dataset id': { jobName: 'splits', jobData: { dataset: '../etc/passwd' } },
      'more than {dataset}': { jobName: 'splits', jobData: { dataset: 'user/x', lockedAt: '2020-01-01' } },
      'no data': { jobName: 'splits' },
    };
    for (const [what, body] of Object.entries(refused)) {
      const res = await postJson(url, '/api/jobs/create', body);
      assert.equal(res.status, 400, `${what}: ${res.status} ${res.body}`);
      assert.ok((JSON.parse(res.body) as { error?: string }).error, `${what}: a reason`);
    }
    assert.equal(await jobs(queue).countDocuments(), 0, 'nothing was created');
    const res = await postJson(url, '/api/jobs/create', { jobName: 'splits', jobData: { dataset: 'user/new' } });
    assert.equal(res.status, 200, res.body);
    const created = await jobs(queue).find().toArray();
    assert.equal(created.length, 1);
    assert.deepEqual(created[0]!.data, { dataset: 'user/new' });
    assert.equal(created[0]!.name, 'splits');
    assert.ok(created[0]!.nextRunAt instanceof Date && !created[0]!.repeatInterval && !created[0]!.lockedAt, 'a job waiting for a worker');
  });

  it('acts only on same-origin JSON: a request without Origin, with another one, or with a form body changes nothing', async () => {
    const queue = await seedQueue(['user/a']);
    const url = await startDashboardProcess({ MONGO_URL: mongo.url, MONGO_QUEUE_DATABASE: queue }, '--allow-writes');
    const [id] = (await jobs(queue).find().toArray()).map((j) => String(j._id));
    const before = await snapshot(queue);
    const tries: [string, Promise<{ status: number }>][] = [
      ['no Origin', rawRequest(url, 'POST', '/api/jobs/delete', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jobIds: [id] }) })],
      ['another Origin', postJson(url, '/api/jobs/delete', { jobIds: [id] }, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' })],
      ['cross-site fetch metadata', postJson(url, '/api/jobs/delete', { jobIds: [id] }, { 'sec-fetch-site': 'same-site' })],
      [
        'a form body',
        rawRequest(url, 'POST', '/api/jobs/delete', {
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin },
          body: `jobIds=${id}`,
        }),
      ],
      [
        'text/plain',
        rawRequest(url, 'POST', '/api/jobs/delete', {
          headers: { 'content-type': 'text/plain', origin: new URL(url).origin },
          body: JSON.stringify({ jobIds: [id] }),
        }),
      ],
    ];
    for (const [what, res] of tries) {
      const { status } = await res;
      assert.ok(status >= 400 && status < 500, `${what}: ${status}`);
    }
    assert.equal(await snapshot(queue), before);
    assert.equal((await postJson(url, '/api/jobs/delete', { jobIds: [id] })).status, 200, 'the same delete from the page itself');
    assert.equal(await jobs(queue).countDocuments(), 0);
  });
});
