/**
 * The queue dashboard (`npm run dashboard`, Agendash) in a real browser (Debian's Chromium through
 * playwright-core), on a queue a real worker has processed: the page lists the jobs with their datasets, a
 * failed job shows its reason, a superseded job is told apart from the one that computed, requeue works when
 * writes are allowed and is refused otherwise.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, waitFor, workerEnv } from '../helpers/workers.ts';
import { childEnv } from '../helpers/env.ts';
import { countJobsByState } from '../../src/queue/count-jobs-by-state.ts';

const root = path.resolve(import.meta.dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let mongo: TestMongo;
let names: { queue: string; cache: string };
let browser: Browser;
const dashboards: ChildProcess[] = [];

/** Starts `npm run dashboard` (its entry, through tsx) and returns the URL it prints. */
async function startDashboard(...args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/dashboard/main.ts'), '--port', '0', ...args], {
    cwd: root,
    env: childEnv({ MONGO_URL: mongo.url, MONGO_QUEUE_DATABASE: names.queue }),
  });
  dashboards.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return waitFor(async () => /Agendash on \S+: (http:\/\/\S+)/.exec(out)?.[1], 30_000, `the dashboard's URL; output: ${out}`);
}

async function jobsOf(dataset: string) {
  return mongo.client.db(names.queue).collection('agendaJobs').find({ 'data.dataset': dataset }).toArray();
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  mongo = await startTestMongo();
  names = mongo.names();
  // A queue as a real worker leaves it: one computed, one failed for good, one answered by another's computation.
  const agenda = await producer(mongo.client, names.queue);
  for (const d of ['user/ok', 'user/broken', 'user/dup', 'user/dup']) await agenda.now('splits', { dataset: d });
  const worker = spawnWorker(workerEnv(mongo, names, { TEST_COMPUTE: JSON.stringify({ fail: { 'user/broken': 'not_found' } }) }));
  try {
    await waitFor(
      async () => {
        const c = await countJobsByState(mongo.client.db(names.queue), 'splits');
        return c.waiting === 0 && c.started === 0;
      },
      60_000,
      'the worker to finish the seeded jobs',
    ).catch(async (err: unknown) => {
      const jobs = await mongo.client.db(names.queue).collection('agendaJobs').find().toArray();
      throw new Error(`${String(err)}\njobs: ${JSON.stringify(jobs)}\nworker (exit ${worker.child.exitCode}):\n${worker.logs().slice(-4000)}`);
    });
  } finally {
    worker.child.kill('SIGTERM');
    await worker.exited;
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
});

after(async () => {
  await browser?.close();
  for (const d of dashboards) d.kill('SIGTERM');
  await mongo.close();
});

async function open(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(url);
  await page.locator('td.job-name', { hasText: 'splits · user/ok' }).waitFor({ timeout: 20_000 });
  return page;
}

function row(page: Page, name: string) {
  return page.locator('tr', { has: page.locator('td.job-name', { hasText: new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s*$`) }) });
}

describe('the queue dashboard in a browser', () => {
  it('lists the jobs of the queue with their datasets, the failure reason, and which job was superseded by which', async () => {
    const page = await open(await startDashboard());
    const [computed, superseded] = (await jobsOf('user/dup')).sort((a, b) => Number(Boolean(a.supersededBy)) - Number(Boolean(b.supersededBy)));
    assert.ok(superseded?.supersededBy, 'the worker answered one user/dup job with the other one’s computation');
    await row(page, 'splits · user/ok').waitFor();
    await row(page, 'splits · user/broken').waitFor();
    await row(page, 'splits · user/dup').waitFor();
    await row(page, `splits · user/dup · superseded by ${String(computed!._id)}`).waitFor();
    const failed = row(page, 'splits · user/broken');
    assert.match(await failed.innerText(), /Failed/);
    assert.match(await failed.innerText(), /DatasetNotFoundError: The dataset does not exist on the Hub/);
    const dir = path.join(root, '.cache', 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    const shot = path.join(dir, 'agendash.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`# Agendash screenshot: ${shot}`);
    await page.close();
  });

  it('is read-only by default: requeue is refused and the queue does not change', async () => {
    const url = await startDashboard();
    const page = await open(url);
    const before = (await jobsOf('user/broken')).length;
    await row(page, 'splits · user/broken').locator('[title^="Requeue"]').click();
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/jobs/requeue'));
    await page.getByRole('button', { name: 'Requeue', exact: true }).click();
    assert.equal((await refused).status(), 403);
    assert.equal((await jobsOf('user/broken')).length, before);
    const direct = await fetch(new URL('api/jobs/delete', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jobIds: [String((await jobsOf('user/ok'))[0]!._id)] }),
    });
    assert.equal(direct.status, 403);
    assert.equal((await jobsOf('user/ok')).length, 1);
    await page.close();
  });

  it('requeues a failed job from the page when writes are allowed', async () => {
    const page = await open(await startDashboard('--allow-writes'));
    const before = await jobsOf('user/broken');
    await row(page, 'splits · user/broken').locator('[title^="Requeue"]').click();
    const done = page.waitForResponse((r) => r.url().endsWith('/api/jobs/requeue'));
    await page.getByRole('button', { name: 'Requeue', exact: true }).click();
    assert.equal((await done).status(), 200);
    const after = await jobsOf('user/broken');
    assert.equal(after.length, before.length + 1);
    const added = after.find((j) => !before.some((b) => String(b._id) === String(j._id)))!;
    assert.equal(added.name, 'splits');
    assert.ok(added.nextRunAt instanceof Date && !added.lockedAt, 'the new job waits for a worker');
    const c = await countJobsByState(mongo.client.db(names.queue), 'splits');
    assert.equal(c.waiting, 1);
    await page.close();
  });
});
