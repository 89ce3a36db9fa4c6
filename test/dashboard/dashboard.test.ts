/**
 * The queue dashboard (`npm run dashboard`, Agendash) in a real browser (Debian's Chromium through
 * playwright-core), on a queue a real worker has processed: the page lists the jobs with their datasets, a
 * failed job shows its reason, a superseded job is told apart from the one that computed, requeue and retry work
 * when writes are allowed, and a read-only page shows no write control (test/dashboard/dashboard-security.test.ts
 * tries to get around it).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, waitFor, workerEnv } from '../helpers/workers.ts';
import { CHROMIUM, CHROMIUM_FLAGS, postJson, startDashboardProcess } from '../helpers/dashboard.ts';
import { countJobsByState } from '../../src/queue/count-jobs-by-state.ts';

const root = path.resolve(import.meta.dirname, '../..');

let mongo: TestMongo;
let names: { queue: string; cache: string };
let browser: Browser;

/** Starts `npm run dashboard` on the seeded queue and returns the URL it prints. */
async function startDashboard(...args: string[]): Promise<string> {
  return startDashboardProcess({ MONGO_URL: mongo.url, MONGO_QUEUE_DATABASE: names.queue }, ...args);
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

  it('is read-only by default: the page shows no write control, and a write is refused', async () => {
    const url = await startDashboard();
    const page = await open(url);
    await row(page, 'splits · user/broken').waitFor();
    // Every control that changes the queue, as Agendash titles it; the job's data stays one click away.
    const controls = [
      '[title="Requeue (create new job)"]',
      '[title="Retry (rerun existing job)"]',
      '[title="Pause job"]',
      '[title="Resume job"]',
      '[title="Delete permanently"]',
      '[title^="Requeue list"]',
      '[title^="Retry list"]',
      '[title^="Pause list"]',
      '[title^="Resume list"]',
      '[title^="Delete list"]',
    ];
    const shown: string[] = [];
    for (const c of controls) if ((await page.locator(c).count()) > 0 && (await page.locator(c).first().isVisible())) shown.push(c);
    if (await page.getByRole('button', { name: 'New Job' }).isVisible()) shown.push('+ New Job');
    const dir = path.join(root, '.cache', 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    const shot = path.join(dir, 'dashboard-readonly.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`# read-only dashboard screenshot: ${shot}`);
    assert.deepEqual(shown, [], 'write controls shown on a read-only dashboard');
    assert.ok(await row(page, 'splits · user/broken').locator('[title="Job Data"]').isVisible(), "the job's data can still be read");
    const before = (await jobsOf('user/broken')).length;
    const refused = await postJson(url, '/api/jobs/requeue', { jobIds: [String((await jobsOf('user/broken'))[0]!._id)] });
    assert.equal(refused.status, 403);
    assert.equal((JSON.parse(refused.body) as { error_code?: string }).error_code, 'DashboardReadOnlyError');
    assert.equal((await jobsOf('user/broken')).length, before);
    await page.close();
  });

  it('requeues a failed job from the page when writes are allowed', async () => {
    const page = await open(await startDashboard('--allow-writes'));
    assert.equal(await page.locator('[title="Pause job"]').first().isVisible(), false, 'pause is never offered');
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

  it('retries a failed job from the page when writes are allowed: the same job is due again, its failure cleared', async () => {
    const page = await open(await startDashboard('--allow-writes'));
    const [failed] = (await jobsOf('user/broken')).filter((j) => j.failCount > 0 && !j.nextRunAt);
    assert.ok(failed, 'the failed job');
    await row(page, 'splits · user/broken').locator('[title="Retry (rerun existing job)"]').click();
    const done = page.waitForResponse((r) => r.url().endsWith('/api/jobs/retry'));
    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    assert.equal((await done).status(), 200);
    const after = (await jobsOf('user/broken')).find((j) => String(j._id) === String(failed._id))!;
    assert.ok(after.nextRunAt instanceof Date && !after.lockedAt, 'due again, not locked');
    assert.ok(!after.failReason && !after.failedAt, 'its failure cleared');
    assert.equal(after.attempts, 0, 'its attempts given back');
    await page.close();
  });
});
