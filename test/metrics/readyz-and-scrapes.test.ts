/**
 * The metrics server of a real worker process: /readyz answers within its bound (READYZ_TIMEOUT_MS) whatever
 * MongoDB does, a frozen server included (SIGSTOP); and a scrape spawns no process (pidusage ran `getconf`
 * per cold scrape: 227 processes for 200 of them). A `getconf` first on the worker's PATH counts its calls.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { spawnWorker, waitForLog, workerEnv, type WorkerHandle } from '../helpers/workers.ts';

let mongo: TestMongo;
let worker: WorkerHandle;
let metricsPort: number;
const bin = mkdtempSync(path.join(os.tmpdir(), 'splits-getconf-'));
const calls = path.join(bin, 'calls');

before(async () => {
  writeFileSync(path.join(bin, 'getconf'), `#!/bin/sh\necho "$@" >> ${JSON.stringify(calls)}\necho 100\n`);
  chmodSync(path.join(bin, 'getconf'), 0o755);
  mongo = await startTestMongo();
  metricsPort = await freePort();
  worker = spawnWorker(
    workerEnv(mongo, mongo.names(), {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      HF_DATASETS_CACHE: mkdtempSync(path.join(os.tmpdir(), 'splits-hf-')),
      METRICS_ENABLED: 'true',
      METRICS_PORT: String(metricsPort),
    }),
  );
  await waitForLog(worker, 'metrics listening on /metrics, /healthz, /readyz');
});

after(async () => {
  mongo.resumeServer();
  worker.child.kill('SIGTERM');
  await worker.exited;
  await mongo.close();
});

async function get(p: string): Promise<{ status: number; text: string }> {
  // far above the bound: a /readyz that waits on MongoDB hits this
  const res = await fetch(`http://127.0.0.1:${metricsPort}${p}`, { signal: AbortSignal.timeout(15_000) });
  return { status: res.status, text: await res.text() };
}

describe('the metrics server under load and outage', () => {
  it('serves the first scrapes, all at once, without spawning a process, with the process CPU and memory', async () => {
    const scrapes = await Promise.all(Array.from({ length: 50 }, () => get('/metrics')));
    for (const s of scrapes) assert.equal(s.status, 200);
    const spawned = existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n').length : 0;
    assert.equal(spawned, 0, `${spawned} getconf processes for 50 cold scrapes`);
    const text = (await get('/metrics')).text;
    const rss = Number(/^worker_process_resident_memory_bytes (\S+)$/m.exec(text)?.[1]);
    assert.ok(rss > 10 * 1024 * 1024, `resident memory ${rss}`);
    const cpu = Number(/^worker_process_cpu_percent (\S+)$/m.exec(text)?.[1]);
    assert.ok(Number.isFinite(cpu) && cpu >= 0, `cpu ${cpu}`);
  });

  it('answers /readyz 503 within its bound while MongoDB is frozen, and 200 again after', async () => {
    assert.equal((await get('/readyz')).status, 200);
    mongo.pauseServer();
    try {
      // several at once, and one after the other: none waits on the frozen server
      const many = await Promise.all(Array.from({ length: 5 }, () => get('/readyz')));
      many.push(await get('/readyz'));
      for (const r of many) assert.deepEqual(r, { status: 503, text: 'not ready: MongoDB did not answer within 2 s\n' });
    } finally {
      mongo.resumeServer();
    }
    const end = Date.now() + 30_000;
    while ((await get('/readyz')).status !== 200) {
      assert.ok(Date.now() < end, '/readyz back to 200 after MongoDB thawed');
      await new Promise((r) => setTimeout(r, 200));
    }
  });
});
