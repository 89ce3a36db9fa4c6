/**
 * /metrics while MongoDB is hung or gone: it answers 200 with the process and worker metrics and the last
 * queue figures, marked stale (mongodb_up 0, the last-success timestamp stops), and recovers with MongoDB.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, waitFor, waitForLog, workerEnv, type WorkerHandle } from '../helpers/workers.ts';

let mongo: TestMongo;
let worker: WorkerHandle;
let metricsPort: number;

before(async () => {
  mongo = await startTestMongo();
  const names = mongo.names();
  metricsPort = await freePort();
  worker = spawnWorker(
    workerEnv(mongo, names, {
      HF_DATASETS_CACHE: mkdtempSync(path.join(os.tmpdir(), 'splits-hf-')),
      METRICS_ENABLED: 'true',
      METRICS_PORT: String(metricsPort),
      METRICS_REFRESH_SECONDS: '0.3',
      METRICS_REFRESH_TIMEOUT_SECONDS: '1',
    }),
  );
  await waitForLog(worker, 'metrics listening on /metrics, /healthz, /readyz');
  const agenda = await producer(mongo.client, names.queue);
  for (const d of ['user/a', 'user/b', 'user/c']) await agenda.now('splits', { dataset: d });
  await waitFor(async () => /^queue_jobs_total\{queue="\/splits",status="success"\} 3$/m.test((await scrape()).text), 30_000, 'three jobs done and counted');
});

after(async () => {
  mongo.resumeServer();
  worker.child.kill('SIGTERM');
  await worker.exited;
  await mongo.close();
});

/** One scrape, abandoned after 10 s: a /metrics that waits on MongoDB would hit this. */
async function scrape(): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text(), ms: Math.round(performance.now() - started) };
}

function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Waits until a refresh has failed since this call, i.e. the figures are stale. */
async function waitForStale(): Promise<{ status: number; text: string; ms: number }> {
  return waitFor(async () => {
    const s = await scrape();
    return value(s.text, 'mongodb_up') === 0 && s;
  }, 20_000, 'mongodb_up 0');
}

describe('/metrics during a MongoDB outage', () => {
  it('answers, with the last figures marked stale, while MongoDB hangs, and again fresh after', async () => {
    const before = await scrape();
    assert.equal(value(before.text, 'mongodb_up'), 1);
    mongo.pauseServer();
    try {
      const first = await waitForStale();
      const lastSuccess = value(first.text, 'queue_metrics_last_success_timestamp_seconds')!;
      await new Promise((r) => setTimeout(r, 1500));
      // several scrapes at once, all while the server is frozen
      const many = await Promise.all(Array.from({ length: 20 }, () => scrape()));
      for (const s of many) {
        assert.equal(s.status, 200);
        assert.equal(value(s.text, 'mongodb_up'), 0);
        assert.equal(value(s.text, 'queue_metrics_last_success_timestamp_seconds'), lastSuccess, 'no refresh succeeded');
        assert.equal(value(s.text, 'queue_jobs_total{queue="/splits",status="success"}'), 3, 'the last figures are still served');
        assert.ok(value(s.text, 'process_cpu_seconds_total')! > 0);
        assert.ok(value(s.text, 'worker_jobs_total{outcome="success"}')! >= 1);
      }
      assert.ok(value(many[0]!.text, 'queue_metrics_refresh_failures_total{reason="timeout"}')! >= 1, 'the refresh timed out');
      console.log(`# MongoDB hung (SIGSTOP): 20 concurrent scrapes all 200, slowest ${Math.max(...many.map((s) => s.ms))} ms; mongodb_up 0, last success ${(Date.now() / 1000 - lastSuccess).toFixed(1)} s ago`);
    } finally {
      mongo.resumeServer();
    }
    await waitFor(async () => value((await scrape()).text, 'mongodb_up') === 1, 30_000, 'mongodb_up back to 1');
  });

  it('answers while MongoDB is stopped, and the figures come back when it restarts', async () => {
    await mongo.stopServer();
    const stale = await waitForStale();
    assert.equal(stale.status, 200);
    assert.equal(value(stale.text, 'queue_jobs_total{queue="/splits",status="success"}'), 3);
    const series = stale.text.split('\n').filter((l) => /^(mongodb_up|queue_metrics_\w+|queue_jobs_total)\b/.test(l));
    console.log(`# MongoDB stopped: /metrics ${stale.status} in ${stale.ms} ms; ${series.join('; ')}`);
    await mongo.restartServer();
    const staleSince = value(stale.text, 'queue_metrics_last_success_timestamp_seconds')!;
    const fresh = await waitFor(async () => {
      const s = await scrape();
      return value(s.text, 'queue_metrics_last_success_timestamp_seconds')! > staleSince && s;
    }, 60_000, 'a refresh that succeeds after the restart');
    assert.equal(value(fresh.text, 'mongodb_up'), 1);
  });
});
