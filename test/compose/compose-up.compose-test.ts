/**
 * `docker compose up` for real (`npm run test:compose`): the project's own docker-compose.yml and Dockerfile,
 * plus test/compose/docker-compose.local.yml, which only swaps the images no registry here can give (MongoDB →
 * the test suite's MongoDB-protocol server, Prometheus → Debian's) for images built locally (base-images.ts),
 * and adds the local Hub. Three workers share the queue; datasets are enqueued from the host with Agenda, as
 * producers do; Prometheus is asked over its HTTP API; one worker is killed mid-job; the stack is stopped and
 * removed. Checks go through public surfaces only: the cache documents, the job documents, Prometheus.
 * Each phase's time is printed, and the whole record is written to .cache/compose-test/last-run.json.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { MongoClient } from 'mongodb';
import { composeCommand, run, runAsync, startDockerEngine, type DockerEngine } from './docker.ts';
import { ensureBaseImages, NODE_VERSION, type BaseImages } from './base-images.ts';

/** The fields of the queue's and the cache's documents this test reads. */
type SplitsJobDoc = {
  name: string;
  data: { dataset: string };
  lastRunAt?: Date;
  lastFinishedAt?: Date;
  lockedAt?: Date | null;
  failCount?: number;
  failReason?: string;
};
type CacheEntryDoc = { dataset_name: string; http_status: number; updated_at: Date; response: unknown };

const root = path.resolve(import.meta.dirname, '../..');
const cacheDir = path.join(root, '.cache/compose-test');
const PROJECT = 'splits-compose-test';
const WORKERS = 3;
const DATASETS = Array.from({ length: 30 }, (_, i) => `compose/ds-${String(i).padStart(2, '0')}`);
const SLOW = 'compose/slow';
const SLOW_MS = 5000;
const CACHE_DB = 'datasets_server_cache';
const QUEUE_DB = 'datasets_server_queue';
// the compose file's stop_grace_period for the worker
const GRACE_SECONDS = 90;

const phases: { phase: string; seconds: number }[] = [];
const record: Record<string, unknown> = { phases };
function log(msg: string): void {
  process.stdout.write(`[compose-test ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}
async function phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await fn();
  } finally {
    const seconds = Math.round((performance.now() - t) / 100) / 10;
    phases.push({ phase: name, seconds });
    log(`phase "${name}": ${seconds} s`);
  }
}

/** Poll until fn returns a value (not undefined), at most timeoutMs; the last value seen goes in the error. */
async function waitFor<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>, everyMs = 1000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- whatever the last attempt threw
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Repos for the local Hub: 30 small CSV datasets with a train and a test split, and the slow one. */
function writeRepos(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  for (const id of [...DATASETS, SLOW]) {
    const repo = path.join(dir, id);
    mkdirSync(path.join(repo, 'data'), { recursive: true });
    const rows = (n: number) => ['id,text', ...Array.from({ length: n }, (_, i) => `${i},row ${i} of ${id}`)].join('\n') + '\n';
    writeFileSync(path.join(repo, 'data/train.csv'), rows(20));
    writeFileSync(path.join(repo, 'data/test.csv'), rows(5));
  }
}

let engine: DockerEngine | undefined;
let images: BaseImages;
let compose: string[];
let env: NodeJS.ProcessEnv;
let mongo: MongoClient;
let promUrl: string;
let webhookUrl: string;
const WEBHOOK_SECRET = 'compose-test-webhook-secret';
const HOOKED = 'compose/hooked';
let stackUp = false;

function dc(args: string[], timeoutMs = 600_000) {
  return runAsync([...compose, '-p', PROJECT, '-f', 'docker-compose.yml', '-f', 'test/compose/docker-compose.local.yml', ...args], {
    env,
    cwd: root,
    timeoutMs,
  });
}
async function workerContainers(): Promise<string[]> {
  return (await dc(['ps', '-q', 'worker'])).stdout.split('\n').filter(Boolean);
}
function inspect(id: string, format: string): string {
  return run(['docker', 'inspect', '--format', format, id], { env }).stdout.trim();
}
function containerIp(id: string): string {
  return inspect(id, '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}');
}
async function promQuery(query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(query)}`, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  assert.equal(body.status, 'success');
  return body.data.result;
}
async function enqueue(datasets: string[], opts: { force?: boolean } = {}): Promise<void> {
  const agenda = new Agenda({ backend: new MongoBackend({ mongo: mongo.db(QUEUE_DB) }) });
  await agenda.ready;
  for (const dataset of datasets) await agenda.now('splits', { dataset, ...(opts.force ? { force: true } : {}) });
}
/** The slow dataset's requests as the Hub container logged them: which worker address asked, and when. */
async function slowRequests(): Promise<{ slowRequest: string; from: string; at: string }[]> {
  const out = (await dc(['logs', '--no-color', 'hub'])).stdout;
  return out
    .split('\n')
    .map((l) => l.slice(l.indexOf('{')))
    .filter((l) => l.startsWith('{"slowRequest"'))
    .map((l) => JSON.parse(l) as { slowRequest: string; from: string; at: string });
}

describe('docker compose up, for real: three workers, Prometheus, a worker killed mid-job', { timeout: 40 * 60_000 }, () => {
  before(async () => {
    mkdirSync(cacheDir, { recursive: true });
    engine = await phase('docker engine', () => startDockerEngine(cacheDir, log));
    record.ownDaemon = engine.own;
    images = await phase('base images', () => ensureBaseImages(engine!.env, cacheDir, root, log));
    record.baseImages = images;
    log(images.built.length ? `built ${images.built.length} base images` : 'every base image came from the cache');
    compose = composeCommand(engine.env);
    record.compose = compose.join(' ');
    const [mongoPort, promPort, grafanaPort, webhookPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    webhookUrl = `http://127.0.0.1:${webhookPort}/webhook`;
    promUrl = `http://127.0.0.1:${promPort}`;
    writeRepos(path.join(cacheDir, 'repos'));
    env = {
      ...engine.env,
      // what the compose file reads from the shell, as a user would set it
      MONGO_PORT: String(mongoPort),
      PROMETHEUS_PORT: String(promPort),
      GRAFANA_PORT: String(grafanaPort),
      WEBHOOK_HOST_PORT: String(webhookPort),
      WEBHOOK_SECRET,
      WORKER_BASE_IMAGE: images.node,
      HF_ENDPOINT: 'http://hub:8080',
      // the test machine is shared and busy: do not hold jobs back on its load
      MAX_LOAD_PCT: '0',
      MAX_MEMORY_PCT: '0',
      WORKER_SLEEP_SECONDS: '1',
      // a killed worker's lease lapses after this, then another worker takes the job
      WORKER_LOCK_SECONDS: '30',
      // the override's images and the Hub
      COMPOSE_TEST_MONGO_IMAGE: images.mongo,
      COMPOSE_TEST_PROMETHEUS_IMAGE: images.prometheus,
      COMPOSE_TEST_NODE_IMAGE: images.node,
      COMPOSE_TEST_REPOS: '/project/.cache/compose-test/repos',
      COMPOSE_TEST_SLOW_DATASET: SLOW,
      COMPOSE_TEST_SLOW_MS: String(SLOW_MS),
    };
    // leftovers of an interrupted run
    await dc(['--profile', 'webhook', 'down', '-v', '--remove-orphans'], 180_000);
    await phase('worker image (project Dockerfile)', () => dc(['build', 'worker'], 900_000));
    await phase(`up, ${WORKERS} workers healthy`, async () => {
      stackUp = true;
      await dc(['up', '-d', '--scale', `worker=${WORKERS}`, 'mongo', 'worker', 'prometheus', 'hub'], 600_000);
      await waitFor(
        `${WORKERS} healthy workers`,
        180_000,
        async () => {
          const ids = await workerContainers();
          const health = ids.map((id) => inspect(id, '{{.State.Health.Status}}'));
          return ids.length === WORKERS && health.every((h) => h === 'healthy') ? ids : undefined;
        },
        2000,
      );
      mongo = new MongoClient(`mongodb://127.0.0.1:${mongoPort}`, { serverSelectionTimeoutMS: 10_000 });
      await mongo.connect();
    });
  });

  after(async () => {
    await mongo?.close().catch(() => {});
    if (engine) {
      if (stackUp)
        await phase('down -v', () => dc(['--profile', 'webhook', 'down', '-v', '--remove-orphans'], 300_000)).catch((e: unknown) =>
          log(`down failed: ${String(e)}`),
        );
      await phase('docker engine stop', () => engine!.stop());
    }
    writeFileSync(path.join(cacheDir, 'last-run.json'), `${JSON.stringify(record, null, 2)}\n`);
    log(`phases:\n${phases.map((p) => `  ${p.phase.padEnd(40)} ${String(p.seconds).padStart(7)} s`).join('\n')}`);
  });

  it('answers 30 datasets enqueued from the host with Agenda, three workers on the queue', async () => {
    await phase('enqueue 30 + wait for 30 cache answers', async () => {
      await enqueue(DATASETS);
      const cache = mongo.db(CACHE_DB).collection('splitsResponse');
      await waitFor('30 cache entries', 300_000, async () => {
        const n = await cache.countDocuments({ dataset_name: { $in: DATASETS } });
        return n === DATASETS.length ? n : undefined;
      });
      const entries = await cache.find({ dataset_name: { $in: DATASETS } }).toArray();
      assert.ok(
        entries.every((e) => e.http_status === 200 && e.error_code === null),
        JSON.stringify(entries.find((e) => e.http_status !== 200)),
      );
      const first = entries.find((e) => e.dataset_name === DATASETS[0])!;
      assert.deepEqual(
        (first.response as { splits: { split: string; num_examples: number }[] }).splits.map((s) => [s.split, s.num_examples]),
        [
          ['train', 20],
          ['test', 5],
        ],
      );
      // the CLI in the worker image: the built JavaScript, run by plain node as the node user
      const status = await dc(['exec', '-T', 'worker', 'node', 'bin/splits-worker.js', 'status']);
      record.cliStatusInImage = status.stdout.trim();
      log(`in the worker image, splits-worker status: ${status.stdout.trim()}`);
      const whoami = await dc(['exec', '-T', 'worker', 'node', '-p', 'require("os").userInfo().username + " " + process.version']);
      record.workerUserAndNode = whoami.stdout.trim();
      assert.equal(whoami.stdout.trim(), `node v${NODE_VERSION}`);
    });
  });

  it('is scraped by Prometheus through DNS service discovery: up for each of the three workers, and queue_jobs_total{status="success"}', async () => {
    await phase('Prometheus sees 3 workers', async () => {
      const up = await waitFor(
        'up == 1 for 3 worker targets',
        120_000,
        async () => {
          const r = await promQuery('up{job="splits-worker"}');
          return r.length === WORKERS && r.every((s) => s.value[1] === '1') ? r : undefined;
        },
        2000,
      );
      const ips = (await workerContainers()).map(containerIp).sort();
      assert.deepEqual(up.map((s) => s.metric.instance!.split(':')[0]).sort(), ips);
      // every target scraped since the 30 answers: each reports the whole queue, and their jobs add up
      const success = await waitFor(
        'queue_jobs_total{status="success"} >= 30 on every target',
        90_000,
        async () => {
          const r = await promQuery('min(queue_jobs_total{status="success"})');
          return r.length && Number(r[0]!.value[1]) >= DATASETS.length ? r : undefined;
        },
        2000,
      );
      const perWorker = await waitFor(
        'sum(worker_jobs_total) >= 30',
        60_000,
        async () => {
          const r = await promQuery('sum by (instance) (worker_jobs_total)');
          return r.reduce((n, s) => n + Number(s.value[1]), 0) >= DATASETS.length ? r : undefined;
        },
        2000,
      );
      record.prometheus = {
        up: up.map((s) => ({ instance: s.metric.instance, value: s.value[1] })),
        queueJobsSuccess: success[0]!.value[1],
        queueJobsSuccessPerTarget: (await promQuery('queue_jobs_total{status="success"}')).map((s) => ({ instance: s.metric.instance, value: s.value[1] })),
        workerJobsTotalByInstance: perWorker.map((s) => ({ instance: s.metric.instance, value: s.value[1] })),
      };
      log(`Prometheus: ${JSON.stringify(record.prometheus)}`);
    });
  });

  it('reruns on another worker the job of a worker killed mid-job (docker kill), and caches its answer', async () => {
    await phase('kill a worker mid-job, job rerun', async () => {
      const byIp = new Map((await workerContainers()).map((id) => [containerIp(id), id]));
      await enqueue([SLOW]);
      const first = await waitFor('a worker asking the Hub about the slow dataset', 120_000, async () => (await slowRequests())[0]);
      const victim = byIp.get(first.from);
      assert.ok(victim, `${first.from} is one of the workers ${[...byIp.keys()].join(', ')}`);
      const jobs = mongo.db(QUEUE_DB).collection<SplitsJobDoc>('agendaJobs');
      const before = await jobs.findOne({ name: 'splits', 'data.dataset': SLOW });
      assert.ok(before?.lockedAt, 'the slow job is locked by the worker that asks the Hub');
      assert.equal(before.lastFinishedAt ?? null, null);
      run(['docker', 'kill', victim], { env });
      const killedAt = new Date();
      log(`killed ${victim.slice(0, 12)} (${first.from}) while it computed ${SLOW}`);
      const cache = mongo.db(CACHE_DB).collection<CacheEntryDoc>('splitsResponse');
      const entry = await waitFor('the slow dataset in the cache', 180_000, async () => (await cache.findOne({ dataset_name: SLOW })) ?? undefined);
      assert.equal(entry.http_status, 200);
      const job = await waitFor('the slow job finished', 60_000, async () => {
        const j = await jobs.findOne({ name: 'splits', 'data.dataset': SLOW });
        return j?.lastFinishedAt ? j : undefined;
      });
      const rerunBy = [...new Set((await slowRequests()).filter((r) => new Date(r.at) > killedAt).map((r) => r.from))];
      assert.ok(rerunBy.length > 0 && rerunBy.every((ip) => ip !== first.from), `rerun by ${rerunBy.join(', ')}, killed ${first.from}`);
      record.killedWorker = {
        container: victim.slice(0, 12),
        ip: first.from,
        killedAt: killedAt.toISOString(),
        afterKill: inspect(victim, '{{.State.Status}} exit={{.State.ExitCode}} restarts={{.RestartCount}}'),
        rerunBy,
        cacheEntry: { http_status: entry.http_status, updated_at: entry.updated_at, splits: (entry.response as { splits: unknown[] }).splits.length },
        job: {
          lastRunAt: job.lastRunAt,
          lastFinishedAt: job.lastFinishedAt,
          failCount: job.failCount ?? 0,
          failReason: job.failReason ?? null,
          lockedAt: job.lockedAt ?? null,
        },
      };
      log(`killed worker's job: ${JSON.stringify(record.killedWorker)}`);
    });
  });

  it('runs the webhook service (--profile webhook): a Hub webhook posted from the host ends in an answer; a wrong secret in nothing', async () => {
    await phase('webhook service: a webhook → a job → an answer', async () => {
      await dc(['--profile', 'webhook', 'up', '-d', 'webhook'], 600_000);
      const id = (await dc(['ps', '-q', 'webhook'])).stdout.trim();
      await waitFor('the webhook receiver healthy', 120_000, async () => (inspect(id, '{{.State.Health.Status}}') === 'healthy' ? true : undefined), 2000);
      // a dataset pushed to the Hub after the stack came up: the local Hub serves it from disk
      const repo = path.join(cacheDir, 'repos', HOOKED);
      mkdirSync(path.join(repo, 'data'), { recursive: true });
      writeFileSync(path.join(repo, 'data/train.csv'), 'id,text\n0,a\n1,b\n2,c\n');
      const payload = JSON.stringify({ event: { action: 'update', scope: 'repo.content' }, repo: { type: 'dataset', name: HOOKED, headSha: 'x'.repeat(40) } });
      const post = (secret: string) =>
        fetch(webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-webhook-secret': secret },
          body: payload,
          signal: AbortSignal.timeout(10_000),
        });
      const refused = await post('not-the-secret');
      assert.equal(refused.status, 401);
      const jobs = mongo.db(QUEUE_DB).collection<SplitsJobDoc>('agendaJobs');
      assert.equal(await jobs.countDocuments({ 'data.dataset': HOOKED }), 0, 'a refused webhook enqueues nothing');
      const accepted = await post(WEBHOOK_SECRET);
      const body = (await accepted.json()) as Record<string, unknown>;
      assert.equal(accepted.status, 200, JSON.stringify(body));
      const cache = mongo.db(CACHE_DB).collection<CacheEntryDoc>('splitsResponse');
      const entry = await waitFor('the hooked dataset in the cache', 180_000, async () => (await cache.findOne({ dataset_name: HOOKED })) ?? undefined);
      assert.equal(entry.http_status, 200, JSON.stringify(entry));
      assert.deepEqual(
        (entry.response as { splits: { split: string; num_examples: number }[] }).splits.map((s) => [s.split, s.num_examples]),
        [['train', 3]],
      );
      record.webhook = { answer: body, cacheEntry: { http_status: entry.http_status, updated_at: entry.updated_at } };
      log(`webhook: ${JSON.stringify(record.webhook)}`);
    });
  });

  it('stops: docker compose stop ends each worker with exit code 0 within its grace period, its job in flight finished first', async () => {
    await phase('compose stop (a job in flight)', async () => {
      const ids = (await workerContainers()).filter((id) => inspect(id, '{{.State.Status}}') === 'running');
      // a new job of the slow dataset, so that a worker is mid-job when SIGTERM comes
      const seen = (await slowRequests()).length;
      const jobs = mongo.db(QUEUE_DB).collection<SplitsJobDoc>('agendaJobs');
      // forced: the dataset is answered at this revision already, and a job that may skip would not compute
      await enqueue([SLOW], { force: true });
      await waitFor('a worker computing the slow dataset again', 120_000, async () => ((await slowRequests()).length > seen ? true : undefined));
      const stopAt = new Date();
      const t = performance.now();
      // the workers first, while MongoDB is up to show what became of the job in flight; then the rest
      await dc(['stop', 'worker'], (GRACE_SECONDS + 60) * 1000);
      const seconds = (performance.now() - t) / 1000;
      const states = ids.map((id) => ({ id: id.slice(0, 12), status: inspect(id, '{{.State.Status}}'), exitCode: Number(inspect(id, '{{.State.ExitCode}}')) }));
      const slowJobs = await jobs.find({ name: 'splits', 'data.dataset': SLOW }).sort({ _id: 1 }).toArray();
      const inFlight = slowJobs.at(-1)!;
      const entry = await mongo.db(CACHE_DB).collection<CacheEntryDoc>('splitsResponse').findOne({ dataset_name: SLOW });
      record.stop = {
        seconds: Math.round(seconds * 10) / 10,
        workers: states,
        cacheUpdatedAt: entry?.updated_at,
        jobInFlight: {
          lastFinishedAt: inFlight.lastFinishedAt ?? null,
          lockedAt: inFlight.lockedAt ?? null,
          failCount: inFlight.failCount ?? 0,
          failReason: inFlight.failReason ?? null,
        },
      };
      log(`stop: ${JSON.stringify(record.stop)}`);
      await dc(['stop'], 180_000);
      assert.ok(states.length >= WORKERS - 1);
      for (const s of states) assert.deepEqual([s.status, s.exitCode], ['exited', 0], `worker ${s.id}`);
      assert.ok(seconds < GRACE_SECONDS, `stopped in ${seconds} s, within the ${GRACE_SECONDS} s grace period`);
      assert.ok(inFlight.lastFinishedAt, 'the job in flight at SIGTERM was finished before the worker exited');
      assert.ok(entry && entry.updated_at > stopAt, 'its answer was written after SIGTERM, before the worker exited');
    });
  });
});
