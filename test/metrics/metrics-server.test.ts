/** The metrics server's edges: a port already taken, and readiness while the preflight holds jobs back. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { spawnWorker, workerEnv } from '../helpers/workers.ts';
import { createMetrics, setPreflightHolding } from '../../src/metrics/registry.ts';
import { startMetricsServer, MetricsPortInUseError } from '../../src/metrics/server.ts';
import { preflightMessage } from '../../src/worker/preflight.ts';

let mongo: TestMongo;
before(async () => {
  mongo = await startTestMongo();
});
after(async () => {
  await mongo.close();
});

describe('the metrics server', () => {
  it('stops a second worker on a taken METRICS_PORT with one line naming the variable, before it takes any job', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '0.0.0.0', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const w = spawnWorker(workerEnv(mongo, mongo.names(), { METRICS_ENABLED: 'true', METRICS_PORT: String(port) }));
      assert.equal(await w.exited, 1);
      const lines = w.logs().trim().split('\n');
      assert.deepEqual(lines, [`METRICS_PORT=${port} is already in use on 0.0.0.0 (another worker on this host?): set METRICS_PORT to a free port, or METRICS_ENABLED=false`]);
    } finally {
      holder.close();
    }
  });

  it('throws a typed error for a taken port', async () => {
    const first = await startMetricsServer({ port: 0, host: '127.0.0.1', registry: createMetrics().registry, ready: async () => true });
    try {
      await assert.rejects(startMetricsServer({ port: first.port, host: '127.0.0.1', registry: createMetrics().registry, ready: async () => true }), MetricsPortInUseError);
    } finally {
      await first.close();
    }
  });

  it('answers /readyz 503 with the preflight message, and worker_preflight_holding 1, while the preflight holds jobs back', async () => {
    const metrics = createMetrics();
    const server = await startMetricsServer({ port: 0, host: '127.0.0.1', registry: metrics.registry, ready: async () => true, holding: () => metrics.preflight.holding?.message });
    const get = async (p: string) => {
      const res = await fetch(`http://127.0.0.1:${server.port}${p}`);
      return { status: res.status, text: await res.text() };
    };
    try {
      assert.deepEqual(await get('/readyz'), { status: 200, text: 'ready\n' });
      assert.match((await get('/metrics')).text, /^worker_preflight_holding\{reason="load"\} 0$/m);
      const message = preflightMessage('load', { loadPct: 93.4, memoryPct: 20 }, { maxLoadPct: 70, maxMemoryPct: 80 });
      setPreflightHolding(metrics, { reason: 'load', message });
      const ready = await get('/readyz');
      assert.equal(ready.status, 503);
      assert.equal(ready.text, `not ready: ${message}\n`);
      assert.match(ready.text, /MAX_LOAD_PCT=70/);
      const text = (await get('/metrics')).text;
      assert.match(text, /^worker_preflight_holding\{reason="load"\} 1$/m);
      assert.match(text, /^worker_preflight_holding\{reason="memory"\} 0$/m);
      setPreflightHolding(metrics, undefined);
      assert.equal((await get('/readyz')).status, 200);
    } finally {
      await server.close();
    }
  });
});

describe('the preflight message', () => {
  it('names the environment variable to change and how to turn the check off', () => {
    assert.equal(
      preflightMessage('load', { loadPct: 93.44, memoryPct: 20 }, { maxLoadPct: 70, maxMemoryPct: 80 }),
      'machine load 93.4% is at or over MAX_LOAD_PCT=70: no job starts until it drops (raise MAX_LOAD_PCT, or set it to 0 to turn the check off)',
    );
    assert.equal(
      preflightMessage('memory', { loadPct: 1, memoryPct: 91 }, { maxLoadPct: 70, maxMemoryPct: 80 }),
      'machine memory 91% is at or over MAX_MEMORY_PCT=80: no job starts until it drops (raise MAX_MEMORY_PCT, or set it to 0 to turn the check off)',
    );
  });
});
